import type { Movie } from '../src/core/types.ts';
import type { ExpectedConstraints } from './queries.ts';

/** Metric definitions of ../shared/eval/README.md, as pure functions over result id lists. */

/** 1-based rank of the first expected id within the first `depth` results, or 0. */
export function firstHitRank(results: readonly number[], expected: readonly number[], depth = 100): number {
  const want = new Set(expected);
  const n = Math.min(depth, results.length);
  for (let i = 0; i < n; i++) if (want.has(results[i])) return i + 1;
  return 0;
}

/** A movie with an unknown value for a constrained field does not satisfy it. */
export function satisfies(m: Movie | undefined, c: ExpectedConstraints): boolean {
  if (!m) return false;
  if (c.genres && !c.genres.every((g) => m.genres.includes(g))) return false;
  if (c.language && m.language !== c.language) return false;
  if (c.country && !m.countries.includes(c.country)) return false;
  const inRange = (v: number | null, r: [number | null, number | null]) =>
    v !== null && (r[0] === null || v >= r[0]) && (r[1] === null || v <= r[1]);
  if (c.year && !inRange(m.year, c.year)) return false;
  if (c.runtime && !inRange(m.runtime, c.runtime)) return false;
  return true;
}

/** Share of the (at most 10) results satisfying `ok`; no results scores 0. */
export function precisionAt10<T>(results: readonly T[], ok: (r: T) => boolean): number {
  const top = results.slice(0, 10);
  return top.length ? top.filter(ok).length / top.length : 0;
}

export function recallAt(results: readonly number[], expected: readonly number[], k: number): number {
  if (!expected.length) return 0;
  const top = new Set(results.slice(0, k));
  return expected.filter((id) => top.has(id)).length / expected.length;
}

export const mean = (xs: readonly number[]): number =>
  xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
