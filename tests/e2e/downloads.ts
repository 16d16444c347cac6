/**
 * e2e: the first visit downloads each byte of the index and the model once (registered into TESTS by
 * run.ts). Requests are counted on the wire by a small proxy in front of `vite preview`, so fetches by
 * the page, its workers and the service worker all count, whoever made them.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { DIST, newContext, waitReady } from './harness.ts';
import { TESTS } from './cases.ts';

interface Seen {
  requests: number;
  bytes: number;
}

/** A counting proxy: every response body is tallied by URL path. */
async function countingProxy(upstream: string) {
  const seen = new Map<string, Seen>();
  const server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '/', upstream);
    const up = http.request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        let bytes = 0;
        r.on('data', (c: Buffer) => (bytes += c.length));
        r.on('end', () => {
          const key = target.pathname;
          const s = seen.get(key) ?? { requests: 0, bytes: 0 };
          seen.set(key, { requests: s.requests + 1, bytes: s.bytes + bytes });
        });
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const poll = async (ok: () => Promise<boolean>, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
};

TESTS.push({
  name: 'first visit downloads the index and the model once; a reload downloads neither',
  async run(ctx) {
    const manifest = JSON.parse(fs.readFileSync(path.join(DIST, 'index/manifest.json'), 'utf8')) as {
      files: Record<string, string>;
      sizes: Record<string, number>;
    };
    const modelDir = path.join(DIST, 'models/use-lite');
    const big = [
      ...Object.values(manifest.files).map((f) => ({ path: `/index/${f}`, size: manifest.sizes[f] })),
      ...fs
        .readdirSync(modelDir)
        .map((f) => ({ path: `/models/use-lite/${f}`, size: fs.statSync(path.join(modelDir, f)).size })),
    ];
    const proxy = await countingProxy(ctx.server.url);
    const context = await newContext(ctx.browser);
    try {
      const page = await context.newPage();
      await page.goto(proxy.url);
      await waitReady(page);
      // Let the service worker finish installing (its precache downloads count too).
      await poll(
        () => page.evaluate(() => navigator.serviceWorker.controller !== null),
        90_000,
        'SW control',
      );
      await new Promise((r) => setTimeout(r, 1500));
      const report = big.map((f) => ({ ...f, ...(proxy.seen.get(f.path) ?? { requests: 0, bytes: 0 }) }));
      const total = report.reduce((s, f) => s + f.bytes, 0);
      console.log(
        `    first visit: ${report.length} index/model files, ${(total / 1e6).toFixed(1)} MB on the wire ` +
          `(files ${(big.reduce((s, f) => s + f.size, 0) / 1e6).toFixed(1)} MB)`,
      );
      for (const f of report) {
        assert.equal(f.requests, 1, `${f.path} was requested ${f.requests} times on the first visit`);
        // Compressed transfer may be smaller, never larger than the file.
        assert.ok(f.bytes > 0 && f.bytes <= f.size, `${f.path}: ${f.bytes} bytes for a ${f.size}-byte file`);
      }
      // A reload reads everything from the caches: no index or model byte again.
      const before = new Map(report.map((f) => [f.path, f.requests]));
      await page.reload();
      await waitReady(page);
      for (const f of big) {
        const again = (proxy.seen.get(f.path)?.requests ?? 0) - (before.get(f.path) ?? 0);
        assert.equal(again, 0, `${f.path} was downloaded again on reload`);
      }
    } finally {
      await context.close();
      await proxy.close();
    }
  },
});
