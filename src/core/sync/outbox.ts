/**
 * Offline queue: local versions not yet confirmed by the server. Coalesced per key (only the newest version
 * of an item is ever sent), and a version is removed only once the push that carried it succeeded, so a
 * write made while a push was in flight stays queued.
 */
import { compareVersions, merge } from './merge.ts';
import { recordKey, type SyncRecord, type SyncState } from './types.ts';

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

/** Exponential back-off for retries: 1 s, 2 s, 4 s ... capped (ms). `random` in [0,1) adds up to 20 % jitter. */
export function retryDelayMs(attempt: number, { baseMs = 1000, maxMs = 60_000, random = 0 } = {}): number {
  const delay = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(delay * (1 + 0.2 * random));
}
