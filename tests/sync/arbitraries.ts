/** fast-check generators for sync records: a small key space and clock so ties and conflicts are common. */
import fc from 'fast-check';
import { stateFrom } from '../../src/core/sync/merge.ts';
import { SYNC_KINDS, type SyncRecord, type SyncState } from '../../src/core/sync/types.ts';

export const recordArb: fc.Arbitrary<SyncRecord> = fc
  .record({
    kind: fc.constantFrom(...SYNC_KINDS),
    movieId: fc.integer({ min: 1, max: 6 }),
    value: fc.oneof(fc.constantFrom(1, -1), fc.boolean(), fc.constant(null)),
    updatedAt: fc.integer({ min: 0, max: 5 }),
    replica: fc.constantFrom('a', 'b', 'c'),
    deleted: fc.boolean(),
  })
  .map(({ deleted, ...r }) => (deleted ? { ...r, value: null, deleted: true as const } : r));

export const stateArb: fc.Arbitrary<SyncState> = fc.array(recordArb, { maxLength: 25 }).map(stateFrom);
