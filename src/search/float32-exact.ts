import type { VectorHit, VectorIndex, VectorSearchOptions } from '../core/types.ts';
import type { Float32VectorData } from '../core/quantize.ts';
import { selectTopK } from './topk.ts';

/**
 * `float32-exact`: exact dot products of the float query with float rows (accumulated in doubles).
 * The recall truth for the bench and tests; too big and too slow to ship (4 bytes per dimension).
 */
export function createFloat32ExactIndex(data: Float32VectorData): VectorIndex {
  const { rows, dims, vectors } = data;
  if (vectors.length < rows * dims)
    throw new Error(`Float vectors: ${vectors.length} values for ${rows} x ${dims}.`);
  const scores = new Float64Array(rows);
  return {
    name: 'float32-exact',
    size: rows,
    dims,
    async search(query: Float32Array, k: number, options: VectorSearchOptions = {}): Promise<VectorHit[]> {
      if (query.length !== dims)
        throw new Error(`Query has ${query.length} dimensions; the index has ${dims}.`);
      for (let r = 0; r < rows; r++) {
        const base = r * dims;
        let s = 0;
        for (let j = 0; j < dims; j++) s += vectors[base + j] * query[j];
        scores[r] = s;
      }
      return selectTopK(scores, rows, k, options);
    },
  };
}
