import type { Constraints, Movie, WhyReason } from '../types.ts';
import { foldName } from '../query/people.ts';

/**
 * Constraints → allowed-row mask, applied before top-k so a filtered search still returns k results.
 * A movie with an unknown value for a constrained field does not satisfy it (no year → not "from the 80s").
 */
export function hasConstraints(c: Constraints): boolean {
  return Object.values(c).some((v) => v !== undefined && (!Array.isArray(v) || v.length > 0));
}

/** A predicate for one movie; precomputes folded names once. */
export function constraintPredicate(c: Constraints): (m: Movie) => boolean {
  const genres = c.genres ?? [];
  const excl = c.excludeGenres ?? [];
  const people = (c.people ?? []).map(foldName);
  const langs = c.languages ?? [];
  const countries = c.countries ?? [];
  return (m) => {
    for (const g of genres) if (!m.genres.includes(g)) return false;
    for (const g of excl) if (m.genres.includes(g)) return false;
    if (c.years) {
      const [lo, hi] = c.years;
      if (m.year === null || (lo !== null && m.year < lo) || (hi !== null && m.year > hi)) return false;
    }
    if (c.runtime) {
      const [lo, hi] = c.runtime;
      if (m.runtime === null || (lo !== null && m.runtime < lo) || (hi !== null && m.runtime > hi))
        return false;
    }
    if (langs.length && (m.language === null || !langs.includes(m.language))) return false;
    if (countries.length && !m.countries.some((x) => countries.includes(x))) return false;
    if (c.minRating !== undefined && (m.rating === null || m.rating < c.minRating)) return false;
    if (c.maxRating !== undefined && (m.rating === null || m.rating > c.maxRating)) return false;
    if (c.minVotes !== undefined && m.votes < c.minVotes) return false;
    if (c.maxVotes !== undefined && m.votes > c.maxVotes) return false;
    if (people.length) {
      const credited = new Set([...m.directors, ...m.cast].map(foldName));
      for (const p of people) if (!credited.has(p)) return false;
    }
    return true;
  };
}

/** 1 = allowed. Rows in `exclude` are 0. */
export function constraintMask(
  movies: readonly Movie[],
  c: Constraints,
  exclude?: ReadonlySet<number>,
): Uint8Array {
  const mask = new Uint8Array(movies.length);
  const ok = constraintPredicate(c);
  for (let r = 0; r < movies.length; r++) mask[r] = ok(movies[r]) && !exclude?.has(r) ? 1 : 0;
  return mask;
}

/** The constraints a movie satisfies, as `why` reasons for the UI. */
export function constraintReasons(c: Constraints): WhyReason[] {
  const out: WhyReason[] = [];
  const range = (r: [number | null, number | null], unit = '') =>
    r[0] !== null && r[1] !== null
      ? r[0] === r[1]
        ? `${r[0]}${unit}`
        : `${r[0]}–${r[1]}${unit}`
      : r[0] !== null
        ? `≥ ${r[0]}${unit}`
        : `≤ ${r[1]}${unit}`;
  for (const g of c.genres ?? []) out.push({ kind: 'constraint', field: 'genres', value: g });
  for (const g of c.excludeGenres ?? [])
    out.push({ kind: 'constraint', field: 'excludeGenres', value: `not ${g}` });
  if (c.years) out.push({ kind: 'constraint', field: 'years', value: range(c.years) });
  if (c.runtime) out.push({ kind: 'constraint', field: 'runtime', value: range(c.runtime, ' min') });
  if (c.languages?.length)
    out.push({ kind: 'constraint', field: 'languages', value: c.languages.join(', ') });
  if (c.countries?.length)
    out.push({ kind: 'constraint', field: 'countries', value: c.countries.join(', ') });
  for (const p of c.people ?? []) out.push({ kind: 'constraint', field: 'people', value: p });
  if (c.minRating !== undefined)
    out.push({ kind: 'constraint', field: 'minRating', value: `≥ ${c.minRating}` });
  if (c.maxRating !== undefined)
    out.push({ kind: 'constraint', field: 'maxRating', value: `≤ ${c.maxRating}` });
  return out;
}
