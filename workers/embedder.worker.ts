/**
 * Embedder worker: a thin comlink adapter over src/embed/browser.ts. The page imports only
 * `type EmbedderWorkerApi`, so no model code enters the main bundle.
 *
 * @example
 * const api = Comlink.wrap<EmbedderWorkerApi>(
 *   new Worker(new URL('../workers/embedder.worker.ts', import.meta.url), { type: 'module' }),
 * );
 * await api.load(manifest.embedder.id, new URL(import.meta.env.BASE_URL, location.href).href,
 *   Comlink.proxy((p) => setProgress(p)));
 * const [query] = await api.embed(['a heist movie with a twist']);
 */
import * as Comlink from 'comlink';
import type { Embedder, LoadProgress } from '../src/core/types.ts';

export interface EmbedderInfo {
  /** The spec asked for, and once loaded the embedder's id and dims. */
  spec: string | null;
  state: 'idle' | 'loading' | 'ready' | 'error';
  id?: string;
  dims?: number;
  /** Milliseconds from load() to ready (downloads, compile and warm-up). */
  loadMs?: number;
  error?: string;
}

export interface EmbedderLoadOptions {
  /** hf: only: URL path of a folder holding <model-id>/, for offline use. */
  hfLocalModelPath?: string;
  /** hf: only: onnxruntime-web from `<base>ort/` instead of the CDN. */
  selfHostedOrt?: boolean;
}

let current: { key: string; spec: string; promise: Promise<Embedder> } | undefined;
let info: EmbedderInfo = { spec: null, state: 'idle' };
/** Every caller of load() hears the progress of the one download they share. */
const listeners = new Set<(p: LoadProgress) => void>();

const api = {
  /**
   * Load the embedder once. Calls with the same spec share one download (and its progress);
   * a different spec replaces the embedder. A failed load is forgotten, so calling again retries.
   */
  async load(
    spec: string,
    baseUrl: string,
    onProgress?: (p: LoadProgress) => void,
    options: EmbedderLoadOptions = {},
  ): Promise<EmbedderInfo> {
    const key = JSON.stringify([spec, baseUrl, options]);
    if (onProgress) listeners.add(onProgress);
    try {
      if (current?.key !== key) {
        const started = performance.now();
        info = { spec, state: 'loading' };
        const promise = (async () => {
          // Loaded lazily so that Comlink.expose below runs before any large module evaluates
          // (messages that arrive while a module worker awaits its imports are dropped).
          const { createBrowserEmbedder } = await import('../src/embed/browser.ts');
          const cache = await import('../src/storage/asset-cache.ts');
          // Model files have fixed names: their cache is named after the build's model version.
          const cacheName = cache.modelCacheName(import.meta.env.VITE_MODEL_ASSETS_VERSION ?? 'dev');
          void cache.pruneModelCaches(cacheName);
          return createBrowserEmbedder(spec, {
            baseUrl,
            fetchImpl: cache.cacheFirstFetch(cacheName),
            ...options,
            onProgress: (p) =>
              listeners.forEach((l) => {
                // Over comlink a listener is a proxy returning a promise; one whose page went
                // away must not fail the load.
                void Promise.resolve(l(p)).catch(() => listeners.delete(l));
              }),
          });
        })();
        current = { key, spec, promise };
        promise.then(
          (e) => {
            if (current?.promise !== promise) return;
            info = { spec, state: 'ready', id: e.id, dims: e.dims, loadMs: performance.now() - started };
          },
          (err: unknown) => {
            if (current?.promise !== promise) return;
            info = { spec, state: 'error', error: err instanceof Error ? err.message : String(err) };
            current = undefined;
          },
        );
      }
      await current.promise;
      return { ...info };
    } finally {
      if (onProgress) listeners.delete(onProgress);
    }
  },

  /** L2-normalized vectors, one per text; their buffers are transferred, not copied. */
  async embed(texts: string[]): Promise<Float32Array[]> {
    if (!current) throw new Error('The embedder is not loaded: call load(spec, baseUrl) first.');
    if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) {
      throw new TypeError('embed() takes an array of strings.');
    }
    const embedder = await current.promise;
    const vectors = await embedder.embed(texts);
    // Each row owns its buffer (rows are slices); a Set guards against listing one buffer twice,
    // which postMessage rejects.
    return Comlink.transfer(vectors, [...new Set(vectors.map((v) => v.buffer as ArrayBuffer))]);
  },

  info(): EmbedderInfo {
    return { ...info };
  },
};

export type EmbedderWorkerApi = typeof api;

Comlink.expose(api);
