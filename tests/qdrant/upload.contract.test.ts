/**
 * CONTRACT TESTS (no server) of build-index/qdrant-upload.ts: the exact sequence of requests the official
 * client sends for an upload (collection check/creation, payload indexes, upsert batches, pruning, count),
 * recorded at the fetch level, with replies typed by the client's schemas. Also retries and refusals.
 */
import type { Schemas } from '@qdrant/js-client-rest';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BUILD_FIELD,
  moviePayload,
  runQdrantUpload,
  uploadIndexToQdrant,
} from '../../build-index/qdrant-upload.ts';
import { dequantizeRow } from '../../src/core/quantize.ts';
import {
  errorReply,
  interceptFetch,
  ok,
  okTrue,
  okUpdate,
  type RecordedRequest,
  type Reply,
} from './intercept-fetch.ts';
import { sliceIndex } from './fixtures.ts';

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

interface ServerView {
  exists: boolean;
  size?: number;
  distance?: Schemas['Distance'];
  count: number | (() => number);
  failUpserts?: number;
  upsertStatus?: number;
}

/** Canned replies per endpoint (no state beyond what each test sets). */
function route(view: ServerView): (req: RecordedRequest) => Reply {
  return (req) => {
    const { method, path } = req;
    if (method === 'GET' && path === '/collections/movies/exists')
      return ok<Schemas['CollectionExistence']>({ exists: view.exists });
    if (method === 'GET' && path === '/collections/movies') {
      return ok({
        status: 'green',
        points_count: 0,
        config: { params: { vectors: { size: view.size, distance: view.distance } } },
      });
    }
    if (method === 'PUT' && path === '/collections/movies') return okTrue();
    if (method === 'PUT' && path === '/collections/movies/index') return okUpdate();
    if (method === 'PUT' && path === '/collections/movies/points') {
      if (view.failUpserts && view.failUpserts-- > 0)
        return errorReply(view.upsertStatus ?? 503, 'Service Unavailable');
      return okUpdate();
    }
    if (method === 'POST' && path === '/collections/movies/points/delete') return okUpdate();
    if (method === 'POST' && path === '/collections/movies/points/count') {
      return ok<Schemas['CountResult']>({
        count: typeof view.count === 'function' ? view.count() : view.count,
      });
    }
    return errorReply(404, `unexpected ${method} ${path}`);
  };
}

function intercept(view: ServerView): RecordedRequest[] {
  const h = interceptFetch(route(view));
  restore = h.restore;
  return h.requests;
}

const noSleep = { sleep: async () => {}, baseMs: 1 };

