/**
 * Downloads model files with byte progress, a content-type check and retries. Web APIs only
 * (fetch + ReadableStream), so it runs in a worker, on a page, and in Node 20 tests alike.
 */
import type { LoadProgress } from '../core/types.ts';
import { backoffMs, sleep } from '../core/timing.ts';

/** A download that cannot succeed by retrying (missing file, SPA fallback page, wrong type). */
export class ModelFileError extends Error {
  constructor(message: string) {
    super(message);
    // comlink copies only name/message/stack across the worker boundary: the name carries the kind.
    this.name = 'ModelFileError';
  }
}

export interface FetchFileOptions {
  /** What the body must be: 'json' rejects anything but JSON, 'binary' rejects only HTML pages. */
  kind: 'json' | 'binary';
  /** Called with the bytes received so far for this file. */
  onBytes?: (loaded: number, total: number | null) => void;
  /** Tries in all (default 4). Only network errors and 408/429/5xx are retried. */
  tries?: number;
  /** First backoff in ms, doubled each retry (default 500). */
  backoffMs?: number;
  /** Injected in tests; defaults to the global fetch. */
  fetchImpl?: typeof fetch;
  /** Hint shown in error messages, e.g. how to produce the missing files. */
  hint?: string;
}

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Bytes of one model file. Throws ModelFileError (permanent) or Error (gave up after retries). */
export async function fetchModelFile(url: string, opts: FetchFileOptions): Promise<Uint8Array> {
  const tries = opts.tries ?? 4;
  const doFetch = opts.fetchImpl ?? fetch;
  let lastError: unknown;
  for (let attempt = 1; attempt <= tries; attempt++) {
    try {
      return await fetchOnce(url, opts, doFetch);
    } catch (err) {
      if (err instanceof ModelFileError) throw err;
      lastError = err;
      if (attempt < tries) await sleep(backoffMs(attempt - 1, { baseMs: opts.backoffMs ?? 500 }));
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(
    `Could not download the embedding model file ${url} after ${tries} tries (${reason}). ` +
      'Check the connection and reload the page.',
  );
}

async function fetchOnce(url: string, opts: FetchFileOptions, doFetch: typeof fetch): Promise<Uint8Array> {
  const hint = opts.hint ? ` ${opts.hint}` : '';
  const res = await doFetch(url);
  if (!res.ok) {
    if (RETRYABLE_STATUS.has(res.status)) throw new Error(`HTTP ${res.status}`);
    throw new ModelFileError(`Model file ${url} is not on the server (HTTP ${res.status}).${hint}`);
  }
  const type = (res.headers.get('content-type') ?? '').toLowerCase();
  // A static host or dev server answers unknown paths with the app's index.html and status 200.
  if (type.includes('text/html')) {
    throw new ModelFileError(
      `Model file ${url} is missing: the server sent an HTML page (its fallback) instead.${hint}`,
    );
  }
  if (opts.kind === 'json' && type && !type.includes('json')) {
    throw new ModelFileError(`Model file ${url} should be JSON but the server sent "${type}".${hint}`);
  }
  const lengthHeader = res.headers.get('content-length');
  // With Content-Encoding the header counts compressed bytes while the stream yields decoded ones.
  const total = lengthHeader && !res.headers.get('content-encoding') ? Number(lengthHeader) : null;
  const bytes = await readWithProgress(res, total, opts.onBytes);
  if (opts.kind === 'json' && bytes[0] === 0x3c /* '<' */) {
    throw new ModelFileError(`Model file ${url} is an HTML page, not JSON.${hint}`);
  }
  return bytes;
}

async function readWithProgress(
  res: Response,
  total: number | null,
  onBytes?: (loaded: number, total: number | null) => void,
): Promise<Uint8Array> {
  if (!res.body) {
    const buf = new Uint8Array(await res.arrayBuffer());
    onBytes?.(buf.byteLength, buf.byteLength);
    return buf;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  onBytes?.(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onBytes?.(loaded, total);
  }
  if (total !== null && loaded !== total)
    throw new Error(`connection closed after ${loaded} of ${total} bytes`);
  const out = new Uint8Array(loaded);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  onBytes?.(loaded, loaded);
  return out;
}

/**
 * Tracks several files downloading at once and reports each file and the sum. Overall `total` is
 * null until every file's size is known, so a progress bar never runs backwards.
 */
export function createProgressTracker(
  files: string[],
  onProgress: ((p: LoadProgress) => void) | undefined,
  phase = 'download',
) {
  const state = new Map(files.map((f) => [f, { loaded: 0, total: null as number | null }]));
  return {
    /** Byte callback for one file, ready to pass as FetchFileOptions.onBytes. */
    forFile(file: string) {
      return (loaded: number, total: number | null) => {
        const s = state.get(file);
        if (!s || !onProgress) return;
        s.loaded = loaded;
        s.total = total;
        onProgress({ phase, file, loaded, total });
        let sumLoaded = 0;
        let sumTotal: number | null = 0;
        for (const v of state.values()) {
          sumLoaded += v.loaded;
          sumTotal = sumTotal === null || v.total === null ? null : sumTotal + v.total;
        }
        onProgress({ phase, loaded: sumLoaded, total: sumTotal });
      };
    },
  };
}
