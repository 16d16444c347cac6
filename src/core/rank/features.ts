import type { Movie, QueryPlan } from '../types.ts';
import { searchTokens, STOPWORDS, words } from '../query/text.ts';
import { fieldTokenIds, type Bm25Field, type Bm25Index as Bm25Core } from './bm25.ts';
import type { Cand } from './candidates.ts';
import type { RankCorpus } from './corpus.ts';
import { fameScore, priorScore, qualityScore } from './prior.ts';
import {
  genreShare,
  hasLanguage,
  peopleShare,
  statedHints,
  titleHas,
  yearOffset,
  type StatedHints,
} from './hints.ts';

/**
 * Per (query, candidate) evidence for the learned re-ranker (rank/learned.ts), in groups so each can be
 * ablated. Every value is a property of how the query's words and stated facts match the movie — never
 * the movie's id or how often it was asked for.
 */
export const FEATURE_GROUPS = {
  dense: ['dense', 'denseGap', 'denseRank'],
  bm25: ['bm25Rel', 'bm25Log', 'bm25Rank'],
  fields: ['bmTitle', 'bmPeople', 'bmKeywords', 'bmText'],
  phrase: ['bigrams', 'bigramShare', 'window', 'wordBigrams', 'wordTrigrams'],
  coverage: ['queryCover', 'docCover', 'matchedTerms'],
  stated: ['yearFit', 'yearOff', 'genreHint', 'peopleHint', 'languageHint', 'titleWords'],
  fame: ['fame', 'quality', 'prior', 'noVotes'],
  length: ['textLength', 'noVector'],
  rule: ['ruleRank'],
} as const;

export type FeatureGroup = keyof typeof FEATURE_GROUPS;
export const FEATURE_NAMES: readonly string[] = Object.values(FEATURE_GROUPS).flat();
export const FEATURE_COUNT = FEATURE_NAMES.length;
const at = (name: string) => FEATURE_NAMES.indexOf(name);
const F = Object.fromEntries(FEATURE_NAMES.map((n) => [n, at(n)])) as Record<string, number>;

type Bm25Index = Bm25Core & { k1: number };

/** Doc tokens within this many positions count as one window (proximity). */
const WINDOW = 8;

/** The query side, prepared once per request: term ids, their idf, bigram keys. */
export interface QueryTerms {
  /** Distinct known term ids → their position in `idf`. */
  slot: Map<number, number>;
  /** The same as an array over the vocabulary (-1: not a query term): the hot loops read this. */
  slotOf: Int32Array;
  /** Scratch over the vocabulary for per-document distinct terms (stamped, never cleared). */
  seen: Int32Array;
  stamp: number;
  idf: Float64Array;
  idfSum: number;
  /** Adjacent token pairs of the query, as id * vocab + id. */
  bigrams: Set<number>;
}

export function queryTerms(
  bm25: Bm25Index,
  text: string,
  termWeights?: ReadonlyMap<string, number>,
): QueryTerms {
  const tokens = searchTokens(text);
  const ids = tokens.map((t) => bm25.vocab.get(t) ?? -1);
  const slot = new Map<number, number>();
  const idf: number[] = [];
  ids.forEach((id, i) => {
    if (id < 0 || slot.has(id)) return;
    slot.set(id, slot.size);
    idf.push(bm25.idf[id] * (termWeights?.get(tokens[i]) ?? 1));
  });
  const V = bm25.vocab.size;
  const bigrams = new Set<number>();
  for (let i = 1; i < ids.length; i++)
    if (ids[i - 1] >= 0 && ids[i] >= 0 && ids[i - 1] !== ids[i]) bigrams.add(ids[i - 1] * V + ids[i]);
  const slotOf = new Int32Array(V).fill(-1);
  for (const [id, at] of slot) slotOf[id] = at;
  const idfSum = idf.reduce((a, b) => a + b, 0);
  return { slot, slotOf, seen: new Int32Array(V), stamp: 0, idf: Float64Array.from(idf), idfSum, bigrams };
}

/** BM25 of one field's tokens for the query terms (the field's own length normalisation). */
function fieldBm25(bm25: Bm25Index, toks: Int32Array, fi: number, q: QueryTerms, tf: Float64Array): number {
  if (!toks.length) return 0;
  tf.fill(0);
  for (const id of toks) {
    const s = q.slotOf[id];
    if (s >= 0) tf[s]++;
  }
  const norm = 1 - bm25.b + (bm25.b * toks.length) / bm25.fieldAvg[fi];
  let score = 0;
  for (let s = 0; s < tf.length; s++)
    if (tf[s] > 0) score += (q.idf[s] * tf[s] * (bm25.k1 + 1)) / (tf[s] + bm25.k1 * norm);
  return score;
}

