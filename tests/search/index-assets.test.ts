import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeVectors, encodeVectors, type IndexManifest } from '../../src/core/index-format.ts';
import type { LoadProgress } from '../../src/core/types.ts';
import { fetchIndexFile, fetchManifest, indexDirUrl, sha256Hex } from '../../src/search/index-assets.ts';
import { quantizeRows } from '../../src/core/quantize.ts';
import { randomRows } from './synthetic.ts';

const BASE = 'https://example.test/app/';
const data = quantizeRows(randomRows(500, 64, 5));
const vectorBytes = encodeVectors(data);
const VEC = 'vectors.abc123.bin';

function manifestFor(bytes: Uint8Array, overrides: Partial<IndexManifest> = {}): IndexManifest {
  return {
    formatVersion: 1,
    builtAt: '2024-01-01T00:00:00Z',
    embedder: { id: 'use-lite', dims: 64 },
    count: 500,
    embeddedCount: 500,
    quantization: { kind: 'int8-per-vector' },
    files: { movies: 'movies.x.json', vectors: VEC },
    hashes: { [VEC]: crypto.createHash('sha256').update(bytes).digest('hex') },
    sizes: { [VEC]: bytes.byteLength },
    report: { rowsRead: 500, kept: 500, dropped: {}, repaired: {} },
    ...overrides,
  };
}

/** A fetch over an in-memory site; bodies stream in 1000-byte chunks like a network response. */
function fakeFetch(files: Record<string, { body: Uint8Array | string; type: string }>): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = String(input);
    const f = files[url];
    if (!f) return new Response('not found', { status: 404 });
    const bytes = typeof f.body === 'string' ? new TextEncoder().encode(f.body) : f.body;
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 1000) c.enqueue(bytes.slice(i, i + 1000));
        c.close();
      },
    });
    return new Response(stream, { status: 200, headers: { 'content-type': f.type } });
  }) as typeof fetch;
}

describe('index assets', () => {
  it('resolves <base>index/ for root and sub-path deployments', () => {
    expect(indexDirUrl('https://h.test/')).toBe('https://h.test/index/');
    expect(indexDirUrl('https://h.test/cine')).toBe('https://h.test/cine/index/');
  });

  it('streams a file with byte progress, verifies its sha256, and decodes to the same vectors', async () => {
    const manifest = manifestFor(vectorBytes);
    const fetchImpl = fakeFetch({
      [BASE + 'index/manifest.json']: { body: JSON.stringify(manifest), type: 'application/json' },
      [BASE + 'index/' + VEC]: { body: vectorBytes, type: 'application/octet-stream' },
    });
    expect(await fetchManifest(BASE, { fetchImpl })).toEqual(manifest);
    const progress: LoadProgress[] = [];
    const bytes = await fetchIndexFile(BASE, manifest, VEC, {
      fetchImpl,
      onProgress: (p) => progress.push(p),
    });
    expect(await sha256Hex(bytes)).toBe(manifest.hashes[VEC]);
    const back = decodeVectors(bytes, manifest);
    expect(Array.from(back.codes)).toEqual(Array.from(data.codes));
    expect(progress.at(-1)).toEqual({
      phase: 'index',
      loaded: vectorBytes.byteLength,
      total: vectorBytes.byteLength,
      file: VEC,
    });
    expect(progress.length).toBeGreaterThanOrEqual(2);
  });

  it('rejects a file whose bytes do not match the manifest hash', async () => {
    const corrupt = vectorBytes.slice();
    corrupt[100] ^= 1;
    const manifest = manifestFor(vectorBytes);
    const fetchImpl = fakeFetch({
      [BASE + 'index/' + VEC]: { body: corrupt, type: 'application/octet-stream' },
    });
    await expect(fetchIndexFile(BASE, manifest, VEC, { fetchImpl })).rejects.toMatchObject({
      name: 'IndexAssetError',
      message: expect.stringMatching(/corrupt or from another build: sha256/),
    });
  });

  it('rejects a truncated file by its size before hashing', async () => {
    const manifest = manifestFor(vectorBytes);
    const fetchImpl = fakeFetch({
      [BASE + 'index/' + VEC]: { body: vectorBytes.subarray(0, 5000), type: 'application/octet-stream' },
    });
    await expect(fetchIndexFile(BASE, manifest, VEC, { fetchImpl })).rejects.toThrow(
      /has 5000 bytes; the manifest says/,
    );
  });

  it('explains a missing manifest, an SPA fallback page and a manifest without a hash', async () => {
    await expect(fetchManifest(BASE, { fetchImpl: fakeFetch({}) })).rejects.toThrow(
      /manifest is missing.*HTTP 404.*build-index/,
    );
    const html = fakeFetch({
      [BASE + 'index/manifest.json']: { body: '<!doctype html>', type: 'text/html' },
    });
    await expect(fetchManifest(BASE, { fetchImpl: html })).rejects.toThrow(/sent an HTML page/);
    const noHash = manifestFor(vectorBytes, { hashes: {} });
    await expect(fetchIndexFile(BASE, noHash, VEC, { fetchImpl: fakeFetch({}) })).rejects.toThrow(
      /no sha256 for/,
    );
  });
});
