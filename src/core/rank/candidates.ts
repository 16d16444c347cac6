import type { QueryPlan } from '../types.ts';
import { scoreBm25 } from './bm25.ts';
import type { RankCorpus } from './corpus.ts';
import type { CoLikeEvidence } from './co-likes.ts';
import type { Examples } from './dense-query.ts';
import { priorScore } from './prior.ts';
import { bestScore } from './recommend.ts';
import type { TasteProfile } from './taste.ts';
import { topN } from './topk.ts';
import { dot } from './vec.ts';
import type { RequestKind } from './weights.ts';

/** One candidate movie and its signals; `score` is set by scoreCandidates. */
export interface Cand {
  row: number;
  /** Dense similarity to the query (null: not known, or no query vector). */
  dense: number | null;
  bm25: number;
  score: number;
}

/** Candidates by row, in the order they were found (that order breaks score ties). */
export type Candidates = Map<number, Cand>;

export interface GatherInput {
  kind: RequestKind;
  plan: QueryPlan;
  /** The dense query (rank/dense-query.ts). */
  q: Float32Array | null;
  examples: Examples;
  taste: TasteProfile | null;
  /** The text's search tokens. */
  tokens: string[];
  /** Allowed rows: the constraints, minus the banned rows. */
  mask: Uint8Array;
  banned: ReadonlySet<number>;
  constrained: boolean;
  /** Candidates per retriever. */
  N: number;
  /** Co-like evidence by row (rank/co-likes.ts); its rows join the candidates. */
  coLike?: ReadonlyMap<number, CoLikeEvidence>;
  /** Learned query-term weights (idf multipliers, rank/learned.ts) for the keyword scores. */
  termWeights?: ReadonlyMap<string, number>;
}

function addCandidate(cands: Candidates, row: number, dense: number | null): void {
  const c = cands.get(row);
  if (c) {
    if (dense !== null && (c.dense === null || dense > c.dense)) c.dense = dense;
  } else cands.set(row, { row, dense, bm25: 0, score: 0 });
}

/** Vector hits for the query; neighbours of the person's taste; with best_score, each positive's neighbours. */
async function vectorCandidates(corpus: RankCorpus, q: Float32Array, g: GatherInput, cands: Candidates) {
  const { index } = corpus;
  const { mask, banned, examples } = g;
  const allowed = g.constrained || banned.size ? mask.subarray(0, index.size) : undefined;
  const hits = await index.search(q, g.N, { allowed, constraints: g.plan.constraints, exclude: banned });
  for (const h of hits) if (mask[h.row]) addCandidate(cands, h.row, h.score);
  if (g.taste) {
    // A few movies near the person's taste join the candidates (still within the constraints).
    const near = await index.search(g.taste.centroid, 40, { allowed, exclude: banned });
    for (const h of near) if (mask[h.row]) addCandidate(cands, h.row, null);
  }
  if (examples.strategy === 'best_score' && examples.positives.length > 1) {
    for (const p of examples.positives) {
      const more = await index.search(p, Math.ceil(g.N / 2), { allowed, exclude: banned });
      for (const h of more) if (mask[h.row]) addCandidate(cands, h.row, null);
    }
  }
}

/** The text's BM25 top N join the candidates; every candidate gets its BM25 score. */
function keywordCandidates(corpus: RankCorpus, g: GatherInput, cands: Candidates): void {
  if (!g.tokens.length) return;
  const { bmScores } = corpus;
  scoreBm25(corpus.bm25, g.tokens, bmScores, { termWeights: g.termWeights });
  for (const row of topN(bmScores, g.N, g.mask, 0)) {
    addCandidate(cands, row, null);
    cands.get(row)!.bm25 = bmScores[row];
  }
  for (const c of cands.values()) c.bm25 = bmScores[c.row];
}

/** The n best-known allowed movies (by the quality prior) join the candidates. */
function priorCandidates(corpus: RankCorpus, g: GatherInput, n: number, cands: Candidates): void {
  const { movies, stats } = corpus;
  const prior = new Float32Array(movies.length);
  for (let r = 0; r < movies.length; r++)
    if (g.mask[r]) prior[r] = 1 + priorScore(movies[r], stats, g.plan.quality);
  for (const row of topN(prior, n, g.mask, 0)) addCandidate(cands, row, null);
}

/** Candidates from the vector search, the keywords and the prior, all within the mask. */
export async function gatherCandidates(corpus: RankCorpus, g: GatherInput): Promise<Candidates> {
  const cands: Candidates = new Map();
  if (g.q) await vectorCandidates(corpus, g.q, g, cands);
  // People who liked the seeds also liked these (within the constraints; seeds and shown movies are banned).
  if (g.coLike) for (const row of g.coLike.keys()) if (g.mask[row]) addCandidate(cands, row, null);
  // Keywords: after the last await, so the shared BM25 buffer is filled and read in one go.
  keywordCandidates(corpus, g, cands);
  // Constrained or open requests: the best-known allowed movies are candidates too, so a list is full even
  // when the text matches little ("westerns from the 1950s" has no text at all).
  if (g.kind === 'explore' || g.kind === 'similar' || !g.q)
    priorCandidates(corpus, g, g.kind === 'explore' || !g.q ? g.N : 50, cands);
  return cands;
}

/**
 * Exact dense scores for candidates the vector search did not return (keyword, prior, taste candidates);
 * with best_score and positives, every candidate is re-scored against the examples.
 */
export function rescoreDense(
  cands: Iterable<Cand>,
  q: Float32Array,
  { positives, negatives, strategy }: Examples,
  vec: (row: number) => Float32Array | null,
): void {
  for (const c of cands) {
    if (c.dense !== null && strategy !== 'best_score') continue;
    const v = vec(c.row);
    if (!v) continue;
    c.dense = strategy === 'best_score' && positives.length ? bestScore(v, positives, negatives) : dot(q, v);
  }
}
