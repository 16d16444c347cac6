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

export async function createUseLiteEmbedder(files: UseLiteFiles): Promise<Embedder> {
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
    const encoded = texts.map((t) => tokenizer.encode(t));
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
    async embed(texts: string[]): Promise<Float32Array[]> {
      // Empty strings break USE batches (a trailing empty text silently drops its row), so they
      // never reach the model: they get a zero vector.
      const out: Float32Array[] = texts.map(() => new Float32Array(USE_LITE_DIMS));
      const live = texts.map((t, i) => [t.trim(), i] as const).filter(([t]) => t.length > 0);
      for (let s = 0; s < live.length; s += BATCH) {
        const chunk = live.slice(s, s + BATCH);
        const vecs = await embedBatch(chunk.map(([t]) => t));
        chunk.forEach(([, i], j) => (out[i] = vecs[j]));
      }
      return out;
    },
  };
}
