/**
 * Turns one aligned movies_metadata row (column name → raw string) into a Movie, or a drop reason.
 * Every repair is counted in the report. Pure (no Node APIs).
 */
import type { Movie } from '../core/types.ts';
import { tryParsePythonLiteral, type PyValue } from './python-literal.ts';
import { bump, type DatasetReport } from './report.ts';

export type RawRow = Record<string, string | undefined>;

/** People and keywords joined from credits.csv / keywords.csv. */
export interface MovieExtras {
  directors: string[];
  cast: string[];
  keywords: string[];
}

/** Top-billed cast kept per movie (the Movie contract says at most 5). */
export const MAX_CAST = 5;

/**
 * Overviews that TMDB shows when there is none. Compared lower-case without trailing dots, so
 * "No overview found." and "No Overview" both match.
 */
const PLACEHOLDER_OVERVIEWS = new Set([
  'no overview found',
  'no movie overview available',
  'no overview',
  'no overview available',
  'no overview yet',
  'overview not available',
  'not available',
  'n/a',
  'na',
  'none',
  'null',
  '-',
]);

export function isPlaceholderOverview(text: string): boolean {
  return PLACEHOLDER_OVERVIEWS.has(
    text
      .trim()
      .toLowerCase()
      .replace(/[.!\s]+$/, ''),
  );
}

/** Non-empty, trimmed, whitespace-collapsed text ("" for null-ish values). */
export function cleanText(value: string | undefined): string {
  if (value === undefined) return '';
  const t = value.replace(/\s+/g, ' ').trim();
  return t === 'None' || t === 'NaN' || t === 'nan' ? '' : t;
}

/** Parse a list/dict literal column; malformed values count and become `fallback`. */
export function literalColumn(
  raw: string | undefined,
  column: string,
  counter: Record<string, number>,
): PyValue | undefined {
  const text = (raw ?? '').trim();
  if (text === '' || text === 'None' || text === '[]' || text === '{}') return undefined;
  const value = tryParsePythonLiteral(text);
  if (value === undefined) bump(counter, `malformed ${column} literal → empty`);
  return value;
}

/** `[{..., name: 'x'}]` → ['x'] (deduplicated, in order). */
export function namesOf(value: PyValue | undefined, key = 'name'): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const item of value) {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      const name = item[key];
      if (typeof name === 'string') {
        const t = cleanText(name);
        if (t && !out.includes(t)) out.push(t);
      }
    }
  }
  return out;
}

/** Strictly numeric TMDB id, or null. */
export function parseId(raw: string | undefined): number | null {
  const t = (raw ?? '').trim();
  if (!/^\d{1,10}$/.test(t)) return null;
  const n = Number(t);
  return n > 0 && Number.isSafeInteger(n) ? n : null;
}

function parseYear(raw: string | undefined, report: DatasetReport): number | null {
  const t = (raw ?? '').trim();
  if (t === '') {
    bump(report.repaired, 'release_date missing → year null');
    return null;
  }
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(t);
  const year = m ? Number(m[1]) : NaN;
  const month = m ? Number(m[2]) : NaN;
  const day = m ? Number(m[3]) : NaN;
  if (!(year >= 1870 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31)) {
    bump(report.repaired, 'release_date invalid → year null');
    return null;
  }
  return year;
}

function parseRuntime(raw: string | undefined, report: DatasetReport): number | null {
  const t = (raw ?? '').trim();
  if (t === '' || t === 'None' || t === 'nan') return null;
  const n = Number(t);
  if (!Number.isFinite(n) || n < 0) {
    bump(report.repaired, 'runtime invalid → null');
    return null;
  }
  if (n === 0) {
    bump(report.repaired, 'runtime 0 → null');
    return null;
  }
  if (!Number.isInteger(n)) bump(report.repaired, 'runtime fractional → rounded');
  return Math.max(1, Math.round(n));
}

function parseNumber(raw: string | undefined, column: string, report: DatasetReport): number | null {
  const t = (raw ?? '').trim();
  if (t === '' || t === 'None' || t === 'nan') return null;
  const n = Number(t);
  if (!Number.isFinite(n) || n < 0) {
    bump(report.repaired, `${column} invalid → empty`);
    return null;
  }
  return n;
}

