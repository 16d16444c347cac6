/**
 * `withFallback(primary, local, onFallback)`: a VectorIndex that asks the primary (Qdrant) and, when it
 * fails, is too slow, or returns nothing where the local index has answers, answers from the local index
 * and reports why. Never an empty answer because a server is down.
 *
 * After a failure the primary is skipped for `cooldownMs`, so a dead server costs one timeout, not one per
 * keystroke; the first query after the cool-down tries it again.
 */
import type { VectorHit, VectorIndex, VectorSearchOptions } from '../core/types.ts';
import { qdrantFailureReasonOf, toQdrantError, type QdrantFailureReason } from './errors.ts';
import { TimeoutError, withTimeout } from '../core/timing.ts';

export type FallbackReason = QdrantFailureReason | 'empty';

export interface FallbackEvent {
  reason: FallbackReason;
  message: string;
  /** Name of the index that answered instead. */
  answeredBy: string;
}

export type AnswerSource = 'primary' | 'fallback';

export interface FallbackOptions {
  /** Give up on the primary after this long (ms). Default 4000. */
  timeoutMs?: number;
  /** Skip the primary for this long after a failure (ms). Default 30000. */
  cooldownMs?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

export interface FallbackIndex extends VectorIndex {
  /** Which index answered the last search (null before the first). Shown in the UI. */
  readonly lastSource: AnswerSource | null;
  /** The last fallback event, cleared when the primary answers again. */
  readonly lastFallback: FallbackEvent | null;
}

export function withFallback(
  primary: VectorIndex,
  local: VectorIndex,
  onFallback: (event: FallbackEvent) => void,
  { timeoutMs = 4000, cooldownMs = 30_000, now = Date.now }: FallbackOptions = {},
): FallbackIndex {
  let skipPrimaryUntil = 0;
  let lastSource: AnswerSource | null = null;
  let lastFallback: FallbackEvent | null = null;

  const fallBack = async (
    reason: FallbackReason,
    message: string,
    query: Float32Array,
    k: number,
    options?: VectorSearchOptions,
  ): Promise<VectorHit[]> => {
    const hits = await local.search(query, k, options);
    lastSource = 'fallback';
    lastFallback = { reason, message, answeredBy: local.name };
    onFallback(lastFallback);
    return hits;
  };

  return {
    name: `${primary.name}|${local.name}`,
    size: local.size,
    dims: local.dims,
    get lastSource() {
      return lastSource;
    },
    get lastFallback() {
      return lastFallback;
    },
    async search(query, k, options) {
      if (now() < skipPrimaryUntil && lastFallback) {
        // Still cooling down: answer locally, keep the notice, don't re-notify on every query.
        lastSource = 'fallback';
        return local.search(query, k, options);
      }
      let hits: VectorHit[];
      try {
        hits = await withTimeout(primary.search(query, k, options), timeoutMs);
      } catch (error) {
        skipPrimaryUntil = now() + cooldownMs;
        const e = error instanceof TimeoutError ? null : toQdrantError(error);
        const reason: FallbackReason = e ? (qdrantFailureReasonOf(e) ?? 'http') : 'timeout';
        const message = e ? e.message : `the server did not answer within ${timeoutMs} ms`;
        return fallBack(reason, message, query, k, options);
      }
      if (hits.length === 0 && k > 0) {
        const localHits = await local.search(query, k, options);
        if (localHits.length > 0) {
          lastSource = 'fallback';
          lastFallback = {
            reason: 'empty',
            message: 'the server returned no results; showing local results',
            answeredBy: local.name,
          };
          onFallback(lastFallback);
          return localHits;
        }
      }
      skipPrimaryUntil = 0;
      lastSource = 'primary';
      lastFallback = null;
      return hits;
    },
  };
}
