import { describe, expect, it } from 'vitest';
import { buildBm25Index, fieldTokenIds } from '../../src/core/rank/bm25.ts';
import type { Cand } from '../../src/core/rank/candidates.ts';
import type { RankCorpus } from '../../src/core/rank/corpus.ts';
import { candidateFeatures, FEATURE_COUNT, FEATURE_NAMES, queryTerms } from '../../src/core/rank/features.ts';
import { checkRankerModel, modelScores, rerank, type KindModel } from '../../src/core/rank/learned.ts';
import { priorStats } from '../../src/core/rank/prior.ts';
import { searchTokens } from '../../src/core/query/text.ts';
import type { Movie, QueryPlan } from '../../src/core/types.ts';
import { learnTermWeights } from '../../scripts/ranker/term-weights.ts';
import { poolMetrics, trainModel } from '../../scripts/ranker/train.ts';
import type { Pool } from '../../scripts/ranker/collect.ts';

function movie(id: number, title: string, overview: string, extra: Partial<Movie> = {}): Movie {
  return {
    ...{ id, title, year: 2000, genres: ['Drama'], runtime: 100, language: 'en', countries: ['US'] },
    ...{ rating: 6, votes: 100, popularity: 1, poster: null, overview, tagline: '', directors: [], cast: [] },
    ...{ keywords: [], collection: null },
    ...extra,
  };
}

const movies: Movie[] = [
  movie(1, 'Loop', 'A weatherman relives the same day over and over in a small town.', { year: 1993 }),
  movie(2, 'Day Off', 'Over one day a guy and a dog wander the same small streets.', { year: 2010 }),
  movie(3, 'Harbor', 'A fisherman loses his boat in a storm and rebuilds it.', { year: 1970 }),
  movie(4, 'Cartoon Cats', 'Two cats run a bakery.', { genres: ['Animation'], year: 1995 }),
];
const bm25 = buildBm25Index(movies);
const corpus: RankCorpus = {
  movies,
  index: { name: 'none', dims: 0, size: 0, search: async () => [] },
  bm25,
  stats: priorStats(movies),
  bmScores: new Float32Array(movies.length),
  rowOf: (id) => movies.findIndex((m) => m.id === id),
  vec: () => null,
};
const plan = (searchText: string, hints: QueryPlan['hints'] = {}): QueryPlan => ({
  ...{ searchText, constraints: {}, likeTitles: [], unlikeTitles: [], likeIds: [], unlikeIds: [] },
  ...{ quality: null, source: 'rules', hints },
});
const cands = (): Cand[] =>
  movies.map((_, row) => ({ row, dense: 0.5 - row * 0.1, bm25: 1, score: 4 - row }));
const feature = (X: Float32Array, row: number, name: string) =>
  X[row * FEATURE_COUNT + FEATURE_NAMES.indexOf(name)];

describe('BM25 keeps each field as term ids in text order', () => {
  it('matches searchTokens of the field', () => {
    const textField = bm25.fields.indexOf('text');
    const ids = Array.from(fieldTokenIds(bm25, 0, textField));
    const names = [...bm25.vocab.keys()];
    expect(ids.map((i) => names[i])).toEqual(searchTokens(` ${movies[0].overview}`));
  });
});

describe('candidate features', () => {
  const X = candidateFeatures(corpus, plan('guy relives the same day over and over'), cands());
  it('finds query bigrams in order, and not the same words scattered', () => {
    expect(feature(X, 0, 'bigrams')).toBeGreaterThan(feature(X, 1, 'bigrams'));
    expect(feature(X, 0, 'bigramShare')).toBeGreaterThan(0);
    expect(feature(X, 2, 'bigrams')).toBe(0);
  });
  it('measures how much of the query and of the document match', () => {
    expect(feature(X, 2, 'queryCover')).toBe(0);
    expect(feature(X, 0, 'queryCover')).toBeGreaterThan(0);
    expect(feature(X, 0, 'docCover')).toBeGreaterThan(feature(X, 2, 'docCover'));
  });
  it('scales field BM25 so the best candidate is 1', () => {
    const text = movies.map((_, r) => feature(X, r, 'bmText'));
    expect(Math.max(...text)).toBeCloseTo(1);
  });
  it('matches stated years and genres softly', () => {
    const Y = candidateFeatures(
      corpus,
      plan('cats', { years: [1990, 1999], genres: ['Animation'] }),
      cands(),
    );
    expect(feature(Y, 3, 'yearFit')).toBe(1);
    expect(feature(Y, 2, 'yearFit')).toBe(0);
    expect(feature(Y, 2, 'yearOff')).toBe(1);
    expect(feature(Y, 3, 'genreHint')).toBe(1);
    expect(feature(Y, 0, 'genreHint')).toBe(0);
  });
  it('weights query terms by the learned multipliers', () => {
    const plain = queryTerms(bm25, 'fisherman storm');
    const weighted = queryTerms(bm25, 'fisherman storm', new Map([['storm', 0]]));
    expect(weighted.idfSum).toBeLessThan(plain.idfSum);
  });
});

