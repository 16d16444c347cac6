/**
 * transformers.js (@huggingface/transformers) sentence embedder for any hub feature-extraction
 * model. One implementation for Node (build, tests) and the browser worker: the hub by default,
 * or a local folder in transformers.js layout (`<localModelPath>/<model-id>/…`) with remote
 * loading switched off.
 */
import type { Embedder, LoadProgress } from '../core/types.ts';
import { l2normalize } from '../core/rank/vec.ts';
import { backoffMs, sleep } from '../core/timing.ts';

export interface TransformersEmbedderOptions {
  /** Hub model id, e.g. "Xenova/all-MiniLM-L6-v2". */
  model: string;
  /** Folder (Node) or URL path (browser) holding <model-id>/; when set, remote loading is disabled. */
  localModelPath?: string;
  /**
   * Browser only: where onnxruntime-web's files are served (`{ mjs, wasm }` URLs). Without it
   * transformers.js takes them from its CDN, which is fine for hub users and keeps 27 MB of WASM
   * out of the app's default path.
   */
  ortWasmPaths?: { mjs: string; wasm: string };
  dtype?: 'q8' | 'fp32' | 'fp16';
  onProgress?: (p: LoadProgress) => void;
  /** Tries for network failures while loading (default 3). */
  tries?: number;
}

/**
 * Mean pooling, normalized by us: transformers.js divides by the norm even when it is 0 (a text
 * whose words are all out of vocabulary, e.g. emoji for GloVe) and returns NaN; l2normalize keeps
 * such a vector at zero, like an empty text.
 */
const POOLING = { pooling: 'mean', normalize: false } as const;

/** Texts per model call. */
const BATCH = 32;

/** transformers.js progress events we use (its ProgressInfo union, narrowed to plain fields). */
interface HfProgress {
  status: string;
  file?: string;
  loaded?: number;
  total?: number;
}

export async function createTransformersEmbedder(opts: TransformersEmbedderOptions): Promise<Embedder> {
  const { pipeline, env } = await import('@huggingface/transformers');
  // env is global to the library: set every field we depend on, so an earlier call with other
  // options (tests create several embedders in one process) cannot leak into this one.
  const local = opts.localModelPath !== undefined;
  env.allowRemoteModels = !local;
  env.allowLocalModels = local;
  if (local) env.localModelPath = opts.localModelPath!;
  const wasm = env.backends.onnx.wasm;
  if (opts.ortWasmPaths && wasm) wasm.wasmPaths = opts.ortWasmPaths;

  const htmlAnswers: string[] = [];
  {
    // In a browser a missing local file comes back as the SPA's index.html with status 200 and
    // fails later as a confusing JSON/protobuf parse error. Turn it into a 404 transformers.js
    // understands and remember it for the error message.
    const baseFetch = env.fetch;
    env.fetch = async (input: string | URL, init?: RequestInit) => {
      const res: Response = await baseFetch(input, init);
      const type = res.headers?.get?.('content-type') ?? '';
      if (res.ok && type.includes('text/html')) {
        htmlAnswers.push(String(input));
        return new Response(null, { status: 404, statusText: 'HTML fallback instead of a model file' });
      }
      return res;
    };
  }

  const progress_callback = (p: HfProgress) => {
    if (!opts.onProgress) return;
    if (p.status === 'progress' && p.loaded !== undefined) {
      opts.onProgress({ phase: 'download', file: p.file, loaded: p.loaded, total: p.total ?? null });
    } else if (p.status === 'progress_total' && p.loaded !== undefined) {
      opts.onProgress({ phase: 'download', loaded: p.loaded, total: p.total ?? null });
    }
  };

  const tries = opts.tries ?? 3;
  let fe: Awaited<ReturnType<typeof pipeline<'feature-extraction'>>> | undefined;
  for (let attempt = 1; !fe; attempt++) {
    try {
      fe = await pipeline('feature-extraction', opts.model, { dtype: opts.dtype ?? 'q8', progress_callback });
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      const where = local ? `local folder ${opts.localModelPath}` : 'the Hugging Face hub';
      if (htmlAnswers.length > 0) {
        throw new Error(
          `Model "${opts.model}" is not in ${where}: the server sent HTML pages for ${htmlAnswers.join(', ')}.`,
        );
      }
      if (attempt >= tries || !isNetworkError(msg)) {
        throw new Error(`Could not load embedding model "${opts.model}" from ${where}: ${msg}`);
      }
      await sleep(backoffMs(attempt - 1, { baseMs: 500 }));
    }
  }
  const model = fe;
  opts.onProgress?.({ phase: 'init', loaded: 0, total: null });
  const probe = await model(['probe'], POOLING);
  const dims = probe.dims[1] as number;
  opts.onProgress?.({ phase: 'ready', loaded: 1, total: 1 });

  return {
    id: `hf:${opts.model}`,
    dims,
    async embed(texts: string[]): Promise<Float32Array[]> {
      // An empty text has no tokens: mean pooling over nothing is NaN for some models, so empty
      // texts never reach the model and get the zero vector the Embedder contract promises.
      const out: Float32Array[] = texts.map(() => new Float32Array(dims));
      const live = texts.map((t, i) => [t.trim(), i] as const).filter(([t]) => t.length > 0);
      for (let s = 0; s < live.length; s += BATCH) {
        const chunk = live.slice(s, s + BATCH);
        const t = await model(
          chunk.map(([text]) => text),
          POOLING,
        );
        const data = t.data as Float32Array;
        chunk.forEach(([, i], j) => (out[i] = l2normalize(data.slice(j * dims, (j + 1) * dims))));
        t.dispose();
      }
      return out;
    },
  };
}

function isNetworkError(msg: string): boolean {
  return /fetch failed|failed to fetch|networkerror|network error|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN/i.test(
    msg,
  );
}
