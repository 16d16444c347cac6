/** Opens the built app, prints console output and errors, screenshots it: `npx tsx tests/e2e/debug.ts [seconds]`. */
import path from 'node:path';
import { ARTIFACTS, launch, newContext, startPreview } from './harness.ts';

const seconds = Number(process.argv[2] ?? 20);
const server = await startPreview();
const browser = await launch();
const page = await (await newContext(browser)).newPage();
page.on('console', (m) => console.log(`[console.${m.type()}] ${m.text()}`));
page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
page.on('requestfailed', (r) => console.log(`[requestfailed] ${r.url()} ${r.failure()?.errorText}`));
page.on('worker', (w) => console.log(`[worker] ${w.url()}`));
await page.goto(server.url);
await page.waitForTimeout(seconds * 1000);
console.log(await page.locator('#root').innerText());
await page.screenshot({ path: path.join(ARTIFACTS, 'debug.png') });
await browser.close();
await server.stop();
