import { describe, expect, it } from 'vitest';
import { firstHitRank, precisionAt10, recallAt, satisfies } from '../../eval/metrics.ts';
import { parseQueriesJsonl } from '../../eval/queries.ts';
import { evaluate, formatReport } from '../../eval/run.ts';
import type { EvalSystem } from '../../eval/systems.ts';
import { failedChecks } from '../../eval/dialogue-checks.ts';
import { loadFixtureMovies } from './fixture.ts';

const movies = loadFixtureMovies();
const byId = new Map(movies.map((m) => [m.id, m]));
const titanic = movies.find((m) => m.title === 'Titanic' && m.year === 1997)!;

describe('eval metrics (README definitions)', () => {
  it('ranks and recalls', () => {
    expect(firstHitRank([5, 6, 7], [7, 9])).toBe(3);
    expect(firstHitRank([5, 6, 7], [9])).toBe(0);
    expect(firstHitRank([5, 6, 7], [7], 2)).toBe(0);
    expect(recallAt([1, 2, 3, 4], [2, 9], 2)).toBe(0.5);
    expect(precisionAt10([], () => true)).toBe(0);
    expect(precisionAt10([1, 2, 3, 4], (x) => x % 2 === 0)).toBe(0.5);
  });
  it('checks constraints with unknown values failing', () => {
    expect(
      satisfies(titanic, { genres: ['Drama', 'Romance'], language: 'en', country: 'US', year: [1990, 1999] }),
    ).toBe(true);
    expect(satisfies(titanic, { runtime: [null, 120] })).toBe(false);
    const noRuntime = movies.find((m) => m.runtime === null)!;
    expect(satisfies(noRuntime, { runtime: [null, null] })).toBe(false);
    expect(satisfies(undefined, {})).toBe(false);
  });
});

describe('evaluate()', () => {
  const lines = [
    { id: 'k', kind: 'known_item', query: 'x', expect: { ids: [titanic.id] } },
    { id: 'c', kind: 'constraints', query: 'x', expect: { constraints: { genres: ['Romance'] } } },
    { id: 's', kind: 'similar', query: 'x', expect: { similarTo: { ids: [titanic.id] } } },
    { id: 'm', kind: 'mood', query: 'x', expect: { anyGenres: ['Thriller'] } },
    {
      id: 'v',
      kind: 'conversation',
      query: 'x',
      turns: [{ role: 'user', text: 'x' }],
      expect: { ids: [titanic.id], mentioned: [1] },
    },
  ];
  const queries = parseQueriesJsonl(lines.map((l) => JSON.stringify(l)).join('\n'), 'inline');
  it('computes every kind from a system that always answers Titanic second', async () => {
    const other = movies.find((m) => m.genres.includes('Romance') && m.id !== titanic.id)!;
    const answer = { ids: [other.id, titanic.id], intent: 'movies' as const, chips: [] };
    const system: EvalSystem = {
      name: 'cinechat',
      ask: async () => answer,
      converse: async (messages) => messages.map(() => answer),
    };
    const { report: r, lines: out } = await evaluate(system, queries, {
      movies: byId,
      collectionMembers: new Map(),
      resolve: () => null,
    });
    expect(r.known_item).toMatchObject({ n: 1, 'hit@1': 0, 'hit@10': 1, 'MRR@10': 0.5, 'hit@100': 1 });
    expect(r.constraints).toMatchObject({ n: 1, 'precision@10': 1, meanResults: 2 });
    expect(r.similar).toMatchObject({ n: 1, seedExcluded: 0 });
    expect(r.conversation).toMatchObject({ 'recall@10': 1, 'recall@50': 1 });
    expect(formatReport('inline', r, r)).toContain('MRR@10');
    expect(out.map((l) => l.id)).toEqual(['k', 'c', 's', 'm', 'v']);
    expect(out[0]).toMatchObject({ intent: 'movies', ids: [other.id, titanic.id] });
  });
  it('rejects malformed lines with the line number', () => {
    expect(() => parseQueriesJsonl('{"kind":"nope","query":"x","expect":{}}', 'f.jsonl')).toThrow(
      /f\.jsonl:1/,
    );
    expect(() => parseQueriesJsonl('not json', 'f.jsonl')).toThrow(/f\.jsonl:1: not JSON/);
  });
});

describe('dialogue turn checks', () => {
  const drama = movies
    .filter((m) => m.genres.includes('Drama') && m.year !== null && m.year >= 1990)
    .slice(0, 10);
  const seen = (ids: number[], chips: string[] = []) => ({ ids, intent: 'movies' as const, chips });
  const movie = (id: number) => byId.get(id);
  it('passes a turn whose results satisfy every check', () => {
    const ids = drama.map((m) => m.id);
    const expectAll = {
      constraints: { genres: ['Drama'], year: [1990, null] as [number, null] },
      anyGenres: ['Drama'],
      intent: 'movies' as const,
      chipsInclude: ['drama'],
      chipsExclude: ['horror'],
      notRepeat: true,
    };
    expect(failedChecks(expectAll, seen(ids, ['Drama', 'from 1990']), [titanic.id + 1], movie)).toEqual([]);
  });
  it('names each failing check', () => {
    const ids = drama.map((m) => m.id);
    const failed = failedChecks(
      {
        excludeGenres: ['Drama'],
        ids: [-1],
        similarTo: { ids: [ids[0]] },
        notRepeat: true,
        intent: 'help',
        chipsExclude: ['drama'],
        minRating: 11,
      },
      seen(ids, ['Drama']),
      [ids[3]],
      movie,
    );
    expect(failed.sort()).toEqual([
      'chipsExclude',
      'excludeGenres',
      'ids',
      'intent',
      'minRating',
      'notRepeat',
      'similarTo',
    ]);
  });
  it('fails result checks on an empty answer', () => {
    expect(
      failedChecks({ constraints: { genres: ['Drama'] }, people: ['Nobody'] }, seen([]), [], movie),
    ).toEqual(['constraints', 'people']);
  });
});
