/**
 * Timeouts and retry back-off: the one owner (the LLM calls, the Qdrant fallback, model downloads and
 * sync all use these). Pure: only timers.
 */

export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * `p`, or a rejection once `ms` pass first (then `onTimeout` runs, e.g. to interrupt the work).
 * No `ms` (or ≤ 0): `p` as it is. `error` makes the rejection (default: a TimeoutError).
 */
export function withTimeout<T>(
  p: Promise<T>,
  ms: number | undefined,
  onTimeout?: () => void,
  error: (ms: number) => Error = (t) => new TimeoutError(`no answer within ${t} ms`),
): Promise<T> {
  if (!ms || ms <= 0) return p;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout?.();
      reject(error(ms));
    }, ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

/**
 * Exponential back-off before retry number `attempt` (0 = the first retry): baseMs, 2×, 4× … capped at
 * maxMs. `random` in [0, 1) adds up to 20 % jitter, so many clients do not retry in step.
 */
export function backoffMs(attempt: number, { baseMs = 1000, maxMs = 60_000, random = 0 } = {}): number {
  const delay = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(delay * (1 + 0.2 * random));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(() => r(), ms));
