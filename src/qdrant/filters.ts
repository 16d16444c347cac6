/**
 * Translation of the app's `Constraints` (src/core/types.ts) into a Qdrant `Filter`.
 *
 * Pure: no client, no network. The same payload field names are written by the uploader
 * (build-index/qdrant-upload.ts → `moviePayload`) so a filter built here always refers to fields that exist
 * and carry a payload index.
 *
 * Translation table (also in src/qdrant/README.md):
 *
 * | Constraint                | Qdrant condition                                                          | clause    |
 * |---------------------------|---------------------------------------------------------------------------|-----------|
 * | genres: [a, b]            | { key: 'genres', match: { value: a } }, { key: 'genres', match: { value: b } } | must (one per genre: ALL) |
 * | excludeGenres: [a, b]     | { key: 'genres', match: { any: [a, b] } }                                  | must_not  |
 * | years: [lo, hi]           | { key: 'year', range: { gte: lo, lte: hi } } (null side omitted)           | must      |
 * | runtime: [lo, hi]         | { key: 'runtime', range: { gte: lo, lte: hi } }                            | must      |
 * | languages: [en, fr]       | { key: 'language', match: { any: ['en', 'fr'] } } (lower-cased)            | must      |
 * | countries: [US, GB]       | { key: 'countries', match: { any: ['US', 'GB'] } } (upper-cased)           | must      |
 * | people: [p, q]            | { key: 'people', match: { value: norm(p) } } per person (ALL)              | must      |
 * | minRating / maxRating     | { key: 'rating', range: { gte: min, lte: max } }                           | must      |
 * | minVotes / maxVotes       | { key: 'votes', range: { gte: min, lte: max } }                            | must      |
 * | exclude (TMDB ids)        | { has_id: [id, ...] }                                                     | must_not  |
 * | anyOfIds (TMDB ids)       | { has_id: [id, ...] }                                                     | must      |
 *
 * Semantics worth knowing:
 * - A range condition never matches a point whose field is null or missing, so a movie with an unknown year
 *   or runtime is excluded as soon as that range is constrained (same as the local metadata filter, which
 *   cannot prove an unknown value lies in range).
 * - "Any of" lists use `match.any` rather than a `should` of single matches: one condition, same meaning,
 *   and it composes inside `must` without `min_should` bookkeeping. `should` is therefore not emitted.
 * - Keyword matches are exact and case-sensitive in Qdrant; names of people are stored and queried through
 *   `normalizeName` (= `foldName` of src/core/query/people.ts: accents and punctuation stripped,
 *   lower-case) so "Pedro Almodóvar" and "pedro almodovar" meet.
 * - Empty lists, `[null, null]` ranges and non-finite numbers add no condition (they constrain nothing).
 */
import type { Schemas } from '@qdrant/js-client-rest';
import { foldName } from '../core/query/people.ts';
import type { Constraints } from '../core/types.ts';

export type QdrantFilter = Schemas['Filter'];
export type QdrantCondition = Schemas['Condition'];

/** Payload keys of the movies collection. One place, so the uploader and the filter cannot drift apart. */
export const MOVIE_FIELDS = {
  title: 'title',
  year: 'year',
  genres: 'genres',
  runtime: 'runtime',
  language: 'language',
  countries: 'countries',
  people: 'people',
  rating: 'rating',
  votes: 'votes',
  popularity: 'popularity',
  collectionId: 'collection_id',
} as const;

/** Payload indexes the uploader creates: every field a filter can touch, typed as Qdrant needs it. */
export const MOVIE_PAYLOAD_INDEXES: ReadonlyArray<{ field: string; schema: Schemas['PayloadSchemaType'] }> = [
  { field: MOVIE_FIELDS.genres, schema: 'keyword' },
  { field: MOVIE_FIELDS.language, schema: 'keyword' },
  { field: MOVIE_FIELDS.countries, schema: 'keyword' },
  { field: MOVIE_FIELDS.people, schema: 'keyword' },
  { field: MOVIE_FIELDS.year, schema: 'integer' },
  { field: MOVIE_FIELDS.runtime, schema: 'integer' },
  { field: MOVIE_FIELDS.rating, schema: 'float' },
  { field: MOVIE_FIELDS.votes, schema: 'integer' },
  { field: MOVIE_FIELDS.collectionId, schema: 'integer' },
];

