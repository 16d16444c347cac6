/**
 * Last-write-wins merge of sync states. `compareVersions` is a total order on the versions of one key, so
 * `merge` (per-key maximum) is commutative, associative and idempotent: replicas that have seen the same
 * versions hold the same state, whatever the order they saw them in (tests/sync/merge.property.test.ts).
 */
import {
  recordKey,
  SYNC_KINDS,
  type SyncKind,
  type SyncRecord,
  type SyncState,
  type SyncValue,
} from './types.ts';

function cmp<T extends string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Stable text of a value for the last tie-break (types differ: 1 vs "1" vs true). */
function valueText(value: SyncValue): string {
  return `${typeof value}:${String(value)}`;
}

/**
 * Order of two versions of the same key: later `updatedAt` wins; on a tie the larger replica id; then a
 * tombstone beats a live value (a delete is never silently undone); then the value text, so that even two
 * different writes by one replica in the same millisecond resolve the same way everywhere.
 */
export function compareVersions(a: SyncRecord, b: SyncRecord): number {
  return (
    cmp(a.updatedAt, b.updatedAt) ||
    cmp(a.replica, b.replica) ||
    cmp(a.deleted ? 1 : 0, b.deleted ? 1 : 0) ||
    cmp(valueText(a.value), valueText(b.value))
  );
}

/** Per-key maximum of two states. Never drops a key: tombstones are kept as records. */
export function merge(a: SyncState, b: SyncState): SyncState {
  const out: Record<string, SyncRecord> = { ...a };
  for (const [key, theirs] of Object.entries(b)) {
    const ours = out[key];
    if (!ours || compareVersions(theirs, ours) > 0) out[key] = theirs;
  }
  return out;
}

/** State from a list of records (several versions of one key: the winner stays). */
export function stateFrom(records: Iterable<SyncRecord>): SyncState {
  const out: Record<string, SyncRecord> = {};
  for (const r of records) {
    const key = recordKey(r.kind, r.movieId);
    const ours = out[key];
    if (!ours || compareVersions(r, ours) > 0) out[key] = r;
  }
  return out;
}

export interface MergeConflict {
  key: string;
  kept: SyncRecord;
  /** The other side's version, kept here so the UI can show or restore it: nothing is lost silently. */
  overwritten: SyncRecord;
}

export interface MergeReport {
  merged: SyncState;
  /** Local versions the remote lacks or has older: to upload. */
  toPush: SyncRecord[];
  /** Remote versions newer than (or missing from) the local state: to apply to local storage. */
  toApply: SyncRecord[];
  /** Keys both sides changed to different versions. */
  conflicts: MergeConflict[];
}

/** Merge a remote state into the local one and say what has to move in each direction. */
export function mergeWithReport(local: SyncState, remote: SyncState): MergeReport {
  const toPush: SyncRecord[] = [];
  const toApply: SyncRecord[] = [];
  const conflicts: MergeConflict[] = [];
  for (const [key, ours] of Object.entries(local)) {
    const theirs = remote[key];
    if (!theirs) {
      toPush.push(ours);
      continue;
    }
    const order = compareVersions(ours, theirs);
    if (order > 0) {
      toPush.push(ours);
      conflicts.push({ key, kept: ours, overwritten: theirs });
    } else if (order < 0) {
      toApply.push(theirs);
      conflicts.push({ key, kept: theirs, overwritten: ours });
    }
  }
  for (const [key, theirs] of Object.entries(remote)) {
    if (!local[key]) toApply.push(theirs);
  }
  return { merged: merge(local, remote), toPush, toApply, conflicts };
}

export interface LocalChange {
  kind: SyncKind;
  movieId: number;
  value?: SyncValue;
  /** Remove the item (writes a tombstone). */
  deleted?: boolean;
}

/**
 * A new local version. `updatedAt` is at least the previous version's + 1 so a device whose clock went
 * backwards still supersedes its own earlier write.
 */
export function localVersion(
  state: SyncState,
  change: LocalChange,
  now: number,
  replica: string,
): SyncRecord {
  const prev = state[recordKey(change.kind, change.movieId)];
  const updatedAt = Math.max(Math.floor(now), prev ? prev.updatedAt + 1 : 0);
  const record: SyncRecord = {
    kind: change.kind,
    movieId: change.movieId,
    value: change.deleted ? null : (change.value ?? true),
    updatedAt,
    replica,
  };
  if (change.deleted) record.deleted = true;
  return record;
}

/** Live (non-deleted) records of one kind, e.g. the synced watchlist. */
export function liveRecords(state: SyncState, kind: SyncKind): SyncRecord[] {
  return Object.values(state).filter((r) => r.kind === kind && !r.deleted);
}

/**
 * Validate a record from outside (a server payload, an import file). Returns the record or a reason; a bad
 * record is reported and skipped, never merged.
 */
export function parseSyncRecord(
  input: unknown,
): { ok: true; record: SyncRecord } | { ok: false; reason: string } {
  if (typeof input !== 'object' || input === null) return { ok: false, reason: 'not an object' };
  const o = input as Record<string, unknown>;
  if (typeof o.kind !== 'string' || !(SYNC_KINDS as readonly string[]).includes(o.kind)) {
    return { ok: false, reason: `unknown kind ${JSON.stringify(o.kind)}` };
  }
  if (typeof o.movieId !== 'number' || !Number.isSafeInteger(o.movieId) || o.movieId < 0) {
    return { ok: false, reason: 'movieId must be a non-negative integer' };
  }
  if (typeof o.updatedAt !== 'number' || !Number.isFinite(o.updatedAt)) {
    return { ok: false, reason: 'updatedAt must be a number' };
  }
  if (typeof o.replica !== 'string' || o.replica.length === 0)
    return { ok: false, reason: 'replica missing' };
  const v = o.value;
  if (!(v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string')) {
    return { ok: false, reason: 'value must be a number, boolean, string or null' };
  }
  const record: SyncRecord = {
    kind: o.kind as SyncKind,
    movieId: o.movieId,
    value: v,
    updatedAt: o.updatedAt,
    replica: o.replica,
  };
  if (o.deleted === true) record.deleted = true;
  return { ok: true, record };
}
