import type { Movie, PlanHints } from '../types.ts';
import { foldName } from '../query/people.ts';
import { foldText } from '../query/text.ts';

/**
 * What a plan's soft hints say about one movie — one owner for the rule score's hint bonuses
 * (rank/score.ts) and the re-ranker's stated-fact features (rank/features.ts).
 */
export interface StatedHints {
  years: [number, number] | null;
  genres: string[];
  /** Folded names. */
  people: string[];
  languages: string[];
  /** Folded. */
  titleWords: string[];
}

export function statedHints(hints: PlanHints): StatedHints {
  return {
    years: hints.years ?? null,
    genres: hints.genres ?? [],
    people: (hints.people ?? []).map(foldName),
    languages: hints.languages ?? [],
    titleWords: (hints.titleWords ?? []).map((t) => foldText(t)),
  };
}

/** Years between the movie and the stated range (0 inside it); null when either is unknown. */
export function yearOffset(m: Movie, years: [number, number] | null): number | null {
  if (!years || m.year === null) return null;
  const [a, b] = years;
  return m.year < a ? a - m.year : m.year > b ? m.year - b : 0;
}

/** Share of the stated genres the movie has (call with at least one genre). */
export const genreShare = (m: Movie, genres: readonly string[]): number =>
  genres.filter((g) => m.genres.includes(g)).length / genres.length;

/** Share of the stated (folded) people credited as director or cast (call with at least one). */
export function peopleShare(m: Movie, people: readonly string[]): number {
  const credited = new Set([...m.directors, ...m.cast].map(foldName));
  return people.filter((p) => credited.has(p)).length / people.length;
}

export const hasLanguage = (m: Movie, languages: readonly string[]): boolean =>
  languages.length > 0 && !!m.language && languages.includes(m.language);

export const titleHas = (m: Movie, titleWords: readonly string[]): boolean => {
  const t = foldText(m.title);
  return titleWords.some((x) => t.includes(x));
};