/** Phrase evidence in one field: query bigrams found in order, and the most query terms in a window. */
function phraseEvidence(
  bm25: Bm25Index,
  toks: Int32Array,
  q: QueryTerms,
): { bigrams: number; window: number } {
  const V = bm25.vocab.size;
  let bigrams = 0;
  const hits: number[] = [];
  const hitSlot: number[] = [];
  for (let i = 0; i < toks.length; i++) {
    const s = q.slotOf[toks[i]];
    if (s < 0) continue;
    hits.push(i);
    hitSlot.push(s);
    if (i > 0 && q.bigrams.has(toks[i - 1] * V + toks[i])) bigrams++;
  }
  // Sliding window over the hits: distinct query terms among hits less than WINDOW positions apart.
  const count = new Int32Array(q.idf.length);
  let distinct = 0;
  let window = 0;
  for (let b = 0, a = 0; b < hits.length; b++) {
    if (count[hitSlot[b]]++ === 0) distinct++;
    while (hits[b] - hits[a] >= WINDOW) if (--count[hitSlot[a++]] === 0) distinct--;
    window = Math.max(window, distinct);
  }
  return { bigrams, window };
}

/** idf-weighted share of a field's distinct terms that the query also has. */
function docCover(bm25: Bm25Index, toks: Int32Array, q: QueryTerms): number {
  const stamp = ++q.stamp;
  let all = 0;
  let matched = 0;
  for (const id of toks) {
    if (q.seen[id] === stamp) continue;
    q.seen[id] = stamp;
    all += bm25.idf[id];
    if (q.slotOf[id] >= 0) matched += bm25.idf[id];
  }
  return all > 0 ? matched / all : 0;
}

/**
 * Phrases as written, stop words included ("the same day over and over"): the query's word bigrams (not
 * both stop words) and trigrams, matched against the overview's and tagline's words.
 */
interface WordPhrases {
  /** The query's distinct words → small ids. */
  id: Map<string, number>;
  /** Bigram and trigram keys over those ids (a·n + b, (a·n + b)·n + c). */
  bigrams: Set<number>;
  trigrams: Set<number>;
}

function wordPhrases(text: string): WordPhrases {
  const w = words(text);
  const id = new Map<string, number>();
  for (const x of w) if (!id.has(x)) id.set(x, id.size);
  const n = id.size;
  const ids = w.map((x) => id.get(x)!);
  const bigrams = new Set<number>();
  const trigrams = new Set<number>();
  for (let i = 1; i < w.length; i++) {
    if (!(STOPWORDS.has(w[i - 1]) && STOPWORDS.has(w[i]))) bigrams.add(ids[i - 1] * n + ids[i]);
    if (i > 1) trigrams.add((ids[i - 2] * n + ids[i - 1]) * n + ids[i]);
  }
  return { id, bigrams, trigrams };
}

function phraseMatches(m: Movie, q: WordPhrases, out: Float32Array, o: number): void {
  if (!q.bigrams.size) return;
  const n = q.id.size;
  const bi = new Set<number>();
  const tri = new Set<number>();
  let a = -1; // the previous two words' query ids (-1: not a query word)
  let b = -1;
  for (const word of words(`${m.tagline} ${m.overview}`)) {
    const c = q.id.get(word) ?? -1;
    if (b >= 0 && c >= 0) {
      const key = b * n + c;
      if (q.bigrams.has(key)) bi.add(key);
      if (a >= 0 && q.trigrams.has(key + a * n * n)) tri.add(key + a * n * n);
    }
    a = b;
    b = c;
  }
  out[o + F.wordBigrams] = Math.log1p(bi.size);
  out[o + F.wordTrigrams] = Math.log1p(tri.size);
}

function statedFeatures(m: Movie, s: StatedHints, out: Float32Array, o: number): void {
  const off = yearOffset(m, s.years);
  if (off !== null) {
    out[o + F.yearFit] = Math.max(0, 1 - off / 5);
    out[o + F.yearOff] = Math.min(1, off / 20);
  }
  if (s.genres.length) out[o + F.genreHint] = genreShare(m, s.genres);
  if (s.people.length) out[o + F.peopleHint] = peopleShare(m, s.people);
  if (hasLanguage(m, s.languages)) out[o + F.languageHint] = 1;
  if (s.titleWords.length && titleHas(m, s.titleWords)) out[o + F.titleWords] = 1;
}

/** 1 for the best, falling with log rank: a list's order as a feature. */
function rankValues(values: readonly number[], present: (i: number) => boolean): Float32Array {
  const order = values.map((_, i) => i).filter(present);
  order.sort((a, b) => values[b] - values[a]);
  const out = new Float32Array(values.length);
  order.forEach((i, r) => (out[i] = 1 / Math.log2(2 + r)));
  return out;
}

