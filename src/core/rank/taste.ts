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
 * A result names its closest liked movie ("because you liked …") when its affinity is at least this.
 * Affinities are relative to the candidates (see `relativeAffinities`), not raw cosines: how close
 * "unrelated" movies sit depends on the embedder (USE-lite puts most movie pairs at 0.5–0.7).
 */
export const NAME_AFFINITY_MIN = 0.5;
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

/** Cosine of a movie's vector to the taste centroid. */
export function tasteCosine(profile: TasteProfile, v: Float32Array): number {
  return dot(profile.centroid, v);
}

/**
 * 0..1 per candidate: its cosine to the centroid, scaled so the median candidate gets 0 and the closest
 * gets 1 (like the dense score's normalisation): only the half nearest the taste gets a bonus.
 * NaN (no vector) gets 0.
 */
export function relativeAffinities(cosines: readonly number[]): Float32Array {
  const known = cosines.filter((c) => !Number.isNaN(c)).sort((a, b) => b - a);
  const out = new Float32Array(cosines.length);
  if (known.length < 2) return out;
  const max = known[0];
  const ref = known[Math.floor(known.length / 2)];
  if (max - ref < 1e-6) return out;
  cosines.forEach((c, i) => {
    out[i] = Number.isNaN(c) ? 0 : Math.max(0, Math.min(1, (c - ref) / (max - ref)));
  });
  return out;
}

/** The example most similar to `v` (for "because you liked …"). */
export function closestExample(profile: TasteProfile, v: Float32Array): { row: number; sim: number } {
  let best = { row: profile.rows[0], sim: -Infinity };
  profile.vectors.forEach((x, i) => {
    const sim = dot(x, v);
    if (sim > best.sim) best = { row: profile.rows[i], sim };
  });
  return best;
}
