/**
 * Offline queue: local versions not yet confirmed by the server. Coalesced per key (only the newest version
 * of an item is ever sent), and a version is removed only once the push that carried it succeeded, so a
 * write made while a push was in flight stays queued.
 */
import { compareVersions, merge } from './merge.ts';
import { recordKey, type SyncRecord, type SyncState } from './types.ts';

import { backoffMs } from '../timing.ts';

export type Outbox = SyncState;

export function enqueue(outbox: Outbox, record: SyncRecord): Outbox {
  return merge(outbox, { [recordKey(record.kind, record.movieId)]: record });
}

/** Drop the versions a successful push carried (and only those exact versions). */
export function acknowledge(outbox: Outbox, pushed: readonly SyncRecord[]): Outbox {
  const out: Record<string, SyncRecord> = { ...outbox };
  for (const r of pushed) {
    const key = recordKey(r.kind, r.movieId);
    const queued = out[key];
    if (queued && compareVersions(queued, r) <= 0) delete out[key];
  }
  return out;
}

/** Back-off for sync retries: 1 s, 2 s, 4 s ... capped at a minute (core/timing.ts). */
export const retryDelayMs = backoffMs;
