/**
 * The Constraints → Qdrant filter translation table (src/qdrant/filters.ts), as a table of cases whose
 * expected values are typed with the official client's `Schemas['Filter']` (a wrong shape fails `tsc`),
 * plus a check on 1500 real movies that each emitted filter selects exactly the movies the constraints
 * describe (evaluated with the documented semantics of the few condition kinds we emit).
 */
import type { Schemas } from '@qdrant/js-client-rest';
import { describe, expect, it } from 'vitest';
import { moviePayload } from '../../build-index/qdrant-upload.ts';
import { foldName } from '../../src/core/query/people.ts';
import type { Constraints, Movie } from '../../src/core/types.ts';
import { constraintsToFilter, MOVIE_PAYLOAD_INDEXES, type FilterExtras } from '../../src/qdrant/filters.ts';
import { sliceMovies } from './fixtures.ts';

type Case = [
  name: string,
  constraints: Constraints,
  extras: FilterExtras,
  expected: Schemas['Filter'] | undefined,
];

const TABLE: Case[] = [
  ['nothing constrained', {}, {}, undefined],
  [
    'empty lists and open ranges add nothing',
    { genres: [], languages: [], years: [null, null] },
    {},
    undefined,
  ],
  [
    'genres: all of them (one match per genre)',
    { genres: ['Comedy', 'Romance'] },
    {},
    {
      must: [
        { key: 'genres', match: { value: 'Comedy' } },
        { key: 'genres', match: { value: 'Romance' } },
      ],
    },
  ],
  [
    'excludeGenres: none of them',
    { excludeGenres: ['Horror', 'Thriller'] },
    {},
    { must_not: [{ key: 'genres', match: { any: ['Horror', 'Thriller'] } }] },
  ],
  [
    'years: closed range',
    { years: [1990, 1999] },
    {},
    { must: [{ key: 'year', range: { gte: 1990, lte: 1999 } }] },
  ],
  ['years: open start', { years: [null, 1980] }, {}, { must: [{ key: 'year', range: { lte: 1980 } }] }],
  ['runtime: open end', { runtime: [120, null] }, {}, { must: [{ key: 'runtime', range: { gte: 120 } }] }],
  [
    'languages: any, lower-cased',
    { languages: ['FR', 'it'] },
    {},
    { must: [{ key: 'language', match: { any: ['fr', 'it'] } }] },
  ],
  [
    'countries: any, upper-cased',
    { countries: ['us', 'GB'] },
    {},
    { must: [{ key: 'countries', match: { any: ['US', 'GB'] } }] },
  ],
  [
    'people: each credited, folded names',
    { people: ['Pedro Almodóvar', 'Tom Hanks'] },
    {},
    {
      must: [
        { key: 'people', match: { value: 'pedro almodovar' } },
        { key: 'people', match: { value: 'tom hanks' } },
      ],
    },
  ],
  ['minRating', { minRating: 7.5 }, {}, { must: [{ key: 'rating', range: { gte: 7.5 } }] }],
  [
    'minVotes + maxVotes in one range',
    { minVotes: 10, maxVotes: 500 },
    {},
    { must: [{ key: 'votes', range: { gte: 10, lte: 500 } }] },
  ],
  [
    'non-finite numbers constrain nothing',
    { minRating: Number.NaN, years: [Number.POSITIVE_INFINITY, null] },
    {},
    undefined,
  ],
  [
    'exclude ids: must_not has_id',
    {},
    { excludeIds: [862, 8844, 862] },
    { must_not: [{ has_id: [862, 8844] }] },
  ],
  ['only ids: must has_id', {}, { onlyIds: [11, 12] }, { must: [{ has_id: [11, 12] }] }],
  [
    'everything together',
    {
      genres: ['Drama'],
      excludeGenres: ['Animation'],
      years: [2000, 2010],
      runtime: [null, 100],
      languages: ['en'],
      countries: ['US'],
      people: ['Clint Eastwood'],
      minRating: 6,
      minVotes: 50,
    },
    { excludeIds: [1] },
    {
      must: [
        { key: 'genres', match: { value: 'Drama' } },
        { key: 'year', range: { gte: 2000, lte: 2010 } },
        { key: 'runtime', range: { lte: 100 } },
        { key: 'language', match: { any: ['en'] } },
        { key: 'countries', match: { any: ['US'] } },
        { key: 'people', match: { value: 'clint eastwood' } },
        { key: 'rating', range: { gte: 6 } },
        { key: 'votes', range: { gte: 50 } },
      ],
      must_not: [{ key: 'genres', match: { any: ['Animation'] } }, { has_id: [1] }],
    },
  ],
];

