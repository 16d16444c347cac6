/**
 * Renders the PWA icons (public/icons/*.svg) to the PNG sizes the manifest lists, with Chromium.
 * Run once after changing an SVG: `npx tsx tests/e2e/render-icons.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { launch, ROOT } from './harness.ts';

const dir = path.join(ROOT, 'public/icons');
const jobs: Array<[svg: string, out: string, size: number]> = [
  ['icon.svg', 'icons/icon-192.png', 192],
  ['icon.svg', 'icons/icon-512.png', 512],
  ['maskable.svg', 'icons/maskable-512.png', 512],
  ['icon.svg', 'icons/apple-touch-icon.png', 180],
  ['icon.svg', 'favicon.png', 32],
];

const browser = await launch();
const page = await browser.newPage();
for (const [svg, out, size] of jobs) {
  const data = fs.readFileSync(path.join(dir, svg)).toString('base64');
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<style>html,body{margin:0;background:transparent}</style><img src="data:image/svg+xml;base64,${data}" width="${size}" height="${size}">`,
  );
  await page.locator('img').screenshot({ path: path.join(ROOT, 'public', out), omitBackground: true });
  console.log(`wrote public/${out}`);
}
await browser.close();
