/**
 * Fetches the shipped index assets (`<base>index/manifest.json`, then the files it names) with byte
 * progress and sha256 verification. Web APIs only (fetch, ReadableStream, crypto.subtle), so it runs in
 * the search worker and in Node 20 tests alike.
 */
import { MANIFEST_FILE, type IndexManifest } from '../core/index-format.ts';
import type { LoadProgress } from '../core/types.ts';

/** A load that retrying cannot fix (missing or corrupt asset). comlink keeps `name`, so it carries the kind. */
export class IndexAssetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexAssetError';
  }
}

const BUILD_HINT = 'Build the index with `npm run build-index` (it writes public/index/), then reload.';

export interface FetchAssetOptions {
  onProgress?: (p: LoadProgress) => void;
  fetchImpl?: typeof fetch;
}

/** `<base>index/` as an absolute URL with a trailing slash. */
export function indexDirUrl(baseUrl: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL('index/', base).href;
}

async function get(url: string, what: string, doFetch: typeof fetch): Promise<Response> {
  let res: Response;
  try {
    res = await doFetch(url);
  } catch (err) {
    throw new Error(
      `Could not download ${what} (${url}): ${err instanceof Error ? err.message : String(err)}.`,
    );
  }
  if (!res.ok)
    throw new IndexAssetError(`${what} is missing on the server (${url}, HTTP ${res.status}). ${BUILD_HINT}`);
  // Static hosts and dev servers answer unknown paths with the app's index.html and status 200.
  if ((res.headers.get('content-type') ?? '').includes('text/html')) {
    throw new IndexAssetError(`${what} is missing: the server sent an HTML page for ${url}. ${BUILD_HINT}`);
  }
  return res;
}

export async function fetchManifest(baseUrl: string, opts: FetchAssetOptions = {}): Promise<IndexManifest> {
  const url = indexDirUrl(baseUrl) + MANIFEST_FILE;
  const res = await get(url, 'The index manifest', opts.fetchImpl ?? fetch);
  let manifest: IndexManifest;
  try {
    manifest = (await res.json()) as IndexManifest;
  } catch {
    throw new IndexAssetError(`The index manifest (${url}) is not valid JSON. ${BUILD_HINT}`);
  }
  if (manifest?.formatVersion !== 1 || !manifest.files?.vectors || !manifest.hashes) {
    throw new IndexAssetError(
      `The index manifest (${url}) is not a CineChat index (formatVersion 1). ${BUILD_HINT}`,
    );
  }
  return manifest;
}

/** Progress is reported at most this often per file (a 23 MB body arrives in thousands of chunks). */
const PROGRESS_EVERY_BYTES = 256 * 1024;

/**
 * Download one file named in the manifest, streaming with progress, and check its size and sha256.
 * Returns the bytes (one contiguous buffer, no second copy when the size is known).
 */
export async function fetchIndexFile(
  baseUrl: string,
  manifest: IndexManifest,
  file: string,
  opts: FetchAssetOptions = {},
): Promise<Uint8Array> {
  const url = indexDirUrl(baseUrl) + file;
  const expectedHash = manifest.hashes[file];
  if (!expectedHash) throw new IndexAssetError(`The index manifest has no sha256 for ${file}. ${BUILD_HINT}`);
  const res = await get(url, `Index file ${file}`, opts.fetchImpl ?? fetch);
  const total: number | null = manifest.sizes?.[file] ?? null;
  const report = (loaded: number) => opts.onProgress?.({ phase: 'index', loaded, total, file });

  let bytes: Uint8Array;
  if (res.body) {
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    let reported = 0;
    let buf = total !== null ? new Uint8Array(total) : null;
    report(0);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (buf && loaded + value.byteLength <= buf.byteLength) buf.set(value, loaded);
      else {
        // More bytes than the manifest says: keep them so the size check below reports it.
        if (buf) chunks.push(buf.subarray(0, loaded));
        buf = null;
        chunks.push(value);
      }
      loaded += value.byteLength;
      if (loaded - reported >= PROGRESS_EVERY_BYTES) {
        reported = loaded;
        report(loaded);
      }
    }
    report(loaded);
    if (buf) bytes = buf.subarray(0, loaded);
    else {
      bytes = new Uint8Array(loaded);
      let off = 0;
      for (const c of chunks) {
        bytes.set(c, off);
        off += c.byteLength;
      }
    }
  } else {
    bytes = new Uint8Array(await res.arrayBuffer());
    report(bytes.byteLength);
  }

  if (total !== null && bytes.byteLength !== total) {
    throw new IndexAssetError(
      `Index file ${file} has ${bytes.byteLength} bytes; the manifest says ${total} (incomplete or stale download). ${BUILD_HINT}`,
    );
  }
  const actual = await sha256Hex(bytes);
  if (actual !== expectedHash.toLowerCase()) {
    throw new IndexAssetError(
      `Index file ${file} is corrupt or from another build: sha256 ${actual.slice(0, 12)}… does not match the manifest's ${expectedHash.slice(0, 12)}…. ${BUILD_HINT}`,
    );
  }
  return bytes;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