describe('constraintsToFilter: translation table', () => {
  it.each(TABLE)('%s', (_name, constraints, extras, expected) => {
    expect(constraintsToFilter(constraints, extras)).toEqual(expected);
  });

  it('indexes every payload field a filter can reference', () => {
    const keys = new Set<string>();
    for (const [, c, e] of TABLE) {
      const f = constraintsToFilter(c, e);
      for (const cond of [f?.must, f?.must_not].flat()) {
        if (cond && typeof cond === 'object' && 'key' in cond && typeof cond.key === 'string')
          keys.add(cond.key);
      }
    }
    const indexed = new Set(MOVIE_PAYLOAD_INDEXES.map((i) => i.field));
    expect([...keys].filter((k) => !indexed.has(k))).toEqual([]);
    expect(keys.size).toBeGreaterThanOrEqual(8);
  });
});

// --- Documented semantics of the condition kinds the translator emits (qdrant.tech/documentation/concepts/filtering):
// match.value / match.any on an array payload match when any element matches; a range never matches a
// null or missing value; must = all, must_not = none, should = at least one.
type Payload = Record<string, unknown>;
function matchesCondition(id: number, payload: Payload, c: Schemas['Condition']): boolean {
  if ('has_id' in c) return c.has_id.includes(id);
  if ('key' in c) {
    const raw = payload[c.key];
    const values = Array.isArray(raw) ? raw : [raw];
    if (c.match && 'value' in c.match) return values.includes(c.match.value);
    if (c.match && 'any' in c.match)
      return values.some((v) => (c.match as { any: unknown[] }).any.includes(v));
    if (c.range && !('lt' in c.range && typeof c.range.lt === 'string')) {
      const r = c.range as Schemas['Range'];
      return values.some(
        (v) =>
          typeof v === 'number' &&
          (r.gte == null || v >= r.gte) &&
          (r.lte == null || v <= r.lte) &&
          (r.gt == null || v > r.gt) &&
          (r.lt == null || v < r.lt),
      );
    }
  }
  throw new Error(`condition kind not emitted by the translator: ${JSON.stringify(c)}`);
}
function asList(x: Schemas['Filter']['must']): Schemas['Condition'][] {
  return x == null ? [] : Array.isArray(x) ? x : [x as Schemas['Condition']];
}
function matchesFilter(id: number, payload: Payload, f: Schemas['Filter'] | undefined): boolean {
  if (!f) return true;
  return (
    asList(f.must).every((c) => matchesCondition(id, payload, c)) &&
    !asList(f.must_not).some((c) => matchesCondition(id, payload, c))
  );
}

/** The constraints' meaning, written straight from their doc comments in src/core/types.ts. */
function satisfies(m: Movie, c: Constraints): boolean {
  const inRange = (v: number | null, r?: [number | null, number | null]) =>
    !r ||
    (r[0] === null && r[1] === null) ||
    (v !== null && (r[0] === null || v >= r[0]) && (r[1] === null || v <= r[1]));
  const credited = new Set([...m.directors, ...m.cast].map(foldName));
  return (
    (c.genres ?? []).every((g) => m.genres.includes(g)) &&
    !(c.excludeGenres ?? []).some((g) => m.genres.includes(g)) &&
    inRange(m.year, c.years) &&
    inRange(m.runtime, c.runtime) &&
    (!c.languages?.length || (m.language !== null && c.languages.includes(m.language))) &&
    (!c.countries?.length || m.countries.some((x) => c.countries!.includes(x))) &&
    (c.people ?? []).every((p) => credited.has(foldName(p))) &&
    (c.minRating === undefined || (m.rating !== null && m.rating >= c.minRating)) &&
    (c.minVotes === undefined || m.votes >= c.minVotes) &&
    (c.maxVotes === undefined || m.votes <= c.maxVotes)
  );
}

describe('constraintsToFilter on 1500 real movies', () => {
  const CASES: Constraints[] = [
    { genres: ['Comedy', 'Romance'] },
    { genres: ['Drama'], excludeGenres: ['Romance', 'Crime'] },
    { years: [1990, 1994], runtime: [null, 95] },
    { languages: ['fr', 'it'] },
    { countries: ['GB', 'DE'], excludeGenres: ['Drama'] },
    { people: ['Tom Hanks'] },
    { people: ['tom hanks', 'MEG RYAN'] },
    { minRating: 7.5, minVotes: 500 },
    { maxVotes: 20, genres: ['Horror'] },
    { years: [null, 1960], minRating: 7 },
  ];
  it.each(CASES.map((c) => [JSON.stringify(c), c] as const))('%s', async (_label, constraints) => {
    const movies = await sliceMovies();
    const expected = movies.filter((m) => satisfies(m, constraints)).map((m) => m.id);
    const filter = constraintsToFilter(constraints);
    const got = movies.filter((m) => matchesFilter(m.id, moviePayload(m, 'b'), filter)).map((m) => m.id);
    expect(got).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(movies.length);
  });
});
