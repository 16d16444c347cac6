/**
 * Every vector engine `npm run bench` compares: the app's two (factory.ts) plus the ones it measured
 * and did not ship — binary-rerank (1-bit scan + int8 re-rank), voy (k-d tree in WASM) and exact
 * float32 search. Imported only by scripts/bench* and tests/search, never by app code, so voy and the
 * others stay out of the app bundle.
 */
import type { VectorIndex } from '../core/types.ts';
import { createBinaryRerankIndex } from './binary-rerank.ts';
import { ENGINE_KINDS, createVectorIndex, isEngineKind } from './factory.ts';
import { createFloat32ExactIndex } from './float32-exact.ts';
import { dequantize, type Int8VectorData } from '../core/quantize.ts';
import { createVoyIndex, type VoyIndexOptions } from './voy.ts';

export const BENCH_ENGINE_KINDS = [...ENGINE_KINDS, 'binary-rerank', 'voy', 'float32-exact'] as const;
export type BenchEngineKind = (typeof BENCH_ENGINE_KINDS)[number];

export function isBenchEngineKind(s: string): s is BenchEngineKind {
  return (BENCH_ENGINE_KINDS as readonly string[]).includes(s);
}

export interface BenchIndexOptions {
  /** voy only: rows subset, module loader, serialized index. */
  voy?: VoyIndexOptions;
  /** binary-rerank only: how many candidates get the int8 re-rank. */
  candidates?: number;
  /** int8 engines: score cosines with the quantized rows (default true; see cosineScales). */
  cosine?: boolean;
}

/** Build an engine of any bench `kind` over the shipped int8 vectors. */
export async function createBenchIndex(
  kind: BenchEngineKind,
  data: Int8VectorData,
  options: BenchIndexOptions = {},
): Promise<VectorIndex> {
  if (isEngineKind(kind)) return createVectorIndex(kind, data, { cosine: options.cosine });
  switch (kind) {
    case 'binary-rerank':
      return createBinaryRerankIndex(data, { candidates: options.candidates, cosine: options.cosine });
    case 'voy':
      return createVoyIndex(data, options.voy);
    case 'float32-exact':
      // Only the dequantized int8 vectors exist at runtime; the Node bench passes true float vectors directly.
      return createFloat32ExactIndex(dequantize(data));
    default: {
      const never: never = kind;
      throw new Error(`Unknown engine "${String(never)}". Use one of: ${BENCH_ENGINE_KINDS.join(', ')}.`);
    }
  }
}