describe('learned model', () => {
  const zero = () => new Array<number>(FEATURE_COUNT).fill(0);
  const one = () => new Array<number>(FEATURE_COUNT).fill(1);
  const byBigrams = (): KindModel => {
    const weights = zero();
    weights[FEATURE_NAMES.indexOf('bigrams')] = 1;
    return { mean: zero(), std: one(), weights, pool: 3 };
  };
  it('scores a row as the weighted standardised features', () => {
    const X = candidateFeatures(corpus, plan('weatherman relives the day'), cands());
    const s = modelScores(byBigrams(), X, movies.length);
    movies.forEach((_, r) => expect(s[r]).toBeCloseTo(feature(X, r, 'bigrams')));
  });
  it('re-orders only the head of the pool and keeps the rest below, in order', () => {
    const ranked = cands().reverse(); // the best phrase match (row 0) comes last
    const out = rerank(corpus, plan('weatherman relives the day'), ranked, { ...byBigrams(), pool: 4 });
    expect(out[0].row).toBe(0);
    const partial = rerank(corpus, plan('weatherman relives the day'), cands().reverse(), byBigrams());
    expect(partial.map((c) => c.row).slice(3)).toEqual([0]);
    for (let i = 1; i < out.length; i++) expect(out[i - 1].score).toBeGreaterThan(out[i].score);
  });
  it('refuses a model made for other features', () => {
    const m = { version: 1 as const, features: ['dense'], kinds: {} };
    expect(() => checkRankerModel(m)).toThrow(/other features/);
    expect(checkRankerModel({ ...m, features: [...FEATURE_NAMES] }).kinds).toEqual({});
  });
});

describe('training', () => {
  /** Pools where feature `signal` is highest for the target, plus noise elsewhere. */
  function pools(seed: number, signal: number): Pool[] {
    let s = seed;
    const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    return Array.from({ length: 80 }, (_, q) => {
      const n = 20;
      const X = new Float32Array(n * FEATURE_COUNT).map(() => rand());
      const label = Math.floor(rand() * n);
      X[label * FEATURE_COUNT + signal] += 1.5;
      return { id: `q${q}`, kind: 'describe' as const, n, X, label, ruleRank: label };
    });
  }
  const o = { epochs: 15, hidden: 0, l2: 1e-4, lr: 0.05, batch: 8, seed: 3, pool: 20 };
  it('learns which evidence points at the target, and is reproducible', () => {
    const signal = FEATURE_NAMES.indexOf('window');
    const model = trainModel(pools(1, signal), o);
    expect(poolMetrics(model, pools(2, signal))['MRR@10']).toBeGreaterThan(0.8);
    expect(poolMetrics(null, pools(2, signal))['MRR@10']).toBeLessThan(0.5);
    expect(trainModel(pools(1, signal), o).weights).toEqual(model.weights);
    const withHidden = trainModel(pools(1, signal), { ...o, hidden: 4 });
    expect(poolMetrics(withHidden, pools(2, signal))['MRR@10']).toBeGreaterThan(0.8);
  });
  it('keeps a dropped feature at weight 0', () => {
    const signal = FEATURE_NAMES.indexOf('window');
    const model = trainModel(pools(1, signal), { ...o, drop: new Set([signal]) });
    expect(model.weights[signal]).toBe(0);
  });
});

describe('term weights', () => {
  it('weigh down words that posts use but the movies they ask about do not have', () => {
    // "small" is in many of the posts, never in the movie asked about (a word of chatter here).
    const posts = Array.from({ length: 12 }, (_, i) => ({
      text: i % 2 ? 'weatherman relives the day' : 'small fisherman in a storm',
      rows: [i % 2 ? 0 : 2],
    }));
    const w = learnTermWeights(bm25, posts, { minPosts: 5, shrink: 2 });
    expect(w.small).toBeLessThan(0.3);
    expect(w.weatherman).toBeGreaterThan(0.9);
    expect(w.storm).toBeGreaterThan(0.9);
  });
});
