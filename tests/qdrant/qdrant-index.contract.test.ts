/**
 * CONTRACT TESTS (no server): the requests QdrantIndex and testConnection make through the official client,
 * recorded at the fetch level, and how they read replies shaped like the client's OpenAPI types.
 * These do not show that Qdrant works; tests/qdrant/integration.test.ts does that when QDRANT_URL is set.
 */
import type { Schemas } from '@qdrant/js-client-rest';
import { afterEach, describe, expect, it } from 'vitest';
import { testConnection } from '../../src/qdrant/connection.ts';
import { QdrantUnavailableError } from '../../src/qdrant/errors.ts';
import { createQdrantSearch, rowOfIdFromIds } from '../../src/qdrant/qdrant-index.ts';
import { errorReply, interceptFetch, ok, type RecordedRequest, type Reply } from './intercept-fetch.ts';
import { sliceMovies, unitVectors } from './fixtures.ts';

const URL_ = 'https://qdrant.test:6333';
let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

function intercept(route: (req: RecordedRequest) => Reply | Promise<Reply>): RecordedRequest[] {
  const h = interceptFetch(route);
  restore = h.restore;
  return h.requests;
}

async function setup(timeoutMs = 2000) {
  const movies = (await sliceMovies()).slice(0, 200);
  const rowOfId = rowOfIdFromIds(movies.map((m) => m.id));
  const index = createQdrantSearch({
    url: URL_,
    apiKey: 'secret-key',
    collection: 'movies',
    dims: 16,
    rowOfId,
    timeoutMs,
  });
  const query = unitVectors(1, 16, 99)[0];
  return { movies, rowOfId, index, query };
}

const scored = (ids: number[]): Schemas['QueryResponse'] => ({
  points: ids.map((id, i) => ({ id, version: 1, score: 0.9 - i * 0.01 })),
});

describe('QdrantIndex.search (contract)', () => {
  it('POSTs a query with the translated filter and maps TMDB ids back to rows', async () => {
    const { movies, index, query } = await setup();
    const ids = [movies[5].id, 999_999_999, movies[17].id, movies[3].id];
    const requests = intercept(() => ok(scored(ids)));
    const hits = await index.search(query, 3, {
      constraints: { genres: ['Drama'], years: [1990, null] },
      exclude: new Set([0, 1]),
    });
    expect(requests).toHaveLength(1);
    const [req] = requests;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/collections/movies/points/query');
    expect(req.headers.get('api-key')).toBe('secret-key');
    const body = req.body as Schemas['QueryRequest'];
    expect(body.limit).toBe(3);
    expect(body.with_payload).toBe(false);
    expect(body.query).toHaveLength(16);
    expect((body.query as number[])[0]).toBeCloseTo(query[0], 6);
    expect(body.filter).toEqual({
      must: [
        { key: 'genres', match: { value: 'Drama' } },
        { key: 'year', range: { gte: 1990 } },
      ],
      must_not: [{ has_id: [movies[0].id, movies[1].id] }],
    });
    // The unknown id (not in the local index) is dropped; order and scores kept.
    expect(hits).toEqual([
      { row: 5, score: 0.9 },
      { row: 17, score: expect.closeTo(0.88, 6) },
      { row: 3, score: expect.closeTo(0.87, 6) },
    ]);
  });

  it('a small allowed set without constraints becomes has_id; a large one is over-fetched and post-filtered', async () => {
    const { movies, index, query } = await setup();
    const small = new Uint8Array(movies.length);
    small[2] = small[9] = 1;
    const requests = intercept(() => ok(scored([movies[9].id, movies[2].id])));
    expect(await index.search(query, 5, { allowed: small })).toEqual([
      { row: 9, score: 0.9 },
      { row: 2, score: expect.closeTo(0.89, 6) },
    ]);
    expect((requests[0].body as Schemas['QueryRequest']).filter).toEqual({
      must: [{ has_id: [movies[2].id, movies[9].id] }],
    });

    const large = new Uint8Array(movies.length).fill(1);
    large[4] = 0;
    const big = createQdrantSearch({
      url: URL_,
      collection: 'movies',
      dims: 16,
      rowOfId: rowOfIdFromIds(movies.map((m) => m.id)),
    });
    Object.assign(big, { maxIdsInFilter: 10 });
    const requests2 = intercept(() => ok(scored([movies[4].id, movies[6].id])));
    const hits = await big.search(query, 5, { allowed: large });
    expect(hits.map((h) => h.row)).toEqual([6]);
    const body = requests2[0].body as Schemas['QueryRequest'];
    expect(body.filter).toBeUndefined();
    expect(body.limit).toBe(55);
    expect(requests2[0].headers.has('api-key')).toBe(false);
  });

  it('rejects a query of the wrong size before any request', async () => {
    const { index } = await setup();
    const requests = intercept(() => ok(scored([])));
    await expect(index.search(new Float32Array(8), 5)).rejects.toMatchObject({ reason: 'mismatch' });
    expect(requests).toHaveLength(0);
  });

  it.each([
    [errorReply(401, 'Must provide an API key'), 'unauthorized'],
    [errorReply(404, 'Collection `movies` doesn`t exist!'), 'not-found'],
    [errorReply(500, 'boom'), 'http'],
    [{ networkError: true }, 'unreachable'],
    [{ delayMs: 5000, ...ok(scored([])) }, 'timeout'],
  ] as Array<[Reply, string]>)('failure %# → QdrantUnavailableError(%s)', async (reply, reason) => {
    const { index, query } = await setup(200);
    intercept(() => reply);
    const error = await index.search(query, 5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QdrantUnavailableError);
    expect((error as QdrantUnavailableError).reason).toBe(reason);
    expect((error as Error).name).toBe(`QdrantUnavailableError:${reason}`);
    expect((error as Error).message).not.toContain('secret-key');
  });
});