describe('uploadIndexToQdrant (contract)', () => {
  it('creates the collection and payload indexes, upserts in batches with TMDB ids, prunes and verifies', async () => {
    const index = await sliceIndex(600, 16);
    const requests = intercept({ exists: false, count: 600 });
    const progress: number[] = [];
    const summary = await uploadIndexToQdrant({
      url: 'https://qdrant.test',
      apiKey: 'k',
      index,
      batchSize: 256,
      retry: noSleep,
      onProgress: (p) => progress.push(p.loaded),
    });
    expect(summary).toMatchObject({
      collection: 'movies',
      created: true,
      uploaded: 600,
      finalCount: 600,
      skippedDuplicates: 0,
    });
    const lines = requests.map((r) => `${r.method} ${r.path}`);
    expect(lines).toEqual([
      'GET /collections/movies/exists',
      'PUT /collections/movies',
      ...Array(9).fill('PUT /collections/movies/index'),
      'PUT /collections/movies/points',
      'PUT /collections/movies/points',
      'PUT /collections/movies/points',
      'POST /collections/movies/points/delete',
      'POST /collections/movies/points/count',
    ]);
    expect(requests[1].body).toEqual({ vectors: { size: 16, distance: 'Cosine' } });
    const indexes = requests
      .filter((r) => r.path.endsWith('/index'))
      .map((r) => r.body as Schemas['CreateFieldIndex']);
    expect(indexes).toContainEqual({ field_name: 'genres', field_schema: 'keyword' });
    expect(indexes).toContainEqual({ field_name: 'year', field_schema: 'integer' });
    expect(indexes).toContainEqual({ field_name: 'rating', field_schema: 'float' });
    expect(
      requests.filter((r) => r.path.endsWith('/index')).every((r) => r.query.get('wait') === 'true'),
    ).toBe(true);

    const batches = requests
      .filter((r) => r.path.endsWith('/points'))
      .map((r) => (r.body as Schemas['PointInsertOperations'] & { points: Schemas['PointStruct'][] }).points);
    expect(batches.map((b) => b.length)).toEqual([256, 256, 88]);
    const points = batches.flat();
    expect(points.map((p) => p.id)).toEqual(index.movies.map((m) => m.id));
    const row = 300;
    expect(points[row].vector).toEqual(Array.from(dequantizeRow(index.vectors, row)));
    expect(points[row].payload).toEqual(moviePayload(index.movies[row], index.manifest.builtAt));
    expect(points[row].payload).toMatchObject({
      title: index.movies[row].title,
      genres: index.movies[row].genres,
    });

    const prune = requests.find((r) => r.path.endsWith('/delete'))!.body;
    expect(prune).toEqual({
      filter: { must_not: [{ key: BUILD_FIELD, match: { value: '2024-01-02T03:04:05.000Z' } }] },
    });
    expect(requests.at(-1)!.body).toEqual({ exact: true });
    expect(progress).toEqual([0, 256, 512, 600]);
  });

  it('re-running against an existing matching collection creates nothing and upserts the same points', async () => {
    const index = await sliceIndex(100, 16);
    const requests = intercept({ exists: true, size: 16, distance: 'Cosine', count: 100 });
    const summary = await uploadIndexToQdrant({ url: 'https://qdrant.test', index, retry: noSleep });
    expect(summary.created).toBe(false);
    expect(requests.some((r) => r.method === 'PUT' && r.path === '/collections/movies')).toBe(false);
    expect(requests.filter((r) => r.path.endsWith('/points'))).toHaveLength(1);
  });

  it('refuses an existing collection with other dimensions before uploading anything', async () => {
    const index = await sliceIndex(50, 16);
    const requests = intercept({ exists: true, size: 512, distance: 'Cosine', count: 0 });
    await expect(uploadIndexToQdrant({ url: 'https://qdrant.test', index, retry: noSleep })).rejects.toThrow(
      /512-d Cosine.*16-d Cosine/,
    );
    expect(requests.some((r) => r.path.endsWith('/points'))).toBe(false);
  });

  it('retries a batch after 503 with exponential back-off', async () => {
    const index = await sliceIndex(50, 16);
    const requests = intercept({ exists: true, size: 16, distance: 'Cosine', count: 50, failUpserts: 2 });
    const delays: number[] = [];
    await uploadIndexToQdrant({
      url: 'https://qdrant.test',
      index,
      retry: { baseMs: 100, sleep: async (ms) => void delays.push(ms) },
    });
    expect(delays).toEqual([100, 200]);
    expect(requests.filter((r) => r.path.endsWith('/points'))).toHaveLength(3);
  });

  it('does not retry a 400 (a bad request stays bad)', async () => {
    const index = await sliceIndex(50, 16);
    const requests = intercept({
      exists: true,
      size: 16,
      distance: 'Cosine',
      count: 50,
      failUpserts: 5,
      upsertStatus: 400,
    });
    await expect(
      uploadIndexToQdrant({ url: 'https://qdrant.test', index, retry: noSleep }),
    ).rejects.toMatchObject({ reason: 'http', status: 400 });
    expect(requests.filter((r) => r.path.endsWith('/points'))).toHaveLength(1);
  });

  it('fails when the final count differs', async () => {
    const index = await sliceIndex(50, 16);
    intercept({ exists: true, size: 16, distance: 'Cosine', count: 49 });
    await expect(uploadIndexToQdrant({ url: 'https://qdrant.test', index, retry: noSleep })).rejects.toThrow(
      /holds 49 points.*expected 50/,
    );
  });

  it('skips a repeated TMDB id (it would overwrite the first point)', async () => {
    const index = await sliceIndex(20, 16);
    index.movies = index.movies.map((m, i) => (i === 7 ? { ...m, id: index.movies[2].id } : m));
    const requests = intercept({ exists: true, size: 16, distance: 'Cosine', count: 19 });
    const summary = await uploadIndexToQdrant({ url: 'https://qdrant.test', index, retry: noSleep });
    expect(summary).toMatchObject({ uploaded: 19, skippedDuplicates: 1 });
    const ids = (
      requests.find((r) => r.path.endsWith('/points'))!.body as { points: Schemas['PointStruct'][] }
    ).points.map((p) => p.id);
    expect(new Set(ids).size).toBe(19);
  });
});

describe('runQdrantUpload argv', () => {
  it.each([
    [[], /--qdrant-url is required/],
    [['--qdrant-url', 'http://x', '--batch-size', '0'], /--batch-size must be a positive integer/],
    [['--bogus'], /Unknown option/],
  ])('%j → exit 2 with a message', async (argv, message) => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => void errors.push(line);
    try {
      expect(await runQdrantUpload(argv, {})).toBe(2);
    } finally {
      console.error = original;
    }
    expect(errors.join('\n')).toMatch(message);
  });

  it('a missing index folder is reported, never the API key', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => void errors.push(line);
    try {
      const code = await runQdrantUpload(
        ['--qdrant-url', 'https://qdrant.test', '--index', '.cache/no-such-index'],
        { QDRANT_API_KEY: 'top-secret' },
      );
      expect(code).toBe(1);
    } finally {
      console.error = original;
    }
    expect(errors.join('\n')).toMatch(/No index at .*no-such-index/);
    expect(errors.join('\n')).not.toContain('top-secret');
  });
});
