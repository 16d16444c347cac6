import type { Movie, QueryPlan } from '../types.ts';
import { moodGenres } from '../query/moods.ts';
import { searchTokens } from '../query/text.ts';
import { scoreBm25 } from './bm25.ts';
import type { Cand } from './candidates.ts';
import type { CoLikeEvidence } from './co-likes.ts';
import type { RankCorpus } from './corpus.ts';
import { priorScore } from './prior.ts';
import {
  genreShare,
  hasLanguage,
  peopleShare,
  statedHints,
  titleHas,
  yearOffset,
  type StatedHints,
} from './hints.ts';
import { relativeAffinities, tasteCosine, type TasteProfile } from './taste.ts';
import type { RankWeights } from './weights.ts';

/** What the positive examples ("like X", liked movies) share with a candidate. */
export interface SeedFeatures {
  seeds: Movie[];
  rowById: Map<number, number>;
  genres: Set<string>;
  collections: Set<number>;
  /** Directors and top-3 cast. */
  people: Set<string>;
}

export function seedFeatures(movies: readonly Movie[], seedRows: readonly number[]): SeedFeatures {
  const seeds = seedRows.map((r) => movies[r]);
  return {
    seeds,
    rowById: new Map(seedRows.map((r) => [movies[r].id, r])),
    genres: new Set(seeds.flatMap((m) => m.genres)),
    collections: new Set(seeds.map((m) => m.collection?.id).filter((x) => x !== undefined)),
    people: new Set(seeds.flatMap((m) => [...m.directors, ...m.cast.slice(0, 3)])),
  };
}

/** Each candidate's closeness to the person's taste, relative to the other candidates (0..1). */
export function tasteAffinity(
  taste: TasteProfile | null,
  all: readonly Cand[],
  vec: (row: number) => Float32Array | null,
): Map<number, number> {
  const affinity = new Map<number, number>();
  if (!taste) return affinity;
  const cos = all.map((c) => {
    const v = vec(c.row);
    return v ? tasteCosine(taste, v) : NaN;
  });
  relativeAffinities(cos).forEach((a, i) => affinity.set(all[i].row, a));
  return affinity;
}

/**
 * The dense and keyword signals on one scale over the candidates: dense rescaled so the best is 1 and the
 * 80th-percentile candidate 0, BM25 over its best; or, with rrfK > 0, reciprocal rank fusion of both lists.
 */
function textSignals(all: readonly Cand[], w: RankWeights): (c: Cand) => { d: number; b: number } {
  const denseVals = all
    .map((c) => c.dense)
    .filter((d): d is number => d !== null)
    .sort((a, b) => b - a);
  const dMax = denseVals[0] ?? 0;
  const dRef =
    denseVals[Math.min(denseVals.length - 1, Math.max(10, Math.floor(denseVals.length * 0.8)))] ?? 0;
  const bMax = Math.max(1e-9, ...all.map((c) => c.bm25));
  if (w.rrfK > 0) return rankFusion(all, w.rrfK);
  return (c) => ({
    d: c.dense === null ? 0 : Math.max(0, (c.dense - dRef) / Math.max(1e-6, dMax - dRef)),
    b: c.bm25 / bMax,
  });
}

/** Reciprocal rank fusion: each list scores (k + 1) / (k + rank), so its best is 1; absent scores 0. */
function rankFusion(all: readonly Cand[], rrfK: number): (c: Cand) => { d: number; b: number } {
  const denseRank = new Map<number, number>();
  const bmRank = new Map<number, number>();
  all
    .filter((c) => c.dense !== null)
    .sort((a, b) => b.dense! - a.dense!)
    .forEach((c, i) => denseRank.set(c.row, i + 1));
  all
    .filter((c) => c.bm25 > 0)
    .sort((a, b) => b.bm25 - a.bm25)
    .forEach((c, i) => bmRank.set(c.row, i + 1));
  const rrf = (rank: number | undefined) => (rank === undefined ? 0 : (rrfK + 1) / (rrfK + rank));
  return (c) => ({ d: rrf(denseRank.get(c.row)), b: rrf(bmRank.get(c.row)) });
}

/** The plan's soft hints, prepared once per request. */
interface HintFeatures extends StatedHints {
  /** BM25 of the avoid-terms over all rows, and its best over the candidates (null: no avoid-terms). */
  avoidScores: Float32Array | null;
  avoidMax: number;
  /** Mood evidence (query/moods.ts): any of `moodGenres` counts for, any of `moodAgainst` against. */
  moodGenres: string[];
  moodAgainst: string[];
}

