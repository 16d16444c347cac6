import { dot, l2normalize } from './vec.ts';

/**
 * A person's taste as a soft prior: the movies they liked (👍) or put on their watchlist, as the centroid of
 * their vectors. It only nudges open-ended requests ("something funny tonight") towards what they enjoy;
 * explicit constraints filter before it applies, and "like X" requests use X instead.
 */
export interface TasteProfile {
  /** Unit-length mean of the examples' vectors. */
  centroid: Float32Array;
  /** The examples that have a vector: their rows and vectors, for naming the closest one. */
  rows: number[];
  vectors: Float32Array[];
}

/**
 * Below this cosine to the centroid a movie gets no bonus: with sentence embeddings, unrelated movies still
 * sit around 0.2–0.4 from each other, so only the part above that says "close to your taste".
 */
export const TASTE_FLOOR = 0.35;
/** A liked movie is named in the `why` only when this close to the result (as for "similar to" seeds). */
export const NAME_LIKED_MIN = 0.5;
/** At most this many examples, the most recent first: an old like should not steer forever. */
export const MAX_EXAMPLES = 50;

/** The profile of `rows` (most recent first), or null when none has a vector. */
export function buildTaste(
  rows: readonly number[],
  vectorOf: (row: number) => Float32Array | null,
): TasteProfile | null {
  const kept: number[] = [];
  const vectors: Float32Array[] = [];
  for (const r of rows) {
    if (kept.length >= MAX_EXAMPLES) break;
    if (kept.includes(r)) continue;
    const v = vectorOf(r);
    if (!v) continue;
    kept.push(r);
    vectors.push(v);
  }
  if (!vectors.length) return null;
  const centroid = new Float32Array(vectors[0].length);
  for (const v of vectors) for (let j = 0; j < v.length; j++) centroid[j] += v[j];
  l2normalize(centroid);
  return { centroid, rows: kept, vectors };
}

/** 0..1: how close a movie's vector is to the taste centroid, 0 at or below TASTE_FLOOR. */
export function tasteAffinity(profile: TasteProfile, v: Float32Array): number {
  const c = dot(profile.centroid, v);
  return Math.max(0, Math.min(1, (c - TASTE_FLOOR) / (1 - TASTE_FLOOR)));
}

/** The example most similar to `v` (for "because you liked …"), or null when none is close enough. */
export function closestExample(profile: TasteProfile, v: Float32Array): { row: number; sim: number } | null {
  let best: { row: number; sim: number } | null = null;
  profile.vectors.forEach((x, i) => {
    const sim = dot(x, v);
    if (sim >= NAME_LIKED_MIN && (!best || sim > best.sim)) best = { row: profile.rows[i], sim };
  });
  return best;
}
