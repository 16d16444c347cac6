/**
 * Creating the official client the same way everywhere: explicit URL check (clear message instead of the
 * client's), our own timeout, and no compatibility probe (it fires an extra request and logs warnings on
 * every construction; `testConnection` reports the server version instead).
 */
import { QdrantClient } from '@qdrant/js-client-rest';
import { QdrantUnavailableError, toQdrantError } from './errors.ts';

export interface QdrantConnectionOptions {
  /** Base URL with protocol, e.g. "http://localhost:6333" or "https://xyz.cloud.qdrant.io:6333". */
  url: string;
  /** Optional API key, sent as the `api-key` header. Kept in memory only; never logged. */
  apiKey?: string;
  /** Per-request time limit in ms (default 5000). */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 5000;

/** Validate a user-typed URL; returns it without a trailing slash, or throws a `config` error. */
export function normalizeQdrantUrl(raw: string): string {
  const url = raw.trim().replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new QdrantUnavailableError('config', `"${url}" is not a URL (expected e.g. http://localhost:6333)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new QdrantUnavailableError(
      'config',
      `the URL must start with http:// or https:// (got ${parsed.protocol})`,
    );
  }
  return url;
}

export function createQdrantClient({
  url,
  apiKey,
  timeoutMs = DEFAULT_TIMEOUT_MS,
}: QdrantConnectionOptions): QdrantClient {
  const base = normalizeQdrantUrl(url);
  const key = apiKey?.trim();
  try {
    return new QdrantClient({
      url: base,
      apiKey: key ? key : undefined,
      timeout: timeoutMs,
      checkCompatibility: false,
    });
  } catch (error) {
    throw toQdrantError(error);
  }
}

/**
 * Run one client call and turn any failure into a QdrantUnavailableError. `signal` lets a caller give up
 * earlier than the client's own per-request timeout (the request itself then ends at that timeout).
 */
export async function callQdrant<T>(run: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal?.aborted) throw new QdrantUnavailableError('timeout', 'aborted before the request');
  try {
    if (!signal) return await run();
    return await new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new QdrantUnavailableError('timeout', 'aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
      run().then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  } catch (error) {
    throw toQdrantError(error);
  }
}
