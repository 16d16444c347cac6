/**
 * The engine worker's switchable vector index (src/qdrant/remote-search.ts): local until a server is set,
 * then the server with fallback to local; the per-turn report the chat shows ("Answered by Qdrant" or
 * the fallback notice); switching on, off and between servers at run time. The remote side is a real
 * QdrantIndex pointed at a port where nothing listens (a real refused connection) or a stand-in index;
 * no fake Qdrant server is involved, so nothing here claims that a Qdrant server works.
 */
import { describe, expect, it } from 'vitest';
import { dequantizeRow } from '../../src/core/quantize.ts';
import { createRetriever } from '../../src/core/retrieve.ts';
import type { QueryPlan, VectorHit, VectorIndex } from '../../src/core/types.ts';
import {
  createSwitchableIndex,
  fallbackNotice,
  redactSecret,
  type RemoteFactory,
  type RemoteSearchConfig,
} from '../../src/qdrant/remote-search.ts';
import { createInt8JsIndex } from '../../src/search/int8-js.ts';
import { sliceIndex, unitVectors } from './fixtures.ts';

const ROWS = 400;
const DIMS = 16;
const UNREACHABLE: RemoteSearchConfig = { url: 'http://127.0.0.1:9', collection: 'movies', timeoutMs: 4000 };

async function setup() {
  const index = await sliceIndex(ROWS, DIMS);
  const local = createInt8JsIndex(index.vectors);
  return { index, local, ids: index.movies.map((m) => m.id) };
}

function standIn(search: VectorIndex['search'], name = 'qdrant:stand-in'): VectorIndex {
  return { name, size: ROWS, dims: DIMS, search };
}

const query = unitVectors(1, DIMS, 11)[0];

