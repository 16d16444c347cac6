/**
 * Sync of the personal lists (src/qdrant/personal-sync.ts, src/qdrant/personal-sync-runner.ts): list edits become sync versions,
 * remote winners become list edits, the offline queue survives a restart, and two devices that sync end
 * with the same lists (property test). The remote is an in-memory `SyncRemote` (a plain record store, the
 * interface src/qdrant/sync.ts implements on Qdrant): this tests the app's side, not a Qdrant server.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SyncEngine, type SyncRemote } from '../../src/core/sync/engine.ts';
import { recordKey, type SyncRecord } from '../../src/core/sync/types.ts';
import {
  changesFromLists,
  itemForOp,
  opsFromRecords,
  type PersonalLists,
  type PersonalOp,
} from '../../src/qdrant/personal-sync.ts';
import {
  loadSnapshot,
  startPersonalSync,
  type StartSync,
  type SyncUiStatus,
} from '../../src/qdrant/personal-sync-runner.ts';

class MemoryStorage implements Storage {
  private map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
}

/** A record store standing in for the server; `down` makes every call fail like a network error. */
function memoryRemote() {
  const records = new Map<string, SyncRecord>();
  const remote: SyncRemote & { down: boolean; records: Map<string, SyncRecord> } = {
    down: false,
    records,
    async pull() {
      if (remote.down) throw new TypeError('fetch failed');
      return [...records.values()].map((r) => ({ ...r }));
    },
    async push(batch) {
      if (remote.down) throw new TypeError('fetch failed');
      for (const r of batch) records.set(recordKey(r.kind, r.movieId), { ...r });
    },
  };
  return remote;
}

const empty = (): PersonalLists => ({ ratings: [], watchlist: [], hidden: [] });
const rating = (movieId: number, value: 1 | -1) => ({
  movieId,
  title: `m${movieId}`,
  value,
  query: '',
  at: 1,
});
const watch = (movieId: number) => ({ movieId, title: `m${movieId}`, year: null, addedAt: 1 });
const hide = (movieId: number) => ({ movieId, title: `m${movieId}`, at: 1 });

/** A device: its lists, its storage, and a controller bound to a shared remote with a shared clock. */
function device(remote: SyncRemote, clock: { t: number }, storage = new MemoryStorage()) {
  const d = {
    lists: empty(),
    storage,
    statuses: [] as SyncUiStatus[],
    applyGate: null as Promise<void> | null,
  };
  const apply = async (ops: PersonalOp[]) => {
    if (d.applyGate) await d.applyGate; // a slow store write
    for (const op of ops) {
      const list = d.lists[op.collection] as Array<{ movieId: number }>;
      const rest = list.filter((x) => x.movieId !== op.movieId);
      const next = op.op === 'remove' ? rest : [...rest, itemForOp(op, undefined, clock.t).item];
      d.lists = { ...d.lists, [op.collection]: next };
    }
  };
  const start: StartSync = (o) => {
    const engine = new SyncEngine({
      ...o,
      remote,
      autoSync: false,
      now: () => ++clock.t,
      setTimer: () => () => undefined, // retries are driven by the test
    });
    return { engine, dispose: () => engine.stop() };
  };
  const run = () =>
    startPersonalSync({
      url: 'http://localhost:6333',
      userId: 'user-0001-test',
      storage: d.storage,
      readLists: () => d.lists,
      apply,
      onStatus: (s) => d.statuses.push(s),
      start,
    });
  return { d, run };
}