const FIELD_FEATURE: Partial<Record<Bm25Field, string>> = {
  title: 'bmTitle',
  people: 'bmPeople',
  keywords: 'bmKeywords',
  text: 'bmText',
};

/** Field BM25, phrase and coverage features of one candidate. */
function textFeatures(bm25: Bm25Index, row: number, q: QueryTerms, out: Float32Array, o: number): number {
  const tf = new Float64Array(q.idf.length);
  const isMatched = new Uint8Array(q.idf.length);
  const matched: number[] = []; // slots, in order of first match
  let textLength = 0;
  bm25.fields.forEach((field, fi) => {
    const toks = fieldTokenIds(bm25, row, fi);
    const name = FIELD_FEATURE[field];
    if (name) out[o + F[name]] = fieldBm25(bm25, toks, fi, q, tf);
    for (const id of toks) {
      const at = q.slotOf[id];
      if (at < 0 || isMatched[at]) continue;
      isMatched[at] = 1;
      matched.push(at);
    }
    if (field !== 'text') return;
    textLength = toks.length;
    const p = phraseEvidence(bm25, toks, q);
    out[o + F.bigrams] = Math.log1p(p.bigrams);
    out[o + F.bigramShare] = q.bigrams.size ? p.bigrams / q.bigrams.size : 0;
    out[o + F.window] = Math.min(p.window, 6) / 6;
    out[o + F.docCover] = docCover(bm25, toks, q);
  });
  let idf = 0;
  for (const at of matched) idf += q.idf[at];
  out[o + F.queryCover] = q.idfSum > 0 ? idf / q.idfSum : 0;
  out[o + F.matchedTerms] = Math.log1p(matched.length);
  return textLength;
}

/** Scales each field-BM25 column by its best over the candidates (0..1 within the request). */
function relativeColumns(out: Float32Array, n: number, names: readonly string[]): void {
  for (const name of names) {
    const j = F[name];
    let max = 0;
    for (let i = 0; i < n; i++) max = Math.max(max, out[i * FEATURE_COUNT + j]);
    if (max > 0) for (let i = 0; i < n; i++) out[i * FEATURE_COUNT + j] /= max;
  }
}

/** Dense, BM25 and rule-score features, relative to the other candidates. */
function listFeatures(cands: readonly Cand[], out: Float32Array): void {
  const dense = cands.map((c) => c.dense ?? -1);
  const hasDense = (i: number) => cands[i].dense !== null;
  const dMax = Math.max(-1, ...dense);
  const bm = cands.map((c) => c.bm25);
  const bMax = Math.max(1e-9, ...bm);
  const dRank = rankValues(dense, hasDense);
  const bRank = rankValues(bm, (i) => bm[i] > 0);
  const rRank = rankValues(
    cands.map((c) => c.score),
    () => true,
  );
  cands.forEach((c, i) => {
    const o = i * FEATURE_COUNT;
    out[o + F.dense] = c.dense ?? 0;
    out[o + F.denseGap] = c.dense === null ? -1 : c.dense - dMax;
    out[o + F.denseRank] = dRank[i];
    out[o + F.bm25Rel] = c.bm25 / bMax;
    out[o + F.bm25Log] = Math.log1p(c.bm25);
    out[o + F.bm25Rank] = bRank[i];
    out[o + F.ruleRank] = rRank[i];
  });
}

/**
 * The feature matrix of the candidates (row-major, FEATURE_COUNT per candidate), for the plan's search
 * text and stated facts. `cands` carry their dense, BM25 and rule scores (scoreCandidates ran).
 */
export function candidateFeatures(
  corpus: RankCorpus,
  plan: QueryPlan,
  cands: readonly Cand[],
  termWeights?: ReadonlyMap<string, number>,
): Float32Array {
  const out = new Float32Array(cands.length * FEATURE_COUNT);
  const q = queryTerms(corpus.bm25, plan.searchText, termWeights);
  const stated = statedHints(plan.hints ?? {});
  const phrases = wordPhrases(plan.searchText);
  listFeatures(cands, out);
  cands.forEach((c, i) => {
    const o = i * FEATURE_COUNT;
    const m = corpus.movies[c.row];
    const textLength = textFeatures(corpus.bm25, c.row, q, out, o);
    statedFeatures(m, stated, out, o);
    phraseMatches(m, phrases, out, o);
    out[o + F.fame] = fameScore(m, corpus.stats);
    out[o + F.quality] = qualityScore(m, corpus.stats);
    out[o + F.prior] = priorScore(m, corpus.stats, plan.quality);
    out[o + F.noVotes] = m.votes < 5 ? 1 : 0;
    out[o + F.textLength] = Math.log1p(textLength) / 5;
    out[o + F.noVector] = corpus.vec(c.row) ? 0 : 1;
  });
  relativeColumns(out, cands.length, Object.values(FIELD_FEATURE));
  return out;
}
