import { dot, l2normalize, mean } from './vec.ts';

/**
 * Positive/negative examples the way Qdrant's recommend API combines them.
 * - average_vector: one query, avg_pos + (avg_pos − avg_neg), then an ordinary search.
 * - best_score: each candidate is scored against every example; it keeps its best positive similarity if that
 *   beats its best negative one, otherwise −(best negative)², so anything closer to a negative sinks.
 * (Qdrant docs, "Explore the data" → Recommendation API; strategies AverageVector / BestScore.)
 */
export type RecommendStrategy = 'average_vector' | 'best_score';

/** The single query of the average_vector strategy (L2-normalised); null without positives. */
export function averageVectorQuery(
  positives: readonly Float32Array[],
  negatives: readonly Float32Array[],
): Float32Array | null {
  if (positives.length === 0) return null;
  const dims = positives[0].length;
  const pos = mean(positives, dims);
  if (negatives.length === 0) return l2normalize(pos);
  const neg = mean(negatives, dims);
  const q = new Float32Array(dims);
  for (let j = 0; j < dims; j++) q[j] = pos[j] + (pos[j] - neg[j]);
  return l2normalize(q);
}

/** best_score objective for one candidate vector. */
export function bestScore(
  candidate: Float32Array,
  positives: readonly Float32Array[],
  negatives: readonly Float32Array[],
): number {
  let bestPos = -Infinity;
  for (const p of positives) bestPos = Math.max(bestPos, dot(candidate, p));
  let bestNeg = -Infinity;
  for (const n of negatives) bestNeg = Math.max(bestNeg, dot(candidate, n));
  if (bestNeg === -Infinity) return bestPos;
  if (bestPos > bestNeg) return bestPos;
  return -(bestNeg * bestNeg);
}