function parseCollection(raw: string | undefined, report: DatasetReport): Movie['collection'] {
  const v = literalColumn(raw, 'belongs_to_collection', report.repaired);
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const id = typeof v.id === 'number' ? v.id : Number(v.id);
  const name = typeof v.name === 'string' ? cleanText(v.name) : '';
  return Number.isInteger(id) && id > 0 && name ? { id, name } : null;
}

/**
 * Interpret a row. Returns the Movie, or `{ drop: reason }` for a row that cannot be a movie
 * (no usable id or title). Never throws on bad data.
 */
export function movieFromRow(
  row: RawRow,
  extras: MovieExtras | undefined,
  report: DatasetReport,
): Movie | { drop: string } {
  const rawId = (row.id ?? '').trim();
  const id = parseId(rawId);
  if (id === null) {
    if (rawId === '') return { drop: 'missing id' };
    return { drop: /^\d{4}-\d{2}-\d{2}$/.test(rawId) ? 'date-like id' : 'non-numeric id' };
  }

  let title = cleanText(row.title);
  const original = cleanText(row.original_title);
  if (!title && original) {
    title = original;
    bump(report.repaired, 'title empty → original_title');
  }
  if (!title) return { drop: 'missing title' };

  let overview = cleanText(row.overview);
  if (overview && isPlaceholderOverview(overview)) {
    bump(report.repaired, 'placeholder overview → empty');
    overview = '';
  }

  const votes = Math.round(parseNumber(row.vote_count, 'vote_count', report) ?? 0);
  const average = parseNumber(row.vote_average, 'vote_average', report);
  const language = cleanText(row.original_language).toLowerCase();
  const poster = cleanText(row.poster_path);

  return {
    id,
    title,
    ...(original && original !== title ? { originalTitle: original } : {}),
    year: parseYear(row.release_date, report),
    genres: namesOf(literalColumn(row.genres, 'genres', report.repaired)),
    runtime: parseRuntime(row.runtime, report),
    language: /^[a-z]{2,3}$/.test(language) ? language : null,
    countries: namesOf(
      literalColumn(row.production_countries, 'production_countries', report.repaired),
      'iso_3166_1',
    ),
    // TMDB shows 0.0 for movies nobody rated: that is "unknown", not "terrible".
    rating: votes > 0 && average !== null && average <= 10 ? average : null,
    votes,
    // Six decimals of a TMDB popularity score carry no meaning; three keep ranking ties rare.
    // Capped: an absurd value such as 1e305 would overflow to Infinity when rounded (fuzz-found).
    popularity: Math.round(Math.min(parseNumber(row.popularity, 'popularity', report) ?? 0, 1e9) * 1000) / 1000,
    poster: poster.startsWith('/') ? poster : null,
    overview,
    tagline: cleanText(row.tagline),
    directors: extras?.directors ?? [],
    cast: extras?.cast ?? [],
    keywords: extras?.keywords ?? [],
    collection: parseCollection(row.belongs_to_collection, report),
  };
}

/** keywords.csv `keywords` column → names. */
export function keywordsFromLiteral(raw: string | undefined, counter: Record<string, number>): string[] {
  return namesOf(literalColumn(raw, 'keywords', counter));
}

/** credits.csv `cast` / `crew` columns → top cast by billing order, and directors. */
export function peopleFromLiterals(
  rawCast: string | undefined,
  rawCrew: string | undefined,
  counter: Record<string, number>,
): { cast: string[]; directors: string[] } {
  const castValue = literalColumn(rawCast, 'cast', counter);
  let cast: string[] = [];
  if (Array.isArray(castValue)) {
    const entries = castValue
      .map((c, i) => {
        if (!c || typeof c !== 'object' || Array.isArray(c)) return null;
        const order = typeof c.order === 'number' ? c.order : i;
        return typeof c.name === 'string' ? { name: cleanText(c.name), order } : null;
      })
      .filter((c): c is { name: string; order: number } => c !== null && c.name !== '');
    entries.sort((a, b) => a.order - b.order);
    cast = [...new Set(entries.map((e) => e.name))].slice(0, MAX_CAST);
  }
  const crewValue = literalColumn(rawCrew, 'crew', counter);
  const directors: string[] = [];
  if (Array.isArray(crewValue)) {
    for (const c of crewValue) {
      if (c && typeof c === 'object' && !Array.isArray(c) && c.job === 'Director' && typeof c.name === 'string') {
        const name = cleanText(c.name);
        if (name && !directors.includes(name)) directors.push(name);
      }
    }
  }
  return { cast, directors };
}
