/**
 * CONTRACT TESTS (no server) of the Qdrant sync adapter (src/qdrant/sync.ts): collection creation, point
 * ids and payloads of upserts, scroll pagination, recorded at the fetch level through the official client.
 */
import type { Schemas } from '@qdrant/js-client-rest';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncEngine } from '../../src/core/sync/engine.ts';
import type { SyncRecord } from '../../src/core/sync/types.ts';
import { createQdrantClient } from '../../src/qdrant/client.ts';
import {
  createUserId,
  QdrantSyncRemote,
  syncCollectionName,
  syncPoint,
  syncPointId,
} from '../../src/qdrant/sync.ts';
import { interceptFetch, ok, okTrue, okUpdate, type RecordedRequest, type Reply } from './intercept-fetch.ts';

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});
function intercept(route: (req: RecordedRequest) => Reply): RecordedRequest[] {
  const h = interceptFetch(route);
  restore = h.restore;
  return h.requests;
}

const USER = '0b7e5a8e-1f2d-4c3b-9a8e-7d6c5b4a3f21';
const COLLECTION = `/collections/cinechat-sync-${USER}`;
const rec = (
  kind: SyncRecord['kind'],
  movieId: number,
  updatedAt: number,
  extra: Partial<SyncRecord> = {},
): SyncRecord => ({
  kind,
  movieId,
  value: kind === 'rating' ? 1 : true,
  updatedAt,
  replica: 'laptop',
  ...extra,
});

describe('sync ids and names', () => {
  it('point ids are deterministic per (kind, movie) and distinct across kinds', () => {
    expect(syncPointId('rating', 862)).toBe(1_000_000_862);
    expect(syncPointId('watchlist', 862)).toBe(2_000_000_862);
    expect(syncPointId('hidden', 862)).toBe(3_000_000_862);
    expect(() => syncPointId('rating', 1e9)).toThrow(RangeError);
  });
  it('user ids are random UUIDs; invalid ones are refused with a clear message', () => {
    const a = createUserId();
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(createUserId()).not.toBe(a);
    expect(syncCollectionName(a)).toBe(`cinechat-sync-${a}`);
    expect(() => syncCollectionName('../etc')).toThrow(/sync id/);
  });
  it('a tombstone keeps its deleted flag in the payload', () => {
    const p = syncPoint(rec('hidden', 5, 9, { value: null, deleted: true }));
    expect(p).toEqual({
      id: 3_000_000_005,
      vector: [1],
      payload: { kind: 'hidden', movieId: 5, value: null, updatedAt: 9, replica: 'laptop', deleted: true },
    });
  });
});

describe('QdrantSyncRemote (contract)', () => {
  it('creates the per-user collection once, upserts in batches, scrolls all pages', async () => {
    let created = false;
    const requests = intercept((req) => {
      if (req.path === `${COLLECTION}/exists`) return ok<Schemas['CollectionExistence']>({ exists: created });
      if (req.method === 'PUT' && req.path === COLLECTION) {
        created = true;
        return okTrue();
      }
      if (req.path === `${COLLECTION}/points`) return okUpdate();
      if (req.path === `${COLLECTION}/points/scroll`) {
        const body = req.body as Schemas['ScrollRequest'];
        const page: Schemas['ScrollResult'] =
          body.offset === undefined
            ? {
                points: [{ id: 1_000_000_001, payload: { ...rec('rating', 1, 5) } }],
                next_page_offset: 2_000_000_002,
              }
            : {
                points: [{ id: 2_000_000_002, payload: { ...rec('watchlist', 2, 6) } }],
                next_page_offset: null,
              };
        return ok(page);
      }
      return { status: 404, body: { status: { error: 'unexpected' } } };
    });
    const client = createQdrantClient({ url: 'https://qdrant.test' });
    const remote = new QdrantSyncRemote({ client, userId: USER, batchSize: 2 });
    await remote.push([rec('rating', 1, 5), rec('watchlist', 2, 6), rec('hidden', 3, 7)]);
    const pulled = await remote.pull();

    expect(requests.map((r) => `${r.method} ${r.path.replace(COLLECTION, '<user>')}`)).toEqual([
      'GET <user>/exists',
      'PUT <user>',
      'PUT <user>/points',
      'PUT <user>/points',
      'POST <user>/points/scroll',
      'POST <user>/points/scroll',
    ]);
    expect(requests[1].body).toEqual({ vectors: { size: 1, distance: 'Dot' } });
    const upserts = requests.filter((r) => r.path.endsWith('/points'));
    expect(upserts.every((r) => r.query.get('wait') === 'true')).toBe(true);
    expect((upserts[0].body as { points: Schemas['PointStruct'][] }).points.map((p) => p.id)).toEqual([
      1_000_000_001, 2_000_000_002,
    ]);
    expect((upserts[1].body as { points: Schemas['PointStruct'][] }).points).toEqual([
      syncPoint(rec('hidden', 3, 7)),
    ]);
    const scrolls = requests
      .filter((r) => r.path.endsWith('/scroll'))
      .map((r) => r.body as Schemas['ScrollRequest']);
    expect(scrolls[0]).toMatchObject({ limit: 2, with_payload: true, with_vector: false });
    expect(scrolls[1].offset).toBe(2_000_000_002);
    expect(pulled).toEqual([rec('rating', 1, 5), rec('watchlist', 2, 6)]);
  });

  it('an engine round over the adapter pushes only what the server lacks or has older', async () => {
    const serverHas: Schemas['Record'][] = [
      { id: 1_000_000_001, payload: { ...rec('rating', 1, 50, { value: -1, replica: 'phone' }) } },
      { id: 2_000_000_002, payload: { ...rec('watchlist', 2, 1) } },
    ];
    const requests = intercept((req) => {
      if (req.path.endsWith('/exists')) return ok({ exists: true });
      if (req.path.endsWith('/scroll'))
        return ok<Schemas['ScrollResult']>({ points: serverHas, next_page_offset: null });
      return okUpdate();
    });
    const applied: SyncRecord[] = [];
    const engine = new SyncEngine({
      replica: 'laptop',
      remote: new QdrantSyncRemote({
        client: createQdrantClient({ url: 'https://qdrant.test' }),
        userId: USER,
      }),
      autoSync: false,
      now: () => 10,
      onApply: (r) => applied.push(...r),
    });
    engine.change({ kind: 'rating', movieId: 1, value: 1 }); // older than the phone's (10 < 50): loses
    engine.change({ kind: 'watchlist', movieId: 2, deleted: true }); // newer than the server's: wins
    engine.change({ kind: 'hidden', movieId: 3, value: true }); // server lacks it
    await engine.syncNow();
    const pushed = requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/points'));
    expect(pushed).toHaveLength(1);
    expect((pushed[0].body as { points: Schemas['PointStruct'][] }).points.map((p) => p.id).sort()).toEqual([
      2_000_000_002, 3_000_000_003,
    ]);
    expect(applied).toEqual([rec('rating', 1, 50, { value: -1, replica: 'phone' })]);
    expect(engine.pending).toBe(0);
  });
});
