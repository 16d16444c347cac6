/**
 * The vector engines the app ships: the int8 scan in WASM SIMD, and the same scan in plain JS where
 * WASM SIMD is missing. Only these two enter the app bundle; the engines `npm run bench` compares them
 * with (binary-rerank, voy, float32-exact) live in bench-engines.ts, which app code never imports.
 */
import type { VectorIndex } from '../core/types.ts';
import type { Int8VectorData } from '../core/quantize.ts';
import { createInt8JsIndex } from './int8-js.ts';
import { createInt8WasmIndex } from './int8-wasm.ts';
import { supportsWasmSimd } from './wasm-kernel.ts';

export const ENGINE_KINDS = ['int8-wasm', 'int8-js'] as const;
export type EngineKind = (typeof ENGINE_KINDS)[number];

export function isEngineKind(s: string): s is EngineKind {
  return (ENGINE_KINDS as readonly string[]).includes(s);
}

/**
 * The engine to use when the caller does not pick one, chosen by `npm run bench` on the full index
 * (20,848 x 512 USE-lite, Chromium 156 worker, k=10): int8-wasm p50 0.71 ms, recall@10 0.996 vs float32,
 * exact int8 ranking under any filter (0.08 ms with a 6 % genre+decade mask). binary-rerank was faster
 * (0.45 ms) but lost recall (0.981); voy took 26.5 ms and 251-635 MB of WASM memory; int8-js (15.8 ms)
 * is the fallback where WASM SIMD is missing.
 */
export function chooseDefaultEngine(): EngineKind {
  return supportsWasmSimd() ? 'int8-wasm' : 'int8-js';
}

export interface CreateIndexOptions {
  /** Score cosines with the quantized rows (default true; see cosineScales). */
  cosine?: boolean;
}

/** Build an engine of `kind` over the shipped int8 vectors. */
export async function createVectorIndex(
  kind: EngineKind,
  data: Int8VectorData,
  options: CreateIndexOptions = {},
): Promise<VectorIndex> {
  switch (kind) {
    case 'int8-wasm':
      return createInt8WasmIndex(data, { cosine: options.cosine });
    case 'int8-js':
      return createInt8JsIndex(data, { cosine: options.cosine });
    default: {
      const never: never = kind;
      throw new Error(`Unknown engine "${String(never)}". Use one of: ${ENGINE_KINDS.join(', ')}.`);
    }
  }
}
