/**
 * Model downloads against a real local HTTP server: byte progress, the HTML-fallback check,
 * retries with backoff for transient failures and none for permanent ones.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadProgress } from '../../src/core/types.ts';
import { createProgressTracker, fetchModelFile, ModelFileError } from '../../src/embed/fetch-progress.ts';

const BIN = Buffer.alloc(300_000, 7);
const hits = new Map<string, number>();
let base = '';
let server: http.Server;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = req.url ?? '';
    const n = (hits.get(url) ?? 0) + 1;
    hits.set(url, n);
    if (url === '/bin') {
      // Streamed in several writes so the client sees several chunks.
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': BIN.length });
      for (let i = 0; i < BIN.length; i += 50_000) res.write(BIN.subarray(i, i + 50_000));
      res.end();
    } else if (url === '/model.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    } else if (url === '/spa/model.json' || url === '/spa/shard') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><p>app</p>');
    } else if (url === '/flaky' && n < 3) {
      res.writeHead(503).end();
    } else if (url === '/flaky') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end('abc');
    } else if (url === '/down') {
      res.writeHead(502).end();
    } else if (url === '/cut') {
      // Announces more bytes than it sends, like a dropped connection.
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': 1000 });
      res.end(Buffer.alloc(10));
      req.socket.destroy();
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('fetchModelFile', () => {
  it('returns the bytes and reports growing progress that ends at the total', async () => {
    const seen: Array<[number, number | null]> = [];
    const bytes = await fetchModelFile(`${base}/bin`, {
      kind: 'binary',
      onBytes: (l, t) => seen.push([l, t]),
    });
    expect(bytes.byteLength).toBe(BIN.length);
    expect(bytes.every((b) => b === 7)).toBe(true);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toEqual([BIN.length, BIN.length]);
    for (let i = 1; i < seen.length; i++) expect(seen[i][0]).toBeGreaterThanOrEqual(seen[i - 1][0]);
    expect(seen.every(([, t]) => t === BIN.length)).toBe(true);
  });

  it('rejects an HTML fallback page at once, naming the file and the fix', async () => {
    const before = hits.get('/spa/model.json') ?? 0;
    const err = await fetchModelFile(`${base}/spa/model.json`, {
      kind: 'json',
      hint: 'Run "npm run assets".',
      backoffMs: 1,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelFileError);
    expect((err as Error).message).toMatch(/\/spa\/model\.json.*HTML page.*npm run assets/);
    expect(hits.get('/spa/model.json')! - before).toBe(1);
    // Binary files too: an HTML page is never a weight shard.
    await expect(fetchModelFile(`${base}/spa/shard`, { kind: 'binary' })).rejects.toThrow(/HTML page/);
  });

  it('does not retry a 404 and says the file is not on the server', async () => {
    await expect(fetchModelFile(`${base}/missing`, { kind: 'binary', backoffMs: 1 })).rejects.toThrow(
      /missing is not on the server \(HTTP 404\)/,
    );
    expect(hits.get('/missing')).toBe(1);
  });

  it('retries transient failures with backoff and succeeds', async () => {
    const bytes = await fetchModelFile(`${base}/flaky`, { kind: 'binary', backoffMs: 5 });
    expect(new TextDecoder().decode(bytes)).toBe('abc');
    expect(hits.get('/flaky')).toBe(3);
  });

  it('gives up after the given tries with a message that says what to do', async () => {
    await expect(fetchModelFile(`${base}/down`, { kind: 'binary', tries: 3, backoffMs: 1 })).rejects.toThrow(
      /after 3 tries \(HTTP 502\).*reload/,
    );
    expect(hits.get('/down')).toBe(3);
  });

  it('treats a connection cut mid-file as transient', async () => {
    await expect(fetchModelFile(`${base}/cut`, { kind: 'binary', tries: 2, backoffMs: 1 })).rejects.toThrow(
      /after 2 tries/,
    );
    expect(hits.get('/cut')).toBe(2);
  });

  it('parses JSON files served as JSON', async () => {
    const bytes = await fetchModelFile(`${base}/model.json`, { kind: 'json' });
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual({ ok: true });
  });
});

describe('createProgressTracker', () => {
  it('reports each file and an overall total that stays null until every size is known', () => {
    const events: LoadProgress[] = [];
    const t = createProgressTracker(['a', 'b'], (p) => events.push(p));
    t.forFile('a')(0, 100);
    t.forFile('a')(50, 100);
    t.forFile('b')(10, 40);
    t.forFile('a')(100, 100);
    t.forFile('b')(40, 40);
    const overall = events.filter((e) => !e.file);
    expect(overall.map((e) => [e.loaded, e.total])).toEqual([
      [0, null],
      [50, null],
      [60, 140],
      [110, 140],
      [140, 140],
    ]);
    expect(events.filter((e) => e.file === 'b').map((e) => e.loaded)).toEqual([10, 40]);
    expect(events.every((e) => e.phase === 'download')).toBe(true);
  });
});
