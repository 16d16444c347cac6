/**
 * The bridge between the personal lists (ratings, watchlist, hidden; src/storage) and the sync records of
 * src/core/sync. Pure functions over plain data, so the rules are testable without a browser:
 *
 * - `changesFromLists`: what changed locally since the sync state last saw the lists (a new or changed
 *   item becomes a version, a missing one a tombstone). Diffing instead of hooking every button means
 *   imports and any future way of editing the lists are synced too.
 * - `opsFromRecords`: the remote winners of a sync round as edits to apply to the lists.
 */
import type { LocalChange } from '../core/sync/merge.ts';
import {
  recordKey,
  type SyncKind,
  type SyncRecord,
  type SyncState,
  type SyncValue,
} from '../core/sync/types.ts';
import type { PersonalData } from '../storage/types.ts';

export type SyncedCollection = 'ratings' | 'watchlist' | 'hidden';
export type PersonalLists = Pick<PersonalData, SyncedCollection>;

const COLLECTION: Record<SyncKind, SyncedCollection> = {
  rating: 'ratings',
  watchlist: 'watchlist',
  hidden: 'hidden',
};

/** One edit to a personal list from a remote version. Ratings carry their value (1 / -1). */
export type PersonalOp =
  | { op: 'put'; collection: SyncedCollection; movieId: number; value: 1 | -1 | true }
  | { op: 'remove'; collection: SyncedCollection; movieId: number };

/** The live items of the lists as sync keys → values (rating: 1 / -1; watchlist, hidden: true). */
function liveValues(
  lists: PersonalLists,
): Map<string, { kind: SyncKind; movieId: number; value: SyncValue }> {
  const out = new Map<string, { kind: SyncKind; movieId: number; value: SyncValue }>();
  for (const r of lists.ratings)
    out.set(recordKey('rating', r.movieId), { kind: 'rating', movieId: r.movieId, value: r.value });
  for (const w of lists.watchlist)
    out.set(recordKey('watchlist', w.movieId), { kind: 'watchlist', movieId: w.movieId, value: true });
  for (const h of lists.hidden)
    out.set(recordKey('hidden', h.movieId), { kind: 'hidden', movieId: h.movieId, value: true });
  return out;
}

/**
 * Local changes the sync state does not know yet. `skip` holds keys whose remote version is being written
 * to the lists right now: until it lands, their absence (or old value) is not a local change.
 */
export function changesFromLists(
  lists: PersonalLists,
  state: SyncState,
  skip: ReadonlySet<string> = new Set(),
): LocalChange[] {
  const changes: LocalChange[] = [];
  const live = liveValues(lists);
  for (const [key, item] of live) {
    if (skip.has(key)) continue;
    const known = state[key];
    if (!known || known.deleted || known.value !== item.value) changes.push(item);
  }
  for (const [key, record] of Object.entries(state)) {
    if (record.deleted || live.has(key) || skip.has(key)) continue;
    changes.push({ kind: record.kind, movieId: record.movieId, deleted: true });
  }
  return changes;
}

/** Remote winners as list edits; versions whose value the lists cannot hold are returned in `rejected`. */
export function opsFromRecords(records: readonly SyncRecord[]): {
  ops: PersonalOp[];
  rejected: SyncRecord[];
} {
  const ops: PersonalOp[] = [];
  const rejected: SyncRecord[] = [];
  for (const r of records) {
    const collection = COLLECTION[r.kind];
    if (r.deleted) ops.push({ op: 'remove', collection, movieId: r.movieId });
    else if (r.kind !== 'rating') ops.push({ op: 'put', collection, movieId: r.movieId, value: true });
    else if (r.value === 1 || r.value === -1)
      ops.push({ op: 'put', collection, movieId: r.movieId, value: r.value });
    else rejected.push(r);
  }
  return { ops, rejected };
}

/** A list entry written from a remote version (typed per list, for `Personal.putSynced`). */
export type SyncedItem =
  | { collection: 'ratings'; item: PersonalData['ratings'][number] }
  | { collection: 'watchlist'; item: PersonalData['watchlist'][number] }
  | { collection: 'hidden'; item: PersonalData['hidden'][number] };

/**
 * The list entry for a `put` op. Titles come from the local index; a movie it lacks keeps a placeholder
 * title rather than being dropped (dropping it would read as a local removal and delete it everywhere).
 */
export function itemForOp(
  op: Extract<PersonalOp, { op: 'put' }>,
  movie: { title: string; year: number | null } | undefined,
  now: number,
): SyncedItem {
  const title = movie?.title ?? `Movie #${op.movieId}`;
  if (op.collection === 'ratings') {
    const value = op.value === -1 ? -1 : 1;
    return { collection: 'ratings', item: { movieId: op.movieId, title, value, query: '', at: now } };
  }
  if (op.collection === 'watchlist') {
    return {
      collection: 'watchlist',
      item: { movieId: op.movieId, title, year: movie?.year ?? null, addedAt: now },
    };
  }
  return { collection: 'hidden', item: { movieId: op.movieId, title, at: now } };
}