describe('QdrantIndex.recommend (contract)', () => {
  it.each(['average_vector', 'best_score'] as const)(
    'sends a recommend query with strategy %s',
    async (strategy) => {
      const { movies, index, query } = await setup();
      const requests = intercept(() => ok(scored([movies[8].id, movies[1].id])));
      const hits = await index.recommend({
        positive: [movies[0].id, query],
        negative: [movies[1].id],
        strategy,
        constraints: { excludeGenres: ['Horror'] },
        exclude: new Set([1]),
        k: 10,
      });
      const body = requests[0].body as Schemas['QueryRequest'];
      expect(requests[0].path).toBe('/collections/movies/points/query');
      const recommend = (body.query as Schemas['RecommendQuery']).recommend;
      expect(recommend.strategy).toBe(strategy);
      expect(recommend.positive?.[0]).toBe(movies[0].id);
      expect(recommend.positive?.[1]).toHaveLength(16);
      expect(recommend.negative).toEqual([movies[1].id]);
      expect(body.filter).toEqual({
        must_not: [{ key: 'genres', match: { any: ['Horror'] } }, { has_id: [movies[1].id] }],
      });
      expect(body.limit).toBe(10);
      expect(hits.map((h) => h.row)).toEqual([8, 1]);
    },
  );

  it('refuses an empty recommendation without a request', async () => {
    const { index } = await setup();
    const requests = intercept(() => ok(scored([])));
    await expect(index.recommend({ positive: [], k: 5 })).rejects.toMatchObject({ reason: 'config' });
    expect(requests).toHaveLength(0);
  });
});

describe('QdrantIndex.check (contract)', () => {
  const info = (size: number, distance: Schemas['Distance']): Schemas['CollectionInfo'] =>
    ({
      status: 'green',
      optimizer_status: 'ok',
      points_count: 200,
      segments_count: 1,
      config: {
        params: { vectors: { size, distance } },
        hnsw_config: { m: 16, ef_construct: 100, full_scan_threshold: 10000 },
        optimizer_config: {},
        wal_config: {},
      },
      payload_schema: {},
    }) as unknown as Schemas['CollectionInfo']; // config sub-objects trimmed to what check() reads

  it('accepts a matching collection and reports its size', async () => {
    const { index } = await setup();
    const requests = intercept(() => ok(info(16, 'Cosine')));
    await expect(index.check()).resolves.toEqual({ points: 200 });
    expect(requests[0]).toMatchObject({ method: 'GET', path: '/collections/movies' });
  });

  it.each([
    [32, 'Cosine'],
    [16, 'Dot'],
  ] as const)('rejects %i-d %s', async (size, distance) => {
    const { index } = await setup();
    intercept(() => ok(info(size, distance)));
    await expect(index.check()).rejects.toMatchObject({ reason: 'mismatch' });
  });
});

describe('testConnection (contract)', () => {
  it('reports version, sorted collections and latency', async () => {
    const requests = intercept((req) =>
      req.path === '/'
        ? {
            status: 200,
            body: {
              title: 'qdrant - vector search engine',
              version: '1.15.1',
            } satisfies Schemas['VersionInfo'],
          }
        : ok<Schemas['CollectionsResponse']>({ collections: [{ name: 'movies-faq' }, { name: 'movies' }] }),
    );
    const result = await testConnection(`${URL_}/`, 'secret-key');
    expect(result).toMatchObject({ ok: true, version: '1.15.1', collections: ['movies', 'movies-faq'] });
    expect(result.ok && result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /', 'GET /collections']);
    expect(requests.every((r) => r.headers.get('api-key') === 'secret-key')).toBe(true);
  });

  it.each([
    ['not a url', undefined, 'config'],
    ['ftp://x', undefined, 'config'],
    [URL_, errorReply(403, 'Invalid API key'), 'unauthorized'],
    [URL_, { networkError: true }, 'unreachable'],
  ] as Array<[string, Reply | undefined, string]>)('%s → %s', async (url, reply, reason) => {
    intercept(() => reply ?? ok(true));
    const result = await testConnection(url, 'secret-key', { timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, reason });
    expect(JSON.stringify(result)).not.toContain('secret-key');
  });

  it('gives up after the timeout', async () => {
    intercept(() => ({ delayMs: 3000, status: 200, body: { title: 'qdrant', version: '1.15.1' } }));
    const started = performance.now();
    const result = await testConnection(URL_, undefined, { timeoutMs: 150 });
    expect(result).toMatchObject({ ok: false, reason: 'timeout' });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