/**
 * Canonical form of a person's name for exact keyword matching (stored and queried the same way): the
 * retrieval code's `foldName` (lower-case, accents and punctuation stripped), so both engines fold alike.
 */
export function normalizeName(name: string): string {
  return foldName(name);
}

export interface FilterExtras {
  /** TMDB ids never to return (seed movie, hidden, already shown). */
  excludeIds?: Iterable<number>;
  /** Restrict to these TMDB ids (e.g. a small `allowed` set with no structured constraints). */
  onlyIds?: Iterable<number>;
}

function cleanList(values: readonly string[] | undefined, norm: (s: string) => string): string[] {
  if (!values) return [];
  const out = new Set<string>();
  for (const v of values) {
    const n = norm(v);
    if (n) out.add(n);
  }
  return [...out];
}

function finite(n: number | null | undefined): number | null {
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** `{ key, range }` from inclusive bounds, or null when both sides are open. */
function rangeCondition(
  key: string,
  lo: number | null | undefined,
  hi: number | null | undefined,
): QdrantCondition | null {
  const gte = finite(lo);
  const lte = finite(hi);
  if (gte === null && lte === null) return null;
  const range: Schemas['Range'] = {};
  if (gte !== null) range.gte = gte;
  if (lte !== null) range.lte = lte;
  return { key, range };
}

/**
 * Build the Qdrant filter for a set of constraints (plus id exclusions). Returns `undefined` when nothing is
 * constrained, so callers can omit `filter` from the request altogether.
 */
export function constraintsToFilter(
  constraints: Constraints | undefined,
  extras: FilterExtras = {},
): QdrantFilter | undefined {
  const c = constraints ?? {};
  const must: QdrantCondition[] = [];
  const mustNot: QdrantCondition[] = [];

  for (const genre of cleanList(c.genres, (s) => s.trim())) {
    must.push({ key: MOVIE_FIELDS.genres, match: { value: genre } });
  }
  const excluded = cleanList(c.excludeGenres, (s) => s.trim());
  if (excluded.length > 0) mustNot.push({ key: MOVIE_FIELDS.genres, match: { any: excluded } });

  const years = rangeCondition(MOVIE_FIELDS.year, c.years?.[0], c.years?.[1]);
  if (years) must.push(years);
  const runtime = rangeCondition(MOVIE_FIELDS.runtime, c.runtime?.[0], c.runtime?.[1]);
  if (runtime) must.push(runtime);

  const languages = cleanList(c.languages, (s) => s.trim().toLowerCase());
  if (languages.length > 0) must.push({ key: MOVIE_FIELDS.language, match: { any: languages } });
  const countries = cleanList(c.countries, (s) => s.trim().toUpperCase());
  if (countries.length > 0) must.push({ key: MOVIE_FIELDS.countries, match: { any: countries } });

  for (const person of cleanList(c.people, normalizeName)) {
    must.push({ key: MOVIE_FIELDS.people, match: { value: person } });
  }

  const rating = rangeCondition(MOVIE_FIELDS.rating, c.minRating, c.maxRating);
  if (rating) must.push(rating);
  const votes = rangeCondition(MOVIE_FIELDS.votes, c.minVotes, c.maxVotes);
  if (votes) must.push(votes);

  const only = extras.onlyIds ? [...new Set(extras.onlyIds)] : null;
  if (only) must.push({ has_id: only });
  const exclude = extras.excludeIds ? [...new Set(extras.excludeIds)] : [];
  if (exclude.length > 0) mustNot.push({ has_id: exclude });

  if (must.length === 0 && mustNot.length === 0) return undefined;
  const filter: QdrantFilter = {};
  if (must.length > 0) filter.must = must;
  if (mustNot.length > 0) filter.must_not = mustNot;
  return filter;
}
