/**
 * SyncEngine (src/core/sync/engine.ts): two replicas syncing through a remote store, with random edits,
 * random offline periods and skewed clocks; they must converge to the latest version of every item, and the
 * local mirror each replica keeps (fed by `onApply`) must agree. The remote here is an in-memory
 * implementation of the engine's `SyncRemote` interface (a map of records), not a Qdrant stand-in;
 * the Qdrant adapter's requests are covered in tests/qdrant/sync.contract.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SyncEngine, type SyncRemote, type SyncStatus } from '../../src/core/sync/engine.ts';
import { compareVersions, liveRecords, stateFrom } from '../../src/core/sync/merge.ts';
import { recordKey, SYNC_KINDS, type SyncRecord } from '../../src/core/sync/types.ts';

class MemoryRemote implements SyncRemote {
  readonly records = new Map<string, SyncRecord>();
  online = true;
  pushes = 0;
  async pull(): Promise<unknown[]> {
    if (!this.online) throw new TypeError('fetch failed');
    return structuredClone([...this.records.values()]);
  }
  async push(records: SyncRecord[]): Promise<void> {
    if (!this.online) throw new TypeError('fetch failed');
    this.pushes++;
    // Plain overwrite, like a Qdrant upsert: the engine must never push a version older than the stored one.
    for (const r of records) this.records.set(recordKey(r.kind, r.movieId), structuredClone(r));
  }
}

const opArb = fc.oneof(
  fc.record({
    type: fc.constant('change' as const),
    replica: fc.integer({ min: 0, max: 1 }),
    kind: fc.constantFrom(...SYNC_KINDS),
    movieId: fc.integer({ min: 1, max: 4 }),
    value: fc.constantFrom(1, -1, true),
    deleted: fc.boolean(),
    tick: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({ type: fc.constant('sync' as const), replica: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ type: fc.constant('network' as const), online: fc.boolean() }),
);

describe('SyncEngine convergence', () => {
  it('two replicas with random edits, offline periods and skewed clocks converge; nothing written is lost', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { maxLength: 40 }),
        fc.integer({ min: -3, max: 3 }),
        async (ops, skew) => {
          const remote = new MemoryRemote();
          let clock = 100;
          const written: SyncRecord[] = [];
          const applied: SyncRecord[][] = [[], []];
          const engines = [0, 1].map(
            (i) =>
              new SyncEngine({
                replica: `replica-${i}`,
                remote,
                autoSync: false,
                now: () => clock + (i === 1 ? skew : 0),
                setTimer: () => () => {}, // retries are driven by the explicit syncs below
                onApply: (records) => applied[i].push(...records),
              }),
          );
          for (const op of ops) {
            if (op.type === 'change') {
              clock += op.tick;
              written.push(engines[op.replica].change(op));
            } else if (op.type === 'sync') await engines[op.replica].syncNow();
            else remote.online = op.online;
          }
          remote.online = true;
          await engines[0].syncNow();
          await engines[1].syncNow();
          await engines[0].syncNow();
          const [a, b] = engines.map((e) => e.snapshot());
          expect(a.state).toEqual(b.state);
          expect(a.state).toEqual(stateFrom(written));
          expect(Object.fromEntries(remote.records)).toEqual(a.state);
          expect(a.outbox).toEqual({});
          expect(b.outbox).toEqual({});
          // Each replica's mirror (own writes + applied remote winners) ends on the same latest versions.
          engines.forEach((_, i) => {
            const own = written.filter((r) => r.replica === `replica-${i}`);
            expect(stateFrom([...own, ...applied[i]])).toEqual(a.state);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('SyncEngine offline queue', () => {
  it('queues while offline, retries with back-off, and flushes when back online', async () => {
    const remote = new MemoryRemote();
    remote.online = false;
    const timers: Array<{ fn: () => void; ms: number }> = [];
    const statuses: SyncStatus[] = [];
    const engine = new SyncEngine({
      replica: 'phone',
      remote,
      now: () => 1000,
      setTimer: (fn, ms) => {
        timers.push({ fn, ms });
        return () => {};
      },
      onStatus: (s) => statuses.push(s),
    });
    engine.change({ kind: 'watchlist', movieId: 862, value: true });
    await engine.syncNow();
    engine.change({ kind: 'rating', movieId: 862, value: 1 });
    await engine.syncNow();
    expect(engine.pending).toBe(2);
    expect(
      statuses.filter((s) => s.kind === 'offline').map((s) => (s.kind === 'offline' ? s.retryInMs : 0)),
    ).toEqual(expect.arrayContaining([1000, 2000]));
    expect(remote.records.size).toBe(0);

    remote.online = true;
    timers.at(-1)!.fn(); // the scheduled retry fires
    await engine.syncNow();
    expect(engine.pending).toBe(0);
    expect([...remote.records.keys()].sort()).toEqual(['rating:862', 'watchlist:862']);
    expect(statuses.at(-1)).toMatchObject({ kind: 'idle' });
  });

  it('a delete made on one device removes the item on the other (tombstone), even if the other re-syncs a stale copy', async () => {
    const remote = new MemoryRemote();
    let now = 10;
    const applied: SyncRecord[] = [];
    const laptop = new SyncEngine({ replica: 'laptop', remote, autoSync: false, now: () => now });
    const phone = new SyncEngine({
      replica: 'phone',
      remote,
      autoSync: false,
      now: () => now,
      onApply: (r) => applied.push(...r),
    });
    laptop.change({ kind: 'hidden', movieId: 5, value: true });
    await laptop.syncNow();
    await phone.syncNow();
    expect(liveRecords(phone.snapshot().state, 'hidden').map((r) => r.movieId)).toEqual([5]);
    now = 20;
    laptop.change({ kind: 'hidden', movieId: 5, deleted: true });
    await laptop.syncNow();
    await phone.syncNow();
    expect(liveRecords(phone.snapshot().state, 'hidden')).toEqual([]);
    expect(applied.at(-1)).toMatchObject({ kind: 'hidden', movieId: 5, deleted: true });
  });

  it('rejects malformed remote records without losing the good ones', async () => {
    const remote = new MemoryRemote();
    const good: SyncRecord = { kind: 'rating', movieId: 3, value: -1, updatedAt: 5, replica: 'x' };
    remote.records.set('rating:3', good);
    remote.records.set('junk', { kind: 'oops' } as unknown as SyncRecord);
    const problems: string[] = [];
    const engine = new SyncEngine({
      replica: 'me',
      remote,
      autoSync: false,
      onRejected: (p) => problems.push(...p),
    });
    await engine.syncNow();
    expect(engine.snapshot().state).toEqual({ 'rating:3': good });
    expect(problems).toEqual(['unknown kind "oops"']);
  });

  it('the newer version wins a conflict and the overwritten one is reported', async () => {
    const remote = new MemoryRemote();
    const conflicts: Array<{ kept: SyncRecord; overwritten: SyncRecord }> = [];
    let t = 100;
    const a = new SyncEngine({ replica: 'a', remote, autoSync: false, now: () => t });
    const b = new SyncEngine({
      replica: 'b',
      remote,
      autoSync: false,
      now: () => t,
      onConflicts: (c) => conflicts.push(...c),
    });
    a.change({ kind: 'rating', movieId: 1, value: 1 });
    t = 101;
    b.change({ kind: 'rating', movieId: 1, value: -1 });
    await a.syncNow();
    await b.syncNow();
    await a.syncNow();
    expect(a.snapshot().state['rating:1'].value).toBe(-1);
    expect(conflicts).toHaveLength(1);
    expect(compareVersions(conflicts[0].kept, conflicts[0].overwritten)).toBeGreaterThan(0);
    expect(conflicts[0].overwritten.value).toBe(1);
  });
});
