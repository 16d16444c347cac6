import type { VectorHit, VectorIndex, VectorSearchOptions } from '../core/types.ts';
import { assertInt8Data, type Int8VectorData } from '../core/quantize.ts';
import { selectTopK } from './topk.ts';
import { createInt8Kernel } from './wasm-kernel.ts';

/** How many sign-bit candidates get an int8 re-rank (at least; more when k is large). */
export const DEFAULT_RERANK_CANDIDATES = 400;

/**
 * `binary-rerank`: 1-bit sign codes (dims/8 bytes per row) compared by popcount over all allowed rows, then
 * the best `candidates` are re-scored exactly with the int8 kernel. Reads 8x less memory than the int8
 * scan; its recall depends on how well signs alone order the rows, so the bench measures it.
 */
export async function createBinaryRerankIndex(
  data: Int8VectorData,
  options: { candidates?: number; cosine?: boolean } = {},
): Promise<VectorIndex & { memoryBytes: number }> {
  assertInt8Data(data);
  const kernel = await createInt8Kernel(data, { binary: true, cosine: options.cosine });
  const candidates = options.candidates ?? DEFAULT_RERANK_CANDIDATES;
  return {
    name: 'binary-rerank',
    size: data.rows,
    dims: data.dims,
    memoryBytes: kernel.memoryBytes,
    async search(query: Float32Array, k: number, opts: VectorSearchOptions = {}): Promise<VectorHit[]> {
      const ham = kernel.hamming(query);
      const shortlist = selectTopK(ham, data.rows, Math.max(candidates, k * 4), opts);
      const n = shortlist.length;
      for (let i = 0; i < n; i++) kernel.ids[i] = shortlist[i].row;
      const scores = kernel.scanRows(query, n);
      return selectTopK(scores, n, k, { ids: kernel.ids });
    },
  };
}
