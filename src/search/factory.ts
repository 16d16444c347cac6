import type { VectorIndex } from '../core/types.ts';
import { createBinaryRerankIndex } from './binary-rerank.ts';
import { createFloat32ExactIndex } from './float32-exact.ts';
import { dequantize, type Int8VectorData } from './int8-data.ts';
import { createInt8JsIndex } from './int8-js.ts';
import { createInt8WasmIndex } from './int8-wasm.ts';
import { supportsWasmSimd } from './wasm-kernel.ts';
import { createVoyIndex, type VoyIndexOptions } from './voy.ts';

export const ENGINE_KINDS = ['int8-wasm', 'int8-js', 'binary-rerank', 'voy', 'float32-exact'] as const;
export type EngineKind = (typeof ENGINE_KINDS)[number];

export function isEngineKind(s: string): s is EngineKind {
  return (ENGINE_KINDS as readonly string[]).includes(s);
}

/**
 * The engine to use when the caller does not pick one. Chosen by `npm run bench` on the full index
 * (see README / bench-out/bench.json): the SIMD int8 scan meets the latency goal with exact int8 ranking,
 * under any filter; the plain-JS scan is the fallback without WASM SIMD.
 */
export function chooseDefaultEngine(): EngineKind {
  return supportsWasmSimd() ? 'int8-wasm' : 'int8-js';
}

export interface CreateIndexOptions {
  /** voy only: rows subset, module loader, serialized index. */
  voy?: VoyIndexOptions;
  /** binary-rerank only: how many candidates get the int8 re-rank. */
  candidates?: number;
  /** int8 engines: score cosines with the quantized rows (default true; see cosineScales). */
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
    case 'binary-rerank':
      return createBinaryRerankIndex(data, { candidates: options.candidates, cosine: options.cosine });
    case 'voy':
      return createVoyIndex(data, options.voy);
    case 'float32-exact':
      // Only the dequantized int8 vectors exist at runtime; the bench passes true float vectors directly.
      return createFloat32ExactIndex(dequantize(data));
    default: {
      const never: never = kind;
      throw new Error(`Unknown engine "${String(never)}". Use one of: ${ENGINE_KINDS.join(', ')}.`);
    }
  }
}