describe('switchable index (remote search in the engine worker)', () => {
  it('without a server: the local index answers and the report says so (no notice)', async () => {
    const { local, ids } = await setup();
    const index = createSwitchableIndex(local, { movieIds: () => ids });
    index.beginTurn();
    expect(await index.search(query, 10)).toEqual(await local.search(query, 10));
    expect(index.report()).toEqual({ source: 'local', remote: false, fallback: null });
    expect(index.remote).toBeNull();
  });

  it('unreachable server (real refused connection): local results + the unreachable notice', async () => {
    const { local, ids } = await setup();
    const index = createSwitchableIndex(local, { movieIds: () => ids });
    await index.configure({ ...UNREACHABLE, apiKey: 'secret-key-42' });
    expect(index.remote).toEqual({ url: UNREACHABLE.url, collection: 'movies' });
    index.beginTurn();
    const hits = await index.search(query, 10, { exclude: new Set([0, 1]) });
    expect(hits).toEqual(await local.search(query, 10, { exclude: new Set([0, 1]) }));
    expect(hits).toHaveLength(10);
    const report = index.report();
    expect(report.source).toBe('local');
    expect(report.remote).toBe(true);
    expect(report.fallback?.reason).toBe('unreachable');
    expect(report.fallback?.notice).toBe(
      'Qdrant server unreachable — answered from the index on this device.',
    );
    expect(JSON.stringify(report)).not.toContain('secret-key-42');
    // During the cool-down the server is not asked again, but every turn still carries the notice.
    index.beginTurn();
    await index.search(query, 5);
    expect(index.report().fallback?.reason).toBe('unreachable');
  });

  it('a server that answers: its hits are used and the report says Qdrant', async () => {
    const { local, ids } = await setup();
    const served: VectorHit[] = [
      { row: 7, score: 0.9 },
      { row: 3, score: 0.8 },
    ];
    const index = createSwitchableIndex(local, {
      movieIds: () => ids,
      createRemote: async () => standIn(async () => served),
    });
    await index.configure({ url: 'http://localhost:6333', collection: 'movies' });
    index.beginTurn();
    expect(await index.search(query, 2)).toEqual(served);
    expect(index.report()).toEqual({ source: 'qdrant', remote: true, fallback: null });
  });

  it('switching at run time: on, to another server, and off again', async () => {
    const { local, ids } = await setup();
    const made: string[] = [];
    const createRemote: RemoteFactory = async (config) => {
      made.push(config.url);
      return standIn(async () => [{ row: made.length, score: 1 }]);
    };
    const index = createSwitchableIndex(local, { movieIds: () => ids, createRemote });
    const a = { url: 'http://a:6333', collection: 'movies' };
    await index.configure(a);
    await index.configure({ ...a }); // same settings again: kept, not rebuilt
    expect(made).toEqual(['http://a:6333']);
    expect(await index.search(query, 1)).toEqual([{ row: 1, score: 1 }]);
    await index.configure({ url: 'http://b:6333', collection: 'movies' });
    expect(await index.search(query, 1)).toEqual([{ row: 2, score: 1 }]);
    await index.configure(null);
    index.beginTurn();
    expect(await index.search(query, 3)).toEqual(await local.search(query, 3));
    expect(index.report()).toEqual({ source: 'local', remote: false, fallback: null });
  });

  it('a configure overtaken by a newer one does not win when it finishes later', async () => {
    const { local, ids } = await setup();
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const index = createSwitchableIndex(local, {
      movieIds: () => ids,
      createRemote: async (c) => {
        if (c.url === 'http://slow:6333') await slow;
        return standIn(async () => [{ row: 99, score: 1 }]);
      },
    });
    const first = index.configure({ url: 'http://slow:6333', collection: 'movies' });
    await index.configure(null);
    release();
    await first;
    expect(index.remote).toBeNull();
    expect(await index.search(query, 4)).toEqual(await local.search(query, 4));
  });

  it('slow server → local answer after the time limit, with the timeout notice', async () => {
    const { local, ids } = await setup();
    const index = createSwitchableIndex(local, {
      movieIds: () => ids,
      createRemote: async () => standIn(() => new Promise<VectorHit[]>(() => {})),
    });
    await index.configure({ url: 'http://localhost:6333', collection: 'movies', timeoutMs: 50 });
    index.beginTurn();
    const started = Date.now();
    expect(await index.search(query, 10)).toEqual(await local.search(query, 10));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(index.report().fallback?.reason).toBe('timeout');
  });

  it('an empty answer from the server falls back; a malformed URL reports invalid settings', async () => {
    const { local, ids } = await setup();
    const empty = createSwitchableIndex(local, {
      movieIds: () => ids,
      createRemote: async () => standIn(async () => []),
    });
    await empty.configure({ url: 'http://localhost:6333', collection: 'movies' });
    empty.beginTurn();
    expect(await empty.search(query, 10)).toHaveLength(10);
    expect(empty.report().fallback?.reason).toBe('empty');

    const bad = createSwitchableIndex(local, { movieIds: () => ids });
    await bad.configure({ url: 'localhost 6333', collection: 'movies' });
    bad.beginTurn();
    expect(await bad.search(query, 10)).toEqual(await local.search(query, 10));
    expect(bad.report().fallback?.reason).toBe('config');
  });

  it('a turn without a vector search reports no source', async () => {
    const { local, ids } = await setup();
    const index = createSwitchableIndex(local, { movieIds: () => ids });
    await index.configure(UNREACHABLE);
    index.beginTurn();
    expect(index.report()).toEqual({ source: null, remote: true, fallback: null });
  });

  it('the retriever ranks the same whether the local index answers directly or as the fallback', async () => {
    const { index: loaded, local, ids } = await setup();
    const vectorsFor = (row: number) =>
      row < loaded.vectors.rows ? dequantizeRow(loaded.vectors, row) : null;
    const direct = createRetriever({ movies: loaded.movies, index: local, vectorsFor });
    const switchable = createSwitchableIndex(local, { movieIds: () => ids });
    await switchable.configure(UNREACHABLE);
    const viaFallback = createRetriever({ movies: loaded.movies, index: switchable, vectorsFor });
    const plan: QueryPlan = {
      searchText: 'family adventure',
      constraints: { years: [1990, 2000] },
      likeTitles: [],
      unlikeTitles: [],
      likeIds: [],
      unlikeIds: [],
      quality: null,
      source: 'rules',
    };
    switchable.beginTurn();
    const a = await direct.retrieve(plan, query, { k: 8 });
    const b = await viaFallback.retrieve(plan, query, { k: 8 });
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    expect(switchable.report().fallback?.reason).toBe('unreachable');
  });

  it('notices name the reason; secrets are redacted from details', () => {
    expect(fallbackNotice('timeout')).toBe(
      'Qdrant server too slow to answer — answered from the index on this device.',
    );
    expect(fallbackNotice('unauthorized')).toMatch(/API key — answered from the index on this device\.$/);
    expect(redactSecret('bad key abcd1234 here', 'abcd1234')).toBe('bad key [api key] here');
    expect(redactSecret('nothing secret', undefined)).toBe('nothing secret');
  });
});
