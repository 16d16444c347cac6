/**
 * One error type for "the Qdrant server did not answer usefully", so the app can fall back to the local
 * index and tell the user why. The reason code is carried in `name` as well as in `reason` because comlink
 * copies only `name`, `message` and `stack` of a thrown error across the worker boundary.
 */

export type QdrantFailureReason =
  /** No answer within the time limit. */
  | 'timeout'
  /** DNS failure, connection refused, CORS rejection, offline: fetch itself failed. */
  | 'unreachable'
  /** 401/403: API key missing or wrong. */
  | 'unauthorized'
  /** 404: collection (or endpoint) not found. */
  | 'not-found'
  /** 429 from the server. */
  | 'rate-limited'
  /** Another HTTP status (5xx, 400...). */
  | 'http'
  /** The collection exists but does not match the local index (dims, distance, ids). */
  | 'mismatch'
  /** Bad URL or options. */
  | 'config';

const MESSAGES: Record<QdrantFailureReason, string> = {
  timeout: 'the Qdrant server did not answer in time',
  unreachable: 'the Qdrant server could not be reached (offline, wrong URL, or CORS not enabled)',
  unauthorized: 'the Qdrant server refused the API key',
  'not-found': 'the Qdrant collection was not found',
  'rate-limited': 'the Qdrant server is rate-limiting requests',
  http: 'the Qdrant server answered with an error',
  mismatch: 'the Qdrant collection does not match the local index',
  config: 'the Qdrant settings are not valid',
};

export class QdrantUnavailableError extends Error {
  readonly reason: QdrantFailureReason;
  readonly status: number | null;

  constructor(reason: QdrantFailureReason, detail?: string, status: number | null = null) {
    super(detail ? `${MESSAGES[reason]}: ${detail}` : MESSAGES[reason]);
    this.name = `QdrantUnavailableError:${reason}`;
    this.reason = reason;
    this.status = status;
  }
}

/** Reason code from an error that crossed a worker boundary (only `name` survives). */
export function qdrantFailureReasonOf(error: unknown): QdrantFailureReason | null {
  if (error instanceof QdrantUnavailableError) return error.reason;
  const name = error instanceof Error ? error.name : '';
  const m = /^QdrantUnavailableError:(.+)$/.exec(name);
  return m && m[1] in MESSAGES ? (m[1] as QdrantFailureReason) : null;
}

function statusOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('status' in error)) return null;
  const status = (error as { status: unknown }).status;
  return typeof status === 'number' ? status : null;
}

/**
 * Map whatever the official client (or fetch) threw to a QdrantUnavailableError. The client throws
 * `QdrantClientTimeoutError`, `QdrantClientConfigError`, `QdrantClientUnexpectedResponseError`, an
 * `ApiError` with `status` for non-2xx replies, and fetch's own `TypeError` for network failures.
 * Messages never include request headers, so an API key cannot leak through them.
 */
export function toQdrantError(error: unknown): QdrantUnavailableError {
  if (error instanceof QdrantUnavailableError) return error;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'QdrantClientTimeoutError' || name === 'AbortError' || name === 'TimeoutError') {
    return new QdrantUnavailableError('timeout');
  }
  if (name === 'QdrantClientConfigError') return new QdrantUnavailableError('config', message);
  const status = statusOf(error);
  if (status !== null) {
    const short = message.split('\n')[0];
    if (status === 401 || status === 403) return new QdrantUnavailableError('unauthorized', short, status);
    if (status === 404) return new QdrantUnavailableError('not-found', short, status);
    if (status === 429) return new QdrantUnavailableError('rate-limited', short, status);
    return new QdrantUnavailableError('http', `HTTP ${status} ${short}`.trim(), status);
  }
  if (name === 'QdrantClientResourceExhaustedError')
    return new QdrantUnavailableError('rate-limited', message, 429);
  const unexpected = /^Unexpected Response: (\d{3})/.exec(message);
  if (unexpected) return new QdrantUnavailableError('http', `HTTP ${unexpected[1]}`, Number(unexpected[1]));
  if (error instanceof TypeError) return new QdrantUnavailableError('unreachable', message);
  return new QdrantUnavailableError('http', message);
}
