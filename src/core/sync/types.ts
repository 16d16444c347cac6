/**
 * Records a user's personal lists are synced as. Plain data (idb, postMessage, Qdrant payload).
 *
 * One record per (kind, movieId): the latest version wins (last-write-wins on `updatedAt`, ties broken by
 * `replica`, see merge.ts). A delete is a version too (`deleted: true`, a tombstone), so it propagates and
 * cannot be undone by a stale copy coming back from another device.
 */

export const SYNC_KINDS = ['rating', 'watchlist', 'hidden'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];

/** rating: the rating value (e.g. 1 / -1); watchlist / hidden: true. */
export type SyncValue = number | boolean | string | null;

export interface SyncRecord {
  kind: SyncKind;
  /** TMDB id. */
  movieId: number;
  value: SyncValue;
  /** Milliseconds since the epoch; never lower than the previous version's + 1 on the same replica. */
  updatedAt: number;
  /** Id of the replica (device) that wrote this version: the deterministic tie-breaker. */
  replica: string;
  /** Tombstone: the item was removed at `updatedAt`. Absent (never `false`) when live. */
  deleted?: true;
}

/** All records of one replica, keyed by `recordKey(kind, movieId)`. */
export type SyncState = Readonly<Record<string, SyncRecord>>;

export function recordKey(kind: SyncKind, movieId: number): string {
  return `${kind}:${movieId}`;
}