/** Let apply() promises and their reconcile() settle. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('list edits ↔ sync versions', () => {
  it('new, changed and removed items become versions; unchanged ones do not', () => {
    const state = {
      [recordKey('rating', 1)]: { kind: 'rating', movieId: 1, value: 1, updatedAt: 5, replica: 'a' },
      [recordKey('rating', 2)]: { kind: 'rating', movieId: 2, value: 1, updatedAt: 5, replica: 'a' },
      [recordKey('watchlist', 3)]: { kind: 'watchlist', movieId: 3, value: true, updatedAt: 5, replica: 'a' },
      [recordKey('hidden', 4)]: {
        kind: 'hidden',
        movieId: 4,
        value: true,
        updatedAt: 5,
        replica: 'a',
        deleted: true,
      },
    } satisfies Record<string, SyncRecord>;
    const lists: PersonalLists = {
      ratings: [rating(1, 1), rating(2, -1)],
      watchlist: [watch(9)],
      hidden: [],
    };
    expect(changesFromLists(lists, state)).toEqual([
      { kind: 'rating', movieId: 2, value: -1 },
      { kind: 'watchlist', movieId: 9, value: true },
      { kind: 'watchlist', movieId: 3, deleted: true },
    ]);
    // Keys being written from the server are not local changes yet.
    expect(
      changesFromLists(lists, state, new Set([recordKey('rating', 2), recordKey('watchlist', 3)])),
    ).toEqual([{ kind: 'watchlist', movieId: 9, value: true }]);
  });

  it('remote winners become list edits; a rating value the lists cannot hold is rejected', () => {
    const base = { updatedAt: 1, replica: 'b' };
    const { ops, rejected } = opsFromRecords([
      { kind: 'rating', movieId: 1, value: -1, ...base },
      { kind: 'rating', movieId: 2, value: 'five', ...base },
      { kind: 'watchlist', movieId: 3, value: true, ...base },
      { kind: 'hidden', movieId: 4, value: null, deleted: true, ...base },
    ]);
    expect(ops).toEqual([
      { op: 'put', collection: 'ratings', movieId: 1, value: -1 },
      { op: 'put', collection: 'watchlist', movieId: 3, value: true },
      { op: 'remove', collection: 'hidden', movieId: 4 },
    ]);
    expect(rejected.map((r) => r.movieId)).toEqual([2]);
    expect(itemForOp(ops[0] as Extract<PersonalOp, { op: 'put' }>, { title: 'Heat', year: 1995 }, 7)).toEqual(
      {
        collection: 'ratings',
        item: { movieId: 1, title: 'Heat', value: -1, query: '', at: 7 },
      },
    );
  });
});

describe('personal sync controller', () => {
  it('a second device receives the lists, and a removal there reaches the first', async () => {
    const remote = memoryRemote();
    const clock = { t: 1000 };
    const a = device(remote, clock);
    const b = device(remote, clock);
    a.d.lists = { ratings: [rating(10, 1)], watchlist: [watch(11)], hidden: [hide(12)] };
    const syncA = await a.run();
    syncA.reconcile();
    await syncA.engine.syncNow();
    expect(remote.records.size).toBe(3);

    const syncB = await b.run();
    await syncB.engine.syncNow();
    await settle();
    expect(b.d.lists.ratings.map((r) => [r.movieId, r.value])).toEqual([[10, 1]]);
    expect(b.d.lists.watchlist.map((w) => w.movieId)).toEqual([11]);
    expect(b.d.lists.hidden.map((h) => h.movieId)).toEqual([12]);
    // Applying the server's versions is not a local change: nothing new queued on B.
    expect(syncB.engine.pending).toBe(0);

    b.d.lists = { ...b.d.lists, watchlist: [] };
    syncB.reconcile();
    await syncB.engine.syncNow();
    await syncA.engine.syncNow();
    await settle();
    expect(a.d.lists.watchlist).toEqual([]);
    expect(a.d.lists.ratings).toHaveLength(1);
    syncA.stop();
    syncB.stop();
  });

  it('while server versions are being written, the lists missing them is not read as a removal', async () => {
    const remote = memoryRemote();
    const clock = { t: 1000 };
    const a = device(remote, clock);
    const b = device(remote, clock);
    a.d.lists = { ...empty(), watchlist: [watch(40)] };
    const sa = await a.run();
    sa.reconcile();
    await sa.engine.syncNow();
    let open!: () => void;
    b.d.applyGate = new Promise((r) => (open = r));
    const sb = await b.run();
    await sb.engine.syncNow(); // pulled and merged; the write to the lists is still pending
    sb.reconcile(); // e.g. an unrelated edit re-ran the comparison
    expect(sb.engine.pending).toBe(0);
    open();
    await settle();
    expect(b.d.lists.watchlist.map((w) => w.movieId)).toEqual([40]);
    await sb.engine.syncNow();
    expect(remote.records.get(recordKey('watchlist', 40))?.deleted).toBeUndefined();
    sa.stop();
    sb.stop();
  });

  it('changes made offline are queued, survive a restart, and are pushed when the server is back', async () => {
    const remote = memoryRemote();
    remote.down = true;
    const clock = { t: 1000 };
    const a = device(remote, clock);
    const first = await a.run();
    a.d.lists = { ...empty(), ratings: [rating(20, -1)] };
    first.reconcile();
    await first.engine.syncNow();
    expect(a.d.statuses.at(-1)).toMatchObject({ kind: 'offline', pending: 1 });
    expect(loadSnapshot(a.d.storage, 'user-0001-test')?.outbox).toHaveProperty(recordKey('rating', 20));
    first.stop();

    // "Reload": a new controller on the same storage, server reachable again.
    remote.down = false;
    const second = await a.run();
    await second.engine.syncNow();
    expect(remote.records.get(recordKey('rating', 20))).toMatchObject({ value: -1 });
    expect(second.engine.pending).toBe(0);
    expect(a.d.statuses.at(-1)).toMatchObject({ kind: 'synced' });
    second.stop();
  });

  it('an item removed while sync was off is removed remotely when it starts again', async () => {
    const remote = memoryRemote();
    const clock = { t: 1000 };
    const a = device(remote, clock);
    a.d.lists = { ...empty(), watchlist: [watch(30), watch(31)] };
    const on = await a.run();
    on.reconcile();
    await on.engine.syncNow();
    on.stop();
    a.d.lists = { ...empty(), watchlist: [watch(31)] };
    const again = await a.run();
    again.reconcile();
    await again.engine.syncNow();
    expect(remote.records.get(recordKey('watchlist', 30))?.deleted).toBe(true);
    expect(remote.records.get(recordKey('watchlist', 31))?.deleted).toBeUndefined();
    again.stop();
  });

  it('property: two devices editing independently end with the same lists after syncing', async () => {
    const ids = fc.integer({ min: 1, max: 8 });
    const lists = fc.record({
      ratings: fc.uniqueArray(fc.tuple(ids, fc.constantFrom(1 as const, -1 as const)), {
        selector: (t) => t[0],
      }),
      watchlist: fc.uniqueArray(ids),
      hidden: fc.uniqueArray(ids),
    });
    const toLists = (l: {
      ratings: [number, 1 | -1][];
      watchlist: number[];
      hidden: number[];
    }): PersonalLists => ({
      ratings: l.ratings.map(([id, v]) => rating(id, v)),
      watchlist: l.watchlist.map(watch),
      hidden: l.hidden.map(hide),
    });
    const view = (l: PersonalLists) => ({
      ratings: l.ratings.map((r) => [r.movieId, r.value]).sort(),
      watchlist: l.watchlist.map((w) => w.movieId).sort(),
      hidden: l.hidden.map((h) => h.movieId).sort(),
    });
    await fc.assert(
      fc.asyncProperty(lists, lists, lists, async (start, editA, editB) => {
        const remote = memoryRemote();
        const clock = { t: 1000 };
        const a = device(remote, clock);
        const b = device(remote, clock);
        a.d.lists = toLists(start);
        const sa = await a.run();
        const sb = await b.run();
        sa.reconcile();
        await sa.engine.syncNow();
        await sb.engine.syncNow();
        await settle();
        expect(view(b.d.lists)).toEqual(view(a.d.lists));
        // Both edit offline-style (no sync in between), then sync in turn.
        a.d.lists = toLists(editA);
        b.d.lists = toLists(editB);
        sa.reconcile();
        sb.reconcile();
        await sa.engine.syncNow();
        await sb.engine.syncNow();
        await settle();
        await sa.engine.syncNow();
        await settle();
        expect(view(a.d.lists)).toEqual(view(b.d.lists));
        sa.stop();
        sb.stop();
      }),
      { numRuns: 60 },
    );
  });
});
