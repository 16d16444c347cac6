/**
 * The app's own Cache Storage for its big static assets (the movie index, the embedding model), so each
 * byte is downloaded once and the app works offline after the first visit.
 *
 * Why the app and not the service worker: on a first visit the page is not yet controlled when the
 * workers fetch ~30 MB, so a service-worker route would not see those downloads, and precaching them
 * downloaded everything a second time. The service worker precaches only the app shell; these helpers
 * read the cache first and store what they download. Web APIs only (workers and pages alike); where Cache
 * Storage is missing or refuses (insecure origin, private mode, quota) they fall back to the network.
 */

/** Content-hashed index files (`movies.<hash>.json`, …): a name never changes content. */
export const INDEX_CACHE = 'cinechat-index';
/** `index/manifest.json`: the network first (it names the current files), this copy offline. */
export const MANIFEST_CACHE = 'cinechat-manifest';
/** Prefix of the embedding model's cache; the rest names the model files' version (see `modelCacheName`). */
export const MODEL_CACHE_PREFIX = 'cinechat-model-';

/** The model files have fixed names, so their cache carries a version: a new model gets a new cache. */
export function modelCacheName(version: string): string {
  return MODEL_CACHE_PREFIX + version.replace(/[^\w.-]/g, '').slice(0, 40);
}

async function openCache(name: string): Promise<Cache | null> {
  try {
    return typeof caches === 'undefined' ? null : await caches.open(name);
  } catch {
    return null;
  }
}

const urlOf = (input: RequestInfo | URL) =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;

/** A response worth keeping: a 200 that is not the server's HTML fallback page. */
function keepable(res: Response): boolean {
  return res.status === 200 && !(res.headers.get('content-type') ?? '').includes('text/html');
}

/**
 * `fetch` that answers from the cache when it can. With `store: 'response'` it also stores what it
 * downloads (Cache.put fails as a whole if the body breaks off, so a partial file is never kept); with
 * `store: 'none'` the caller stores the bytes itself once it has checked them (`storeBytes`).
 */
export function cacheFirstFetch(cacheName: string, store: 'response' | 'none' = 'response'): typeof fetch {
  return async (input, init) => {
    const cache = await openCache(cacheName);
    const url = urlOf(input);
    const hit = await cache?.match(url).catch(() => undefined);
    if (hit) return hit;
    const res = await fetch(input, init);
    if (cache && store === 'response' && keepable(res))
      void cache.put(url, res.clone()).catch(() => undefined);
    return res;
  };
}

/** `fetch` that tries the network and keeps the answer; offline (or on a 5xx) it answers the cached copy. */
export function networkFirstFetch(cacheName: string): typeof fetch {
  return async (input, init) => {
    const cache = await openCache(cacheName);
    const url = urlOf(input);
    let res: Response | undefined;
    let error: unknown;
    try {
      res = await fetch(input, init);
    } catch (e) {
      error = e;
    }
    if (res && res.status < 500) {
      if (cache && keepable(res)) await cache.put(url, res.clone()).catch(() => undefined);
      return res;
    }
    const hit = await cache?.match(url).catch(() => undefined);
    if (hit) return hit;
    if (res) return res;
    throw error;
  };
}

/** Stores checked bytes under `url` (e.g. an index file whose sha256 matched the manifest). */
export async function storeBytes(
  cacheName: string,
  url: string,
  bytes: Uint8Array,
  contentType: string,
): Promise<void> {
  const cache = await openCache(cacheName);
  if (!cache || (await cache.match(url).catch(() => undefined))) return;
  await cache
    .put(
      url,
      new Response(bytes as Uint8Array<ArrayBuffer>, {
        headers: { 'content-type': contentType, 'content-length': String(bytes.byteLength) },
      }),
    )
    .catch(() => undefined);
}

/** Removes one entry (a copy that failed its checks). */
export async function forget(cacheName: string, url: string): Promise<void> {
  const cache = await openCache(cacheName);
  await cache?.delete(url).catch(() => false);
}

/** Drops cached entries whose file name is not in `keep` (index files of an older build). */
export async function pruneCache(cacheName: string, keep: ReadonlySet<string>): Promise<void> {
  const cache = await openCache(cacheName);
  if (!cache) return;
  for (const req of await cache.keys().catch(() => [] as readonly Request[])) {
    const name = new URL(req.url).pathname.split('/').pop() ?? '';
    if (!keep.has(name)) await cache.delete(req).catch(() => false);
  }
}

/** Deletes the caches of other model versions. */
export async function pruneModelCaches(current: string): Promise<void> {
  if (typeof caches === 'undefined') return;
  const names = await caches.keys().catch(() => [] as string[]);
  for (const n of names) if (n.startsWith(MODEL_CACHE_PREFIX) && n !== current) await caches.delete(n);
}
