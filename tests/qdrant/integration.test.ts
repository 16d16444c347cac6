/**
 * INTEGRATION TESTS against a real Qdrant server. Run only when QDRANT_URL is set, e.g.
 *   docker run -p 6333:6333 qdrant/qdrant  &&  QDRANT_URL=http://localhost:6333 npx vitest run tests/qdrant/integration.test.ts
 * (QDRANT_API_KEY if the server has one). Uses a built index when one exists (QDRANT_TEST_INDEX, else
 * .cache/index-2000, else public/index; first 1000 rows), otherwise the seeded fixture slice. Creates
 * throw-away collections named cinechat-test-* and deletes them afterwards.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIndexFromDir, type LoadedIndex } from '../../build-index/load-index.ts';
import { uploadIndexToQdrant } from '../../build-index/qdrant-upload.ts';
import { dequantizeRow } from '../../src/core/quantize.ts';
import { foldName } from '../../src/core/query/people.ts';
import { SyncEngine } from '../../src/core/sync/engine.ts';
import type { Constraints, Movie } from '../../src/core/types.ts';
import { createQdrantClient } from '../../src/qdrant/client.ts';
import { testConnection } from '../../src/qdrant/connection.ts';
import { createQdrantSearch, rowOfIdFromIds, type QdrantIndex } from '../../src/qdrant/qdrant-index.ts';
import { createUserId, QdrantSyncRemote, syncCollectionName } from '../../src/qdrant/sync.ts';
import { createInt8JsIndex } from '../../src/search/int8-js.ts';
import { sliceIndex } from './fixtures.ts';

const URL_ = process.env.QDRANT_URL;
const API_KEY = process.env.QDRANT_API_KEY;
if (!URL_) console.log('QDRANT_URL not set: Qdrant integration tests skipped — no server here');

const ROWS = 1000;
const suffix = Math.random().toString(36).slice(2, 8);
const COLLECTION = `cinechat-test-${suffix}`;

async function testIndex(): Promise<LoadedIndex> {
  const dir = [process.env.QDRANT_TEST_INDEX, '.cache/index-2000', 'public/index'].find(
    (d) => d && fs.existsSync(`${d}/manifest.json`),
  );
  if (!dir) return sliceIndex(ROWS, 64);
  const full = await loadIndexFromDir(dir);
  const rows = Math.min(ROWS, full.vectors.rows);
  const dims = full.vectors.dims;
  return {
    manifest: { ...full.manifest, count: rows, embeddedCount: rows },
    movies: full.movies.slice(0, rows),
    vectors: {
      rows,
      dims,
      scales: full.vectors.scales.slice(0, rows),
      codes: full.vectors.codes.slice(0, rows * dims),
    },
  };
}

function allowedFor(movies: Movie[], c: Constraints): Uint8Array {
  const a = new Uint8Array(movies.length);
  movies.forEach((m, i) => {
    const credited = new Set([...m.directors, ...m.cast].map(foldName));
    const okYears =
      !c.years ||
      (m.year !== null &&
        (c.years[0] === null || m.year >= c.years[0]) &&
        (c.years[1] === null || m.year <= c.years[1]));
    a[i] = Number(
      (c.genres ?? []).every((g) => m.genres.includes(g)) &&
        !(c.excludeGenres ?? []).some((g) => m.genres.includes(g)) &&
        okYears &&
        (c.people ?? []).every((p) => credited.has(foldName(p))),
    );
  });
  return a;
}

describe.skipIf(!URL_)('Qdrant integration (real server at QDRANT_URL)', () => {
  let index: LoadedIndex;
  let remote: QdrantIndex;
  const client = URL_ ? createQdrantClient({ url: URL_, apiKey: API_KEY, timeoutMs: 30_000 }) : null;

  beforeAll(async () => {
    index = await testIndex();
    const summary = await uploadIndexToQdrant({ url: URL_!, apiKey: API_KEY, collection: COLLECTION, index });
    console.log(`uploaded ${summary.uploaded} points to ${COLLECTION} in ${summary.seconds} s`);
    remote = createQdrantSearch({
      url: URL_!,
      apiKey: API_KEY,
      collection: COLLECTION,
      dims: index.vectors.dims,
      rowOfId: rowOfIdFromIds(
        index.movies.map((m) => m.id),
        index.vectors.rows,
      ),
      exact: true,
      timeoutMs: 30_000,
    });
  });

  afterAll(async () => {
    await client?.deleteCollection(COLLECTION).catch(() => {});
  });

  it('connection test sees the collection; check() accepts it', async () => {
    const result = await testConnection(URL_!, API_KEY);
    expect(result.ok).toBe(true);
    expect(result.ok && result.collections).toContain(COLLECTION);
    expect((await remote.check()).points).toBe(new Set(index.movies.map((m) => m.id)).size);
  });

  it('re-upload is idempotent (same count)', async () => {
    const again = await uploadIndexToQdrant({ url: URL_!, apiKey: API_KEY, collection: COLLECTION, index });
    expect(again.created).toBe(false);
    expect(again.finalCount).toBe((await remote.check()).points);
  });

  it('local vs Qdrant top-10 agree on self-queries, unfiltered and filtered', async () => {
    const local = createInt8JsIndex(index.vectors);
    const queries = [3, 50, 123, 400, 777].filter((r) => r < index.vectors.rows);
    const cases: Constraints[] = [
      {},
      { genres: ['Drama'] },
      { excludeGenres: ['Comedy'], years: [1980, null] },
    ];
    let overlap = 0;
    let total = 0;
    for (const c of cases) {
      const allowed = Object.keys(c).length
        ? allowedFor(index.movies.slice(0, index.vectors.rows), c)
        : undefined;
      for (const row of queries) {
        const q = dequantizeRow(index.vectors, row);
        const want = (await local.search(q, 10, { allowed, constraints: c })).map((h) => h.row);
        const got = (await remote.search(q, 10, { allowed, constraints: c })).map((h) => h.row);
        overlap += got.filter((r) => want.includes(r)).length;
        total += want.length;
      }
    }
    console.log(`local vs Qdrant top-10 overlap: ${overlap}/${total} = ${(overlap / total).toFixed(3)}`);
    expect(overlap / total).toBeGreaterThanOrEqual(0.95);
  });

  it('recommend (both strategies) excludes the examples and follows them', async () => {
    const [a, b, n] = [index.movies[10].id, index.movies[11].id, index.movies[12].id];
    for (const strategy of ['average_vector', 'best_score'] as const) {
      const hits = await remote.recommend({ positive: [a, b], negative: [n], strategy, k: 10 });
      expect(hits).toHaveLength(10);
      expect(hits.map((h) => h.row)).not.toContain(10);
      expect(hits.map((h) => h.row)).not.toContain(12);
    }
    const local = createInt8JsIndex(index.vectors);
    const want = (await local.search(dequantizeRow(index.vectors, 10), 11, { exclude: new Set([10]) })).map(
      (h) => h.row,
    );
    const got = (await remote.recommend({ positive: [a], k: 10 })).map((h) => h.row);
    expect(got.filter((r) => want.includes(r)).length).toBeGreaterThanOrEqual(8);
  });

  it('sync round trip between two devices through a per-user collection', async () => {
    const userId = createUserId();
    const make = (replica: string) =>
      new SyncEngine({ replica, remote: new QdrantSyncRemote({ client: client!, userId }), autoSync: false });
    const laptop = make('laptop');
    const phone = make('phone');
    try {
      laptop.change({ kind: 'watchlist', movieId: 862, value: true });
      laptop.change({ kind: 'rating', movieId: 603, value: 1 });
      await laptop.syncNow();
      await phone.syncNow();
      expect(phone.snapshot().state).toEqual(laptop.snapshot().state);
      phone.change({ kind: 'watchlist', movieId: 862, deleted: true });
      await phone.syncNow();
      await laptop.syncNow();
      expect(laptop.snapshot().state['watchlist:862'].deleted).toBe(true);
      expect(laptop.pending + phone.pending).toBe(0);
    } finally {
      await client!.deleteCollection(syncCollectionName(userId)).catch(() => {});
    }
  });
});
