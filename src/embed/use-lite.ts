/**
 * Universal Sentence Encoder Lite (512-d) on tfjs. Environment-agnostic: the caller supplies the
 * model files (Node reads them from node_modules, the browser fetches them from the app's origin)
 * and has already selected a tfjs backend. Both paths run this same code, so query vectors in the
 * browser match the index vectors built in Node.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfconv from '@tensorflow/tfjs-converter';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder/dist/tokenizer/index.js';
import type { Embedder } from '../core/types.ts';
import { l2normalize } from '../core/rank/vec.ts';
import { USE_LITE_ID } from './spec.ts';
import { USE_LITE_FILES } from './assets.ts';

export { USE_LITE_ID, USE_LITE_FILES };
export const USE_LITE_DIMS = 512;
/**
 * Tokens the model reads per text: its graph keeps the first 128 (KonaTransformer/ClipToMaxLength)
 * and drops the rest, so clipping before the graph changes nothing but the work.
 */
export const USE_LITE_MAX_TOKENS = 128;

export interface UseLiteOptions {
  /**
   * Documents (the index build): pad every batch to USE_LITE_MAX_TOKENS positions with a filler
   * row, so each text's vector depends on that text alone. Without it the padded length is the
   * batch's longest text, which moves the last bits of the other texts' vectors (attention and
   * softmax then sum over another length): a fresh build of a slice would not reproduce the full
   * build's bytes. Queries (the browser, one text at a time) leave it off: same model, same
   * weights, cosine to the padded vector ≥ 0.99999 (measured by tests/build/artifact.ci.test.ts).
   */
  padToMaxTokens?: boolean;
  /** Texts per model call (default 32). With padToMaxTokens it changes no bit of any vector. */
  batchSize?: number;
}
export interface UseLiteFiles {
  /** Parsed model.json. */
  modelJson: { modelTopology: unknown; weightsManifest: { paths: string[]; weights: unknown[] }[] };
  /** The weight shards concatenated in manifest order. */
  weights: ArrayBuffer;
  /** Parsed vocab.json: [piece, score][] */
  vocab: Array<[string, number]>;
}

/** Texts per model call: bounds memory and keeps batches of similar cost. */
const BATCH = 32;
/** Any ordinary vocabulary id (the first ids are reserved symbols). */
const FILLER_TOKEN = 10;

/**
 * Texts through `run` in batches of `batch`, in order. Empty strings break USE batches (a trailing empty
 * text silently drops its row), so they never reach the model: they get a zero vector. Shared by the
 * tfjs embedder here and the onnxruntime document embedder of the build (build-index/ort-use-lite.ts).
 */
export async function embedInBatches(
  texts: readonly string[],
  batch: number,
  run: (texts: string[]) => Promise<Float32Array[]>,
): Promise<Float32Array[]> {
  const out: Float32Array[] = texts.map(() => new Float32Array(USE_LITE_DIMS));
  const live = texts.map((t, i) => [t.trim(), i] as const).filter(([t]) => t.length > 0);
  for (let s = 0; s < live.length; s += batch) {
    const chunk = live.slice(s, s + batch);
    const vecs = await run(chunk.map(([t]) => t));
    chunk.forEach(([, i], j) => (out[i] = vecs[j]));
  }
  return out;
}

export async function createUseLiteEmbedder(
  files: UseLiteFiles,
  options: UseLiteOptions = {},
): Promise<Embedder> {
  const { modelJson, weights, vocab } = files;
  const model = await tfconv.loadGraphModel(
    tf.io.fromMemory({
      // tfjs types model topology as a protobuf object; model.json is exactly that shape.
      modelTopology: modelJson.modelTopology as tf.io.ModelArtifacts['modelTopology'],
      weightSpecs: modelJson.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[],
      weightData: weights,
    }),
  );
  const tokenizer = new Tokenizer(vocab);

  async function embedBatch(texts: string[]): Promise<Float32Array[]> {
    const encoded = texts.map((t) => tokenizer.encode(t).slice(0, USE_LITE_MAX_TOKENS));
    if (options.padToMaxTokens && !encoded.some((ids) => ids.length === USE_LITE_MAX_TOKENS)) {
      // Filler row (its output is dropped): fixes the padded length at the model's maximum.
      encoded.push(new Array<number>(USE_LITE_MAX_TOKENS).fill(FILLER_TOKEN));
    }
    const indices: number[] = [];
    const values: number[] = [];
    encoded.forEach((ids, i) =>
      ids.forEach((id, j) => {
        indices.push(i, j);
        values.push(id);
      }),
    );
    const indicesT = tf.tensor2d(indices, [values.length, 2], 'int32');
    const valuesT = tf.tensor1d(values, 'int32');
    const out = (await model.executeAsync({ indices: indicesT, values: valuesT })) as tf.Tensor;
    const flat = (await out.data()) as Float32Array;
    tf.dispose([indicesT, valuesT, out]);
    const rows: Float32Array[] = [];
    for (let i = 0; i < texts.length; i++) {
      rows.push(l2normalize(flat.slice(i * USE_LITE_DIMS, (i + 1) * USE_LITE_DIMS)));
    }
    return rows;
  }

  return {
    id: USE_LITE_ID,
    dims: USE_LITE_DIMS,
    embed: (texts: string[]) => embedInBatches(texts, options.batchSize ?? BATCH, embedBatch),
  };
}
