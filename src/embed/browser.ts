/**
 * Browser entry of the embedders (used inside workers/embedder.worker.ts). Loads the same model
 * the index was built with, from the app's own origin, and reports byte progress.
 *
 * Progress events (`LoadProgress.phase`):
 * - 'download' with `file`: bytes of one file; without `file`: the sum over all files (total is
 *   null until every size is known).
 * - 'init': files are in, the model is being compiled and warmed up.
 * - 'ready': the embedder answers queries.
 */
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { Embedder, LoadProgress } from '../core/types.ts';
import { ORT_DIR, ORT_FILES, TFJS_WASM_DIR, TFJS_WASM_FILES, USE_LITE_DIR } from './assets.ts';
import { createProgressTracker, fetchModelFile } from './fetch-progress.ts';
import { parseEmbedderSpec } from './spec.ts';
import { createUseLiteEmbedder, USE_LITE_FILES, type UseLiteFiles } from './use-lite.ts';

const MISSING_ASSETS_HINT =
  'Run "npm run assets" (npm run build and npm run dev do it) so the model files are in public/.';

export interface BrowserEmbedderOptions {
  /** The app's base URL (import.meta.env.BASE_URL), absolute or relative to the current location. */
  baseUrl: string;
  onProgress?: (p: LoadProgress) => void;
  /** hf: only. URL path of a folder holding <model-id>/ (offline); absent = the Hugging Face hub. */
  hfLocalModelPath?: string;
  /** hf: only. Take onnxruntime-web from `<base>ort/` instead of transformers.js's CDN default. */
  selfHostedOrt?: boolean;
  /** Replaces the global fetch for the model files (a test double, a custom cache). */
  fetchImpl?: typeof fetch;
}

/** Create the embedder named by an index manifest's `embedder.id`. */
export async function createBrowserEmbedder(spec: string, opts: BrowserEmbedderOptions): Promise<Embedder> {
  const parsed = parseEmbedderSpec(spec);
  const base = resolveBase(opts.baseUrl);
  if (parsed.kind === 'use-lite') return loadUseLite(base, opts);
  // Imported on demand: transformers.js and onnxruntime-web stay out of the default (USE-lite) path.
  const { createTransformersEmbedder } = await import('./transformers.ts');
  return createTransformersEmbedder({
    model: parsed.model,
    localModelPath: opts.hfLocalModelPath,
    ortWasmPaths: opts.selfHostedOrt
      ? {
          mjs: new URL(ORT_DIR + ORT_FILES.mjs, base).href,
          wasm: new URL(ORT_DIR + ORT_FILES.wasm, base).href,
        }
      : undefined,
    onProgress: opts.onProgress,
  });
}

function resolveBase(baseUrl: string): URL {
  const here = typeof location !== 'undefined' ? location.href : undefined;
  const url = new URL(baseUrl, here);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

async function loadUseLite(base: URL, opts: BrowserEmbedderOptions): Promise<Embedder> {
  const dir = new URL(USE_LITE_DIR, base);
  const names = [USE_LITE_FILES.model, ...USE_LITE_FILES.shards, USE_LITE_FILES.vocab];
  const tracker = createProgressTracker(names, opts.onProgress);
  const get = (name: string, kind: 'json' | 'binary') =>
    fetchModelFile(new URL(name, dir).href, {
      kind,
      onBytes: tracker.forFile(name),
      fetchImpl: opts.fetchImpl,
      hint: MISSING_ASSETS_HINT,
    });
  // The backend's WASM and the 28 MB of model files download in parallel.
  const backend = initTfjsWasmBrowser(base);
  const [modelBytes, vocabBytes, ...shards] = await Promise.all([
    get(USE_LITE_FILES.model, 'json'),
    get(USE_LITE_FILES.vocab, 'json'),
    ...USE_LITE_FILES.shards.map((s) => get(s, 'binary')),
  ]);
  const decoder = new TextDecoder();
  const modelJson = JSON.parse(decoder.decode(modelBytes)) as UseLiteFiles['modelJson'];
  const manifestPaths = modelJson.weightsManifest.flatMap((g) => g.paths);
  if (manifestPaths.join() !== USE_LITE_FILES.shards.join()) {
    throw new Error(
      `Unexpected USE-lite weight files ${manifestPaths.join(', ')}: the app expects ${USE_LITE_FILES.shards.join(', ')}.`,
    );
  }
  await backend;
  opts.onProgress?.({ phase: 'init', loaded: 0, total: null });
  const embedder = await createUseLiteEmbedder({
    modelJson,
    weights: concat(shards),
    vocab: JSON.parse(decoder.decode(vocabBytes)) as UseLiteFiles['vocab'],
  });
  // The first inference compiles kernels (~60 ms); pay it now, not on the user's first query.
  await embedder.embed(['warm up']);
  opts.onProgress?.({ phase: 'ready', loaded: 1, total: 1 });
  return embedder;
}

let tfjsReady: Promise<void> | undefined;
/** Select tfjs's WASM backend once per worker, its files served from `<base>tfjs/`. */
function initTfjsWasmBrowser(base: URL): Promise<void> {
  tfjsReady ??= (async () => {
    const dir = new URL(TFJS_WASM_DIR, base);
    setWasmPaths(Object.fromEntries(TFJS_WASM_FILES.map((f) => [f, new URL(f, dir).href])));
    // With COOP/COEP headers tfjs would pick the threaded build, which breaks once minified and
    // gives no speed-up for short queries (see toolchain notes).
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    const ok = await tf.setBackend('wasm');
    if (!ok) {
      throw new Error(
        `The tfjs WASM backend did not start: are ${new URL(TFJS_WASM_FILES[1], dir).href} and its siblings served ` +
          `as application/wasm? ${MISSING_ASSETS_HINT}`,
      );
    }
    await tf.ready();
  })();
  // A failed start must not stick: the next load() tries again.
  tfjsReady.catch(() => (tfjsReady = undefined));
  return tfjsReady;
}

function concat(parts: Uint8Array[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.byteLength;
  }
  return out.buffer;
}
