import { describe, expect, it } from 'vitest';
import { buildBm25Index, matchedTerms, scoreBm25 } from '../../src/core/rank/bm25.ts';
import { constraintMask } from '../../src/core/rank/filter.ts';
import { mmrSelect } from '../../src/core/rank/mmr.ts';
import { priorScore, priorStats } from '../../src/core/rank/prior.ts';
import { averageVectorQuery, bestScore } from '../../src/core/rank/recommend.ts';
import { topN } from '../../src/core/rank/topk.ts';
import { searchTokens } from '../../src/core/query/text.ts';
import { loadFixtureMovies } from './fixture.ts';

const movies = loadFixtureMovies();
const row = (title: string) => movies.findIndex((m) => m.title === title);

describe('constraint mask', () => {
  it('keeps exactly the movies that satisfy every constraint', () => {
    const mask = constraintMask(movies, { genres: ['Comedy'], years: [1990, 1999], languages: ['en'] });
    movies.forEach((m, r) => {
      const ok =
        m.genres.includes('Comedy') &&
        m.year !== null &&
        m.year >= 1990 &&
        m.year <= 1999 &&
        m.language === 'en';
      expect(mask[r]).toBe(ok ? 1 : 0);
    });
    expect(mask.reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
  });
  it('treats unknown values as not satisfying', () => {
    const mask = constraintMask(movies, { runtime: [null, 1000] });
    movies.forEach((m, r) => expect(mask[r]).toBe(m.runtime === null ? 0 : 1));
    const noLang = movies.findIndex((m) => m.language === null);
    expect(constraintMask(movies, { languages: ['en'] })[noLang]).toBe(0);
  });
  it('handles exclusions, people and vote bounds', () => {
    const mask = constraintMask(
      movies,
      { excludeGenres: ['Drama'], people: ['tom hanks'] },
      new Set([row('Toy Story')]),
    );
    const allowed = movies.filter((_, r) => mask[r]);
    expect(allowed.length).toBeGreaterThan(0);
    for (const m of allowed) {
      expect(m.genres).not.toContain('Drama');
      expect([...m.cast, ...m.directors]).toContain('Tom Hanks');
    }
    expect(mask[row('Toy Story')]).toBe(0);
    const hidden = constraintMask(movies, { minVotes: 10, maxVotes: 100 });
    movies.forEach((m, r) => expect(hidden[r]).toBe(m.votes >= 10 && m.votes <= 100 ? 1 : 0));
  });
});

describe('BM25', () => {
  const index = buildBm25Index(movies);
  const scores = new Float32Array(movies.length);
  it('ranks the film whose title and text match first', () => {
    scoreBm25(index, searchTokens('toy story woody buzz'), scores);
    expect(topN(scores, 1)[0]).toBe(row('Toy Story'));
    expect(matchedTerms(movies[row('Toy Story')], searchTokens('woody buzz rocket'))).toEqual([
      'woody',
      'buzz',
    ]);
  });
  it('finds people and stemmed words', () => {
    scoreBm25(index, searchTokens('stallone boxing'), scores);
    expect(movies[topN(scores, 1)[0]].cast).toContain('Sylvester Stallone');
  });
  it('scores nothing for unknown words', () => {
    expect(scoreBm25(index, ['zzqxv'], scores)).toBe(0);
    expect(scores.every((s) => s === 0)).toBe(true);
  });
});

describe('topN', () => {
  it('returns the n best allowed indices in order', () => {
    const s = Float32Array.from([5, 1, 9, 3, 7, 2]);
    expect(topN(s, 3)).toEqual([2, 4, 0]);
    expect(topN(s, 2, Uint8Array.from([1, 1, 0, 1, 0, 1]))).toEqual([0, 3]);
    expect(topN(s, 10, undefined, 4)).toEqual([2, 4, 0]);
  });
});

describe('MMR', () => {
  const items = [
    { row: 0, score: 1.0 },
    { row: 1, score: 0.99 },
    { row: 2, score: 0.98 },
    { row: 3, score: 0.7 },
    { row: 4, score: 0 },
  ];
  // Rows 0-2 are "sequels" of each other; row 3 is different.
  const sim = (a: number, b: number) => (a < 3 && b < 3 ? 0.95 : 0.1);
  it('without diversity is a plain sort', () => {
    expect(mmrSelect(items, 3, 1, sim).map((x) => x.row)).toEqual([0, 1, 2]);
  });
  it('with diversity brings in the different movie early', () => {
    expect(mmrSelect(items, 2, 0.6, sim).map((x) => x.row)).toEqual([0, 3]);
  });
});

describe('recommend strategies (Qdrant semantics)', () => {
  const v = (...x: number[]) => Float32Array.from(x);
  it('average_vector = avg_pos + (avg_pos - avg_neg), normalised', () => {
    const q = averageVectorQuery([v(1, 0, 0)], [v(0, 1, 0)])!;
    const n = Math.sqrt(5);
    expect([...q].map((x) => +x.toFixed(5))).toEqual([2 / n, -1 / n, 0].map((x) => +x.toFixed(5)));
    expect(averageVectorQuery([], [v(1, 0, 0)])).toBeNull();
  });
  it('best_score keeps the best positive, and sinks candidates closer to a negative', () => {
    const pos = [v(1, 0, 0), v(0, 0, 1)];
    const neg = [v(0, 1, 0)];
    expect(bestScore(v(0, 0, 1), pos, neg)).toBeCloseTo(1);
    const nearNeg = Float32Array.from([0.6, 0.8, 0]);
    expect(bestScore(nearNeg, pos, neg)).toBeCloseTo(-0.64);
    expect(bestScore(nearNeg, pos, [])).toBeCloseTo(0.6);
  });
});

describe('prior', () => {
  const stats = priorStats(movies);
  const known = movies[row('Titanic')];
  const obscure = movies.filter((m) => m.votes > 20 && m.votes < 200 && (m.rating ?? 0) >= 7)[0];
  it('favours well-known films by default and inverts fame for hidden gems', () => {
    expect(priorScore(known, stats, null)).toBeGreaterThan(priorScore(obscure, stats, null));
    expect(priorScore(obscure, stats, 'hidden-gem')).toBeGreaterThan(priorScore(known, stats, 'hidden-gem'));
  });
});
