/**
 * The built app as a person gets it: `vite build` of the app with the shipped index, served by
 * `vite preview`, opened in Debian's Chromium through playwright-core. Shared by `npm run parity`,
 * `npm run test:e2e` and `npm run bench:e2e`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_PATH, HEADLESS_CHROMIUM_ARGS } from './chromium.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.join(ROOT, '.cache/e2e-dist');

/** The index the build ships: public/index when built, else E2E_INDEX_DIR (e.g. .cache/index-2000). */
export function indexDir(): string {
  const pub = path.join(ROOT, 'public/index');
  if (fs.existsSync(path.join(pub, 'manifest.json')) && !process.env.E2E_INDEX_DIR) return pub;
  const alt = path.resolve(ROOT, process.env.E2E_INDEX_DIR ?? '.cache/index-2000');
  if (!fs.existsSync(path.join(alt, 'manifest.json'))) {
    throw new Error(
      `No index: build public/index (npm run build-index) or set E2E_INDEX_DIR (tried ${alt}).`,
    );
  }
  return alt;
}

/** Builds the app into DIST (E2E_SKIP_BUILD=1 reuses an existing build). */
export function buildApp(): void {
  if (process.env.E2E_SKIP_BUILD && fs.existsSync(path.join(DIST, 'index.html'))) return;
  const dir = indexDir();
  const env = { ...process.env };
  if (dir !== path.join(ROOT, 'public/index')) env.CINECHAT_INDEX_DIR = dir;
  console.log(
    `building the app into ${path.relative(ROOT, DIST)} with the index in ${path.relative(ROOT, dir)}…`,
  );
  const run = (args: string[], what: string) => {
    const r = spawnSync('npx', args, { cwd: ROOT, stdio: 'inherit', env });
    if (r.status !== 0) throw new Error(`${what} failed`);
  };
  run(['tsx', 'build-index/copy-model-assets.ts'], 'copy-model-assets');
  run(['vite', 'build', '--outDir', DIST, '--emptyOutDir', '--logLevel', 'warn'], 'vite build');
}

export interface Server {
  url: string;
  stop(): Promise<void>;
}

/** `vite preview` over the built app on a free-ish port; stop() ends that process only. */
export async function startPreview(port = 4300 + Math.floor(Math.random() * 500)): Promise<Server> {
  const child: ChildProcess = spawn(
    'npx',
    ['vite', 'preview', '--outDir', DIST, '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`vite preview did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM'); // the group: npx and the vite process it started
      } catch {
        return; // already gone
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    },
  };
}

export async function launch(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...HEADLESS_CHROMIUM_ARGS, ...extraArgs] });
}