function hintFeatures(corpus: RankCorpus, plan: QueryPlan, all: readonly Cand[]): HintFeatures {
  const hints = plan.hints ?? {};
  // A genre the person asked for is never held against a mood ("a dark comedy").
  const mood = moodGenres(hints.moods ?? []);
  const requested = plan.constraints.genres ?? [];
  const avoidScores = hints.avoidTerms?.length ? new Float32Array(corpus.movies.length) : null;
  if (avoidScores) scoreBm25(corpus.bm25, searchTokens(hints.avoidTerms!.join(' ')), avoidScores);
  return {
    ...statedHints(hints),
    avoidScores,
    avoidMax: avoidScores ? Math.max(1e-9, ...all.map((c) => avoidScores[c.row])) : 1,
    moodGenres: mood.genres,
    moodAgainst: mood.against.filter((g) => !requested.includes(g)),
  };
}

/** `s` plus the hint bonuses (genres, years, people, language, title words) minus the avoid penalty. */
function addHints(s: number, m: Movie, row: number, h: HintFeatures, w: RankWeights): number {
  if (h.genres.length) s += w.hintGenre * genreShare(m, h.genres);
  const off = yearOffset(m, h.years);
  if (off !== null) s += w.hintYear * Math.max(0, 1 - off / 5);
  if (h.people.length) s += w.hintPeople * peopleShare(m, h.people);
  if (hasLanguage(m, h.languages)) s += w.hintLanguage;
  if (h.titleWords.length && titleHas(m, h.titleWords)) s += w.titleWords;
  if (h.avoidScores) s -= w.avoid * (h.avoidScores[row] / h.avoidMax);
  if (h.moodGenres.length && m.genres.some((g) => h.moodGenres.includes(g))) s += w.mood;
  if (h.moodAgainst.length && m.genres.some((g) => h.moodAgainst.includes(g))) s -= w.mood;
  return s;
}

/** `s` plus the bonuses for sharing genres, a collection or people with the positive examples. */
function addSeedLinks(s: number, m: Movie, f: SeedFeatures, w: RankWeights): number {
  if (!f.seeds.length) return s;
  if (f.genres.size && m.genres.length) {
    const shared = m.genres.filter((g) => f.genres.has(g)).length;
    s +=
      w.seedGenre * (shared / Math.max(f.genres.size, m.genres.length)) +
      (shared > 0 ? w.seedGenre * 0.5 : 0);
  }
  if (m.collection && f.collections.has(m.collection.id)) s += w.seedCollection;
  if (f.people.size && [...m.directors, ...m.cast.slice(0, 3)].some((p) => f.people.has(p)))
    s += w.seedPeople;
  return s;
}

export interface ScoreInput {
  plan: QueryPlan;
  w: RankWeights;
  seeds: SeedFeatures;
  taste: TasteProfile | null;
  /** From tasteAffinity. */
  affinity: ReadonlyMap<number, number>;
  /** Co-like evidence by row (absent or empty: content only). */
  coLike?: ReadonlyMap<number, CoLikeEvidence>;
}

/** Co-likes count in full for a movie sharing a genre with the seeds (or the seeds have none), else w.coLikeOffGenre. */
function coLikeGate(m: Movie, f: SeedFeatures, w: RankWeights): number {
  return !f.genres.size || m.genres.some((g) => f.genres.has(g)) ? 1 : w.coLikeOffGenre;
}

/** The largest co-like score (in size: negatives' evidence is below 0) among the candidates: the signal's scale. */
export function coLikeMax(
  all: readonly Cand[],
  coLike: ReadonlyMap<number, CoLikeEvidence> | undefined,
): number {
  let max = 0;
  if (coLike) for (const c of all) max = Math.max(max, Math.abs(coLike.get(c.row)?.score ?? 0));
  return max;
}

/**
 * Normalises each signal over the candidates, then a weighted sum of the features (orama's hybrid search
 * does the same). Sets every candidate's score and returns the candidates best first (ties: found first).
 */
export function scoreCandidates(corpus: RankCorpus, all: Cand[], x: ScoreInput): Cand[] {
  const { movies, stats } = corpus;
  const { w, taste } = x;
  const signals = textSignals(all, w);
  const hints = hintFeatures(corpus, x.plan, all);
  const coMax = coLikeMax(all, x.coLike);
  for (const c of all) {
    const m = movies[c.row];
    const { d, b } = signals(c);
    let s = w.dense * d + w.bm25 * b + w.prior * priorScore(m, stats, x.plan.quality);
    s = addHints(s, m, c.row, hints, w);
    if (taste) s += w.taste * (x.affinity.get(c.row) ?? 0);
    if (coMax > 0) s += w.coLike * coLikeGate(m, x.seeds, w) * ((x.coLike!.get(c.row)?.score ?? 0) / coMax);
    c.score = addSeedLinks(s, m, x.seeds, w);
  }
  return all.sort((a, b) => b.score - a.score);
}
