/**
 * withFallback: the app's guarantee that a down or slow Qdrant server never leaves the user without an
 * answer. Local side: the real int8 engine (src/search/int8-js.ts) over a real movie slice with seeded
 * vectors; remote side: a QdrantIndex pointed at a port where nothing listens (a real refused connection),
 * or stand-ins that hang, throw or answer.
 */
import { describe, expect, it } from 'vitest';
import type { VectorHit, VectorIndex } from '../../src/core/types.ts';
import { withFallback, type FallbackEvent } from '../../src/qdrant/fallback.ts';
import { QdrantUnavailableError } from '../../src/qdrant/errors.ts';
import { createQdrantSearch, rowOfIdFromIds } from '../../src/qdrant/qdrant-index.ts';
import { createInt8JsIndex } from '../../src/search/int8-js.ts';
import { sliceIndex, unitVectors } from './fixtures.ts';

async function localIndex(): Promise<{ local: VectorIndex; ids: number[] }> {
  const index = await sliceIndex(300, 16);
  return { local: createInt8JsIndex(index.vectors), ids: index.movies.map((m) => m.id) };
}

function standIn(search: VectorIndex['search'], name = 'stand-in'): VectorIndex & { calls: number } {
  const idx = {
    name,
    size: 300,
    dims: 16,
    calls: 0,
    search: (q: Float32Array, k: number, o?: Parameters<VectorIndex['search']>[2]) => {
      idx.calls++;
      return search(q, k, o);
    },
  };
  return idx;
}

const query = unitVectors(1, 16, 5)[0];

describe('withFallback', () => {
  it('unreachable server (real refused connection) → local results and a notice', async () => {
    const { local, ids } = await localIndex();
    const remote = createQdrantSearch({
      url: 'http://127.0.0.1:9',
      collection: 'movies',
      dims: 16,
      rowOfId: rowOfIdFromIds(ids),
      timeoutMs: 3000,
    });
    const events: FallbackEvent[] = [];
    const index = withFallback(remote, local, (e) => events.push(e), { timeoutMs: 5000 });
    const hits = await index.search(query, 10, { exclude: new Set([0]) });
    expect(hits).toEqual(await local.search(query, 10, { exclude: new Set([0]) }));
    expect(hits).toHaveLength(10);
    expect(events).toHaveLength(1);
    expect(events[0].reason).toBe('unreachable');
    expect(events[0].answeredBy).toBe(local.name);
    expect(index.lastSource).toBe('fallback');
  });

  it('slow server → local answer after the time limit', async () => {
    const { local } = await localIndex();
    const hang = standIn(() => new Promise<VectorHit[]>(() => {}));
    const events: FallbackEvent[] = [];
    const index = withFallback(hang, local, (e) => events.push(e), { timeoutMs: 100 });
    const started = performance.now();
    const hits = await index.search(query, 5);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(hits).toEqual(await local.search(query, 5));
    expect(events.map((e) => e.reason)).toEqual(['timeout']);
  });

  it('skips the primary during the cool-down, then tries it again', async () => {
    const { local } = await localIndex();
    let now = 1000;
    let fail = true;
    const flaky = standIn(async () => {
      if (fail) throw new QdrantUnavailableError('http', 'HTTP 503', 503);
      return [{ row: 42, score: 0.5 }];
    });
    const events: FallbackEvent[] = [];
    const index = withFallback(flaky, local, (e) => events.push(e), { cooldownMs: 10_000, now: () => now });
    await index.search(query, 3);
    await index.search(query, 3);
    expect(flaky.calls).toBe(1);
    expect(events).toHaveLength(1);
    expect(index.lastFallback?.reason).toBe('http');
    fail = false;
    now += 10_001;
    expect(await index.search(query, 3)).toEqual([{ row: 42, score: 0.5 }]);
    expect(flaky.calls).toBe(2);
    expect(index.lastSource).toBe('primary');
    expect(index.lastFallback).toBeNull();
  });

  it('an empty remote answer where the local index has results falls back too', async () => {
    const { local } = await localIndex();
    const empty = standIn(async () => []);
    const events: FallbackEvent[] = [];
    const index = withFallback(empty, local, (e) => events.push(e));
    const hits = await index.search(query, 4);
    expect(hits).toHaveLength(4);
    expect(events.map((e) => e.reason)).toEqual(['empty']);
  });

  it('a healthy server answers and no notice is raised', async () => {
    const { local } = await localIndex();
    const good = standIn(async (_q, k) =>
      Array.from({ length: k }, (_, i) => ({ row: i, score: 1 - i / 10 })),
    );
    const events: FallbackEvent[] = [];
    const index = withFallback(good, local, (e) => events.push(e));
    expect(await index.search(query, 3)).toEqual([
      { row: 0, score: 1 },
      { row: 1, score: 0.9 },
      { row: 2, score: 0.8 },
    ]);
    expect(events).toEqual([]);
    expect(index.lastSource).toBe('primary');
  });
});
