/**
 * The build on the real-data slice (tests/fixtures/slice). Uses the offline GloVe stand-in model
 * from ../shared/models when present (fast); otherwise USE-lite on fewer movies.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../build-index/build.ts';
import { loadIndexFromDir } from '../../build-index/load-index.ts';
import { documentText, hasDescriptiveText } from '../../src/core/document-text.ts';
import { dequantizeRow } from '../../src/core/quantize.ts';
import { readDataset } from '../../src/data/read-dataset.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const SLICE = path.join(REPO, 'tests/fixtures/slice');
const SHARED_MODELS = path.resolve(REPO, '../shared/models');
const GLOVE = 'stanfordnlp/glove-100d-sif-100k';
const hasGlove = fs.existsSync(path.join(SHARED_MODELS, GLOVE));
const EMBEDDER = hasGlove ? `hf:${GLOVE}` : 'use-lite';
const LIMIT = hasGlove ? 150 : 30;

let tmp: string;
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cinechat-build-'));
  if (hasGlove) process.env.CINECHAT_MODEL_PATH = SHARED_MODELS + '/';
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const run = (name: string, extra: Parameters<typeof buildIndex>[0] = {}) =>
  buildIndex({
    dataDir: SLICE,
    outDir: path.join(tmp, name),
    cacheDir: path.join(tmp, 'cache'),
    embedder: EMBEDDER,
    limit: LIMIT,
    workers: 1,
    verbose: false,
    extraCollections: false,
    recallSample: 50,
    ...extra,
  });

describe(`build-index on the slice (${EMBEDDER}, ${LIMIT} movies)`, () => {
  it('writes a manifest whose files, hashes, sizes and counts check out', async () => {
    const { manifest, outDir, embedded, cacheHits } = await run('a');
    const { movies: source } = await readDataset(SLICE, { limit: LIMIT });
    const descriptive = source.filter(hasDescriptiveText);
    expect(manifest.formatVersion).toBe(1);
    expect(manifest.count).toBe(source.length);
    expect(manifest.embeddedCount).toBe(descriptive.length);
    expect(manifest.embedder.id).toBe(EMBEDDER);
    expect(manifest.report.kept).toBe(source.length);
    expect(embedded + cacheHits).toBe(descriptive.length);
    expect(manifest.files.movies).toMatch(/^movies\.[0-9a-f]{16}\.json$/);
    expect(manifest.files.vectors).toMatch(/^vectors\.[0-9a-f]{16}\.bin$/);
    for (const name of Object.values(manifest.files)) {
      const data = fs.readFileSync(path.join(outDir, name));
      expect(manifest.hashes[name]).toBe(sha256(data));
      expect(manifest.sizes[name]).toBe(data.byteLength);
      expect(name).toContain(manifest.hashes[name].slice(0, 16)); // content-hashed name
    }
    expect(manifest.quantization.kind).toBe('int8-per-vector');
    expect(manifest.quantization.recallAt10VsFloat32).toBeGreaterThan(0.8);
    expect(manifest.quantization.recallAt10VsFloat32).toBeLessThanOrEqual(1);

    const loaded = await loadIndexFromDir(outDir);
    // Descriptive movies first, in file order, then title-only ones.
    expect(loaded.movies.slice(0, descriptive.length)).toEqual(descriptive);
    expect(loaded.movies.slice(descriptive.length).every((m) => !hasDescriptiveText(m))).toBe(true);
    expect(loaded.vectors.rows).toBe(descriptive.length);
    expect(loaded.vectors.dims).toBe(manifest.embedder.dims);
    for (let r = 0; r < loaded.vectors.rows; r += 7) {
      const v = dequantizeRow(loaded.vectors, r);
      const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
      expect(norm).toBeGreaterThan(0.98);
      expect(norm).toBeLessThan(1.02);
    }
  });

  it('rebuilds from the cache and re-embeds only a changed text', async () => {
    const again = await run('b');
    expect(again.embedded).toBe(0);
    expect(again.cacheHits).toBe(again.manifest.embeddedCount);
    const first = JSON.parse(fs.readFileSync(path.join(tmp, 'a', 'manifest.json'), 'utf8'));
    expect(again.manifest.files.vectors).toBe(first.files.vectors); // same vectors, same name

    // A small data change: one overview edited in a copy of the dataset.
    const data = path.join(tmp, 'data');
    fs.mkdirSync(data);
    for (const f of ['keywords', 'credits'])
      fs.copyFileSync(path.join(SLICE, `${f}.csv.gz`), path.join(data, `${f}.csv.gz`));
    const csv = zlib.gunzipSync(fs.readFileSync(path.join(SLICE, 'movies_metadata.csv.gz'))).toString('utf8');
    const edited = csv.replace('Led by Woody, Andy', 'Led by Woody the cowboy, Andy');
    expect(edited).not.toBe(csv);
    fs.writeFileSync(path.join(data, 'movies_metadata.csv'), edited);
    const changed = await run('c', { dataDir: data });
    expect(changed.embedded).toBe(1);
    expect(changed.manifest.files.vectors).not.toBe(first.files.vectors);
  });

  it('embeds title-only movies on request, and worker threads give the same vectors', async () => {
    // The quirk fixtures have title-only movies (no overview, no genres); the slice has none.
    const quirks = path.join(REPO, 'tests/fixtures/kaggle-quirks');
    const plain = await run('q1', { dataDir: quirks, limit: undefined });
    const all = await run('q2', {
      dataDir: quirks,
      limit: undefined,
      embedTitleOnly: true,
      workers: 2,
      cacheDir: path.join(tmp, 'cache2'),
    });
    expect(plain.manifest.embeddedCount).toBeLessThan(plain.manifest.count);
    expect(all.manifest.embeddedCount).toBe(all.manifest.count);
    expect(all.embedded).toBe(all.manifest.count); // fresh cache: everything went through the 2 workers
    const a = await loadIndexFromDir(path.join(tmp, 'q1'));
    const d = await loadIndexFromDir(path.join(tmp, 'q2'));
    const rows = a.manifest.embeddedCount;
    expect(Array.from(d.vectors.codes.subarray(0, rows * a.vectors.dims))).toEqual(
      Array.from(a.vectors.codes),
    );
    const titleOnly = d.movies.slice(rows);
    expect(titleOnly.map((m) => m.title)).toContain('The Quiet Title');
    for (const m of titleOnly) expect(documentText(m).startsWith(m.title)).toBe(true);
  });
});
