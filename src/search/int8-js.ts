import type { VectorHit, VectorIndex, VectorSearchOptions } from '../core/types.ts';
import { assertInt8Data, cosineScales, type Int8VectorData } from '../core/quantize.ts';
import { quantizeQuery } from './query-quant.ts';
import { selectTopK } from './topk.ts';

/**
 * Score every row with the int16-quantized query, in plain JS. Integer dots are exact in doubles and the
 * float steps reproduce the WASM kernel's f32 rounding (f32(dot) * scale, then * qscale), so the scores
 * are bit-identical to `int8-wasm`'s.
 */
export function scanInt8Js(data: Int8VectorData, q: Int16Array, qscale: number, out: Float32Array): void {
  const { rows, dims, codes, scales } = data;
  for (let r = 0; r < rows; r++) {
    const base = r * dims;
    let s = 0;
    for (let j = 0; j < dims; j++) s += codes[base + j] * q[j];
    out[r] = Math.fround(Math.fround(Math.fround(s) * scales[r]) * qscale);
  }
}

/**
 * `int8-js`: exhaustive int8 scan in plain JS. The fallback where WASM SIMD is missing, and the
 * reference the WASM kernel is tested against. Roughly 20x slower than the SIMD scan.
 */
export function createInt8JsIndex(input: Int8VectorData, options: { cosine?: boolean } = {}): VectorIndex {
  assertInt8Data(input);
  // Same scales as the WASM kernel's (cosine with the quantized rows unless asked otherwise).
  const data = (options.cosine ?? true) ? { ...input, scales: cosineScales(input) } : input;
  const scores = new Float32Array(data.rows);
  const q = new Int16Array(data.dims);
  return {
    name: 'int8-js',
    size: data.rows,
    dims: data.dims,
    async search(query: Float32Array, k: number, options: VectorSearchOptions = {}): Promise<VectorHit[]> {
      const { qscale } = quantizeQuery(query, data.dims, data.dims, q);
      scanInt8Js(data, q, qscale, scores);
      return selectTopK(scores, data.rows, k, options);
    },
  };
}
