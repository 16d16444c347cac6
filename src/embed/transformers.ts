/**
 * transformers.js (@huggingface/transformers) sentence embedder for any hub feature-extraction
 * model. Hub download by default; a local folder when `localModelPath` is given (offline).
 * Placeholder signature owned by the embedder work; see issue #2.
 */
import type { Embedder } from '../core/types.ts';

export interface TransformersEmbedderOptions {
  /** Hub model id, e.g. "Xenova/all-MiniLM-L6-v2". */
  model: string;
  /** Folder holding <model-id>/ in transformers.js layout; when set, remote loading is disabled. */
  localModelPath?: string;
  dtype?: 'q8' | 'fp32' | 'fp16';
  onProgress?: (p: { file?: string; loaded: number; total: number | null }) => void;
}

export async function createTransformersEmbedder(opts: TransformersEmbedderOptions): Promise<Embedder> {
  const { pipeline, env } = await import('@huggingface/transformers');
  if (opts.localModelPath) {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = opts.localModelPath;
  }
  const fe = await pipeline('feature-extraction', opts.model, { dtype: opts.dtype ?? 'q8' });
  const probe = await fe(['probe'], { pooling: 'mean', normalize: true });
  const dims = probe.dims[1] as number;
  return {
    id: `hf:${opts.model}`,
    dims,
    async embed(texts: string[]): Promise<Float32Array[]> {
      const out: Float32Array[] = [];
      for (let s = 0; s < texts.length; s += 32) {
        const batch = texts.slice(s, s + 32);
        const t = await fe(batch, { pooling: 'mean', normalize: true });
        const data = t.data as Float32Array;
        for (let i = 0; i < batch.length; i++) out.push(data.slice(i * dims, (i + 1) * dims));
      }
      return out;
    },
  };
}
