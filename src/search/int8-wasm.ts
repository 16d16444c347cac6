import type { VectorHit, VectorIndex, VectorSearchOptions } from '../core/types.ts';
import { assertInt8Data, type Int8VectorData } from '../core/quantize.ts';
import { collectRows, countAllowed, selectTopK } from './topk.ts';
import { createInt8Kernel, type Int8Kernel } from './wasm-kernel.ts';

/**
 * Below this share of allowed rows, a filtered search scores only the allowed rows (`scan_rows`) instead
 * of all rows: the per-row cost is about the same, so scoring fewer rows wins once the list is built.
 */
export const SELECTIVE_FILTER_SHARE = 0.5;

/** Search over a kernel: full scan + masked top-k, or a scan of only the allowed rows when that is cheaper. */
export function searchKernel(
  kernel: Int8Kernel,
  query: Float32Array,
  k: number,
  options: VectorSearchOptions,
): VectorHit[] {
  const { rows } = kernel;
  const { allowed, exclude } = options;
  if (allowed !== undefined && countAllowed(allowed, rows) <= rows * SELECTIVE_FILTER_SHARE) {
    const n = collectRows(allowed, rows, exclude, kernel.ids);
    const scores = kernel.scanRows(query, n);
    return selectTopK(scores, n, k, { ids: kernel.ids });
  }
  const scores = kernel.scan(query);
  return selectTopK(scores, rows, k, { allowed, exclude });
}

/**
 * `int8-wasm`: exhaustive int8 scan in WASM SIMD (the default engine). Exact with respect to the shipped
 * int8 vectors: its scores equal `int8-js`'s bit for bit. `cosine` (default true): see cosineScales().
 */
export async function createInt8WasmIndex(
  data: Int8VectorData,
  options: { cosine?: boolean } = {},
): Promise<VectorIndex & { memoryBytes: number }> {
  assertInt8Data(data);
  const kernel = await createInt8Kernel(data, { cosine: options.cosine });
  return {
    name: 'int8-wasm',
    size: data.rows,
    dims: data.dims,
    memoryBytes: kernel.memoryBytes,
    async search(query: Float32Array, k: number, options: VectorSearchOptions = {}): Promise<VectorHit[]> {
      return searchKernel(kernel, query, k, options);
    },
  };
}
