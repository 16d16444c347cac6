import type { Movie } from '../types.ts';
import type { Cand } from './candidates.ts';
import { mmrSelect } from './mmr.ts';
import { dot } from './vec.ts';

/** `vec` memoised for one request (MMR and the explanations ask for the same rows many times). */
export function vectorCache(vec: (row: number) => Float32Array | null): (row: number) => Float32Array | null {
  const cache = new Map<number, Float32Array | null>();
  return (r) => {
    if (!cache.has(r)) cache.set(r, vec(r));
    return cache.get(r)!;
  };
}

/** How alike two movies are, for MMR: their vectors' cosine, at least 0.9 within one collection. */
export function movieSimilarity(
  movies: readonly Movie[],
  vec: (row: number) => Float32Array | null,
): (a: number, b: number) => number {
  return (a, b) => {
    const ma = movies[a];
    const mb = movies[b];
    const va = vec(a);
    const vb = vec(b);
    let s = va && vb ? dot(va, vb) : 0;
    if (ma.collection && mb.collection && ma.collection.id === mb.collection.id) s = Math.max(s, 0.9);
    return s;
  };
}

/** The k results: MMR over the best max(4k, 40) candidates (`ranked` is best first). */
export function diversify(
  ranked: readonly Cand[],
  k: number,
  lambda: number,
  similarity: (a: number, b: number) => number,
): Cand[] {
  const pool = ranked.slice(0, Math.max(k * 4, 40));
  return mmrSelect(pool, k, lambda, similarity);
}

/**
 * The picks, then the candidates not picked in score order until `depth` results in total (fewer when the
 * candidates run out). A depth up to the number of picks, or none, returns the picks alone.
 */
export function withTail(ranked: readonly Cand[], picked: Cand[], depth: number | undefined): Cand[] {
  const more = Math.floor(depth ?? 0) - picked.length;
  if (!(more > 0)) return picked;
  const taken = new Set(picked.map((c) => c.row));
  const tail: Cand[] = [];
  for (const c of ranked) {
    if (tail.length >= more) break;
    if (!taken.has(c.row)) tail.push(c);
  }
  return [...picked, ...tail];
}
