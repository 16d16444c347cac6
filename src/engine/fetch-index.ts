/**
 * Browser side of opening the index: the manifest (network first, so a new build is seen) and the
 * content-hashed files (from the app's cache first; a download is stored only once its sha256
 * matched). A damaged cached copy is forgotten so it cannot fail every later visit.
 */
import type { IndexManifest } from '../core/index-format.ts';
import type { LoadProgress } from '../core/types.ts';
import { fetchIndexFile, fetchManifest, indexDirUrl } from '../search/index-assets.ts';
import {
  INDEX_CACHE,
  MANIFEST_CACHE,
  cacheFirstFetch,
  forget,
  networkFirstFetch,
  pruneCache,
  storeBytes,
} from '../storage/asset-cache.ts';
import type { IndexFiles } from './open-index.ts';

export async function fetchIndex(
  baseUrl: string,
  onProgress: (p: LoadProgress) => void,
): Promise<{ manifest: IndexManifest; files: IndexFiles }> {
  const manifest = await fetchManifest(baseUrl, { fetchImpl: networkFirstFetch(MANIFEST_CACHE) });
  const fromCache = cacheFirstFetch(INDEX_CACHE, 'none');
  const file = async (name: string) => {
    const url = indexDirUrl(baseUrl) + name;
    try {
      const bytes = await fetchIndexFile(baseUrl, manifest, name, { onProgress, fetchImpl: fromCache });
      const type = name.endsWith('.json') ? 'application/json' : 'application/octet-stream';
      void storeBytes(INDEX_CACHE, url, bytes, type);
      return bytes;
    } catch (e) {
      await forget(INDEX_CACHE, url);
      throw e;
    }
  };
  // FAQ and intent vectors are optional (without them they are embedded at open); so are co-likes.
  const optional = (name: string | undefined) =>
    name ? file(name).catch(() => null) : Promise.resolve(null);
  const [vectors, movies, faq, intents, coLikes] = await Promise.all([
    file(manifest.files.vectors),
    file(manifest.files.movies),
    optional(manifest.files.faq),
    optional(manifest.files.intents),
    optional(manifest.files.coLikes),
  ]);
  void pruneCache(INDEX_CACHE, new Set(Object.values(manifest.files))); // files of older builds
  return { manifest, files: { vectors, movies, faq, intents, coLikes } };
}
