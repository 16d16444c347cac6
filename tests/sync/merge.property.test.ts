/** Property tests of the last-write-wins merge (src/core/sync/merge.ts) with fast-check. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  localVersion,
  merge,
  mergeWithReport,
  parseSyncRecord,
  stateFrom,
} from '../../src/core/sync/merge.ts';
import { acknowledge, enqueue } from '../../src/core/sync/outbox.ts';
import { recordKey } from '../../src/core/sync/types.ts';
import { recordArb, stateArb } from './arbitraries.ts';

const RUNS = { numRuns: 400 };

describe('merge is a join (order of arrival does not matter)', () => {
  it('commutative', () => {
    fc.assert(
      fc.property(stateArb, stateArb, (a, b) => {
        expect(merge(a, b)).toEqual(merge(b, a));
      }),
      RUNS,
    );
  });
  it('associative', () => {
    fc.assert(
      fc.property(stateArb, stateArb, stateArb, (a, b, c) => {
        expect(merge(merge(a, b), c)).toEqual(merge(a, merge(b, c)));
      }),
      RUNS,
    );
  });
  it('idempotent, with the empty state as identity', () => {
    fc.assert(
      fc.property(stateArb, stateArb, (a, b) => {
        expect(merge(a, a)).toEqual(a);
        expect(merge(a, {})).toEqual(a);
        const ab = merge(a, b);
        expect(merge(ab, b)).toEqual(ab);
      }),
      RUNS,
    );
  });
  it('compareVersions is a total order on versions of a key (antisymmetric; 0 only for equal records)', () => {
    fc.assert(
      fc.property(recordArb, recordArb, (x, other) => {
        const y = { ...other, kind: x.kind, movieId: x.movieId };
        expect(Math.sign(compareVersions(x, y)) + Math.sign(compareVersions(y, x))).toBe(0);
        if (compareVersions(x, y) === 0) expect(x).toEqual(y);
      }),
      RUNS,
    );
  });
});

describe('nothing is lost', () => {
  it('every key of either side survives, holding the later version; tombstones included', () => {
    fc.assert(
      fc.property(stateArb, stateArb, (a, b) => {
        const m = merge(a, b);
        expect(new Set(Object.keys(m))).toEqual(new Set([...Object.keys(a), ...Object.keys(b)]));
        for (const [key, r] of Object.entries(m)) {
          expect([a[key], b[key]]).toContainEqual(r);
          if (a[key]) expect(compareVersions(r, a[key])).toBeGreaterThanOrEqual(0);
          if (b[key]) expect(compareVersions(r, b[key])).toBeGreaterThanOrEqual(0);
        }
      }),
      RUNS,
    );
  });

  it('mergeWithReport: push = local winners, apply = remote winners, every overwritten version reported', () => {
    fc.assert(
      fc.property(stateArb, stateArb, (local, remote) => {
        const { merged, toPush, toApply, conflicts } = mergeWithReport(local, remote);
        expect(merged).toEqual(merge(local, remote));
        // After pushing, the remote equals the merge; after applying, so does the local side.
        expect(merge(remote, stateFrom(toPush))).toEqual(merged);
        expect(merge(local, stateFrom(toApply))).toEqual(merged);
        for (const c of conflicts) {
          expect(compareVersions(c.kept, c.overwritten)).toBeGreaterThan(0);
          expect([local[c.key], remote[c.key]]).toContainEqual(c.overwritten);
        }
        const differing = Object.keys(local).filter(
          (k) => remote[k] && compareVersions(local[k], remote[k]) !== 0,
        );
        expect(conflicts.map((c) => c.key).sort()).toEqual(differing.sort());
      }),
      RUNS,
    );
  });
});

describe('local versions and the outbox', () => {
  it('a new local version always supersedes the previous one, even with a clock that went backwards', () => {
    fc.assert(
      fc.property(stateArb, recordArb, fc.integer({ min: -5, max: 10 }), (state, base, now) => {
        const r = localVersion(state, { kind: base.kind, movieId: base.movieId, value: 1 }, now, 'z');
        const prev = state[recordKey(base.kind, base.movieId)];
        if (prev) expect(compareVersions(r, prev)).toBeGreaterThan(0);
        expect(merge(state, stateFrom([r]))[recordKey(r.kind, r.movieId)]).toEqual(r);
      }),
      RUNS,
    );
  });

  it('acknowledging a push removes exactly the pushed versions, keeping newer queued writes', () => {
    fc.assert(
      fc.property(
        fc.array(recordArb, { maxLength: 15 }),
        fc.array(recordArb, { maxLength: 15 }),
        (first, later) => {
          const pushed = Object.values(stateFrom(first));
          let outbox = pushed.reduce(enqueue, {});
          outbox = later.reduce(enqueue, outbox);
          const after = acknowledge(outbox, pushed);
          for (const [key, queued] of Object.entries(outbox)) {
            const sent = pushed.find((p) => recordKey(p.kind, p.movieId) === key);
            if (sent && compareVersions(queued, sent) <= 0) expect(after[key]).toBeUndefined();
            else expect(after[key]).toEqual(queued);
          }
        },
      ),
      RUNS,
    );
  });
});

describe('parseSyncRecord', () => {
  it('accepts every generated record unchanged', () => {
    fc.assert(
      fc.property(recordArb, (r) => {
        expect(parseSyncRecord(JSON.parse(JSON.stringify(r)))).toEqual({ ok: true, record: r });
      }),
    );
  });
  it.each([
    [null, 'not an object'],
    [{ kind: 'likes', movieId: 1, value: 1, updatedAt: 1, replica: 'a' }, 'unknown kind'],
    [{ kind: 'rating', movieId: -1, value: 1, updatedAt: 1, replica: 'a' }, 'movieId'],
    [{ kind: 'rating', movieId: 1, value: 1, updatedAt: 'x', replica: 'a' }, 'updatedAt'],
    [{ kind: 'rating', movieId: 1, value: { a: 1 }, updatedAt: 1, replica: 'a' }, 'value'],
    [{ kind: 'rating', movieId: 1, value: 1, updatedAt: 1 }, 'replica'],
  ] as Array<[unknown, string]>)('rejects %j (%s)', (input, reason) => {
    const r = parseSyncRecord(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain(reason);
  });
});
