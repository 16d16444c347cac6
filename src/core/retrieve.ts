import type { Movie, QueryPlan, RankedMovie, VectorIndex } from './types.ts';
import { buildBm25Index } from './rank/bm25.ts';
import { gatherCandidates, rescoreDense } from './rank/candidates.ts';
import type { RankCorpus } from './rank/corpus.ts';
import { denseQuery, examplesOf } from './rank/dense-query.ts';
import { diversify, movieSimilarity, vectorCache, withTail } from './rank/diversify.ts';
import { coLikeEvidence, type CoLikeEvidence, type CoLikeIndex } from './rank/co-likes.ts';
import { explain } from './rank/explain.ts';
import { rerank, type RankerModel } from './rank/learned.ts';
import type { Cand } from './rank/candidates.ts';
import { constraintMask, constraintReasons, hasConstraints } from './rank/filter.ts';
import { priorStats } from './rank/prior.ts';
import type { RecommendStrategy } from './rank/recommend.ts';
import { rankWeights, requestKind, requestRows, resultSizes, tasteFor } from './rank/request.ts';
import { coLikeMax, scoreCandidates, seedFeatures, tasteAffinity } from './rank/score.ts';
import type { RankWeights, RequestKind } from './rank/weights.ts';
import { searchTokens } from './query/text.ts';
import { prepareFuzzyTitles, resolveTitle, type TitleMatch } from './query/titles.ts';
import {
  createPlannerContext,
  planQuery,
  validatePlan,
  type PlanOptions,
  type PlannerContext,
} from './plan/rule-planner.ts';

export interface RetrieverDeps {
  movies: readonly Movie[];
  /** Vector search over rows 0..index.size-1 (row r = movies[r]). */
  index: VectorIndex;
  /** Row r's (approximate) unit vector, or null when the row has none. Enables best_score, MMR, re-scoring. */
  vectorsFor?(row: number): Float32Array | null;
  /** Item-to-item co-likes from the dataset's ratings (optional asset): blended into "like X" requests. */
  coLikes?: CoLikeIndex | null;
  /** The learned re-ranker for describe/lookup requests (rank/learned.ts); absent: the rule score alone. */
  ranker?: RankerModel | null;
}

/** The rule-scored candidates of a request (best first) and its kind: what the re-ranker learns from. */
export interface CandidatePool {
  kind: RequestKind;
  plan: QueryPlan;
  ranked: readonly Cand[];
  corpus: RankCorpus;
  termWeights?: ReadonlyMap<string, number>;
}

export interface RetrieveOptions {
  k: number;
  /** TMDB ids never to return (already shown, already named). */
  exclude?: readonly number[];
  /** TMDB ids the user hid. */
  hidden?: readonly number[];
  /** TMDB ids the user liked: extra positive examples. */
  liked?: readonly number[];
  /**
   * TMDB ids of movies the person rated 👍 or saved to the watchlist, most recent first: a soft prior for
   * open-ended requests only (see rank/taste.ts). Constraints still filter; "like X" requests ignore it.
   */
  taste?: readonly number[];
  strategy?: RecommendStrategy;
  /** The embedded avoid-terms ("less confusing" → "confusing"): the dense query moves away from it. */
  avoidVector?: Float32Array | null;
  /** Override the weights of the detected request kind. */
  weights?: Partial<RankWeights>;
  /**
   * Return a longer ranking from the same call: the k picks (exactly as without `depth`), then the remaining
   * candidates in descending score order until `depth` results in total (fewer if the candidates run out).
   * The candidates and the picks depend on k only. Absent, or at most k: the k picks alone.
   */
  depth?: number;
}

export interface Retriever {
  readonly planner: PlannerContext;
  /** Milliseconds spent building the keyword index and planner context. */
  readonly buildMs: { bm25: number; planner: number };
  plan(text: string, opts?: PlanOptions): QueryPlan;
  retrieve(plan: QueryPlan, queryVector: Float32Array | null, opts: RetrieveOptions): Promise<RankedMovie[]>;
  resolveTitle(phrase: string, limit?: number): TitleMatch[];
  /** Which ranking regime a plan falls into (exposed for the eval and the UI). */
  kindOf(plan: QueryPlan, opts?: Pick<RetrieveOptions, 'liked'>): RequestKind;
  /**
   * Builds what is otherwise built on first use (the fuzzy title index, ~0.1 s): call it once the app is
   * ready and idle, so a first misspelled title does not pay for it.
   */
  warmUp(): void;
  /**
   * Calls `fn` with every request's rule-ranked candidates, before re-ranking and picks (training the
   * re-ranker on exactly what the app retrieves); null stops it.
   */
  observePools(fn: ((pool: CandidatePool) => void) | null): void;
  /** Milliseconds of the last (up to 1,000) learned re-ranking stages, oldest first (for the bench). */
  rerankTimes(): number[];
}

/**
 * Ranking, stage by stage (each in src/core/rank/):
 *   request kind → weights → banned rows and constraint mask → dense query (text + examples, Qdrant-style)
 *   → candidates (vector, taste, best_score, BM25, prior) → exact dense scores → weighted score
 *   → MMR picks (+ the score-ordered tail up to `depth`) → why.
 */
export function createRetriever(deps: RetrieverDeps): Retriever {
  const { movies, index } = deps;
  let t0 = performance.now();
  const planner = createPlannerContext(movies);
  const plannerMs = performance.now() - t0;
  t0 = performance.now();
  const bm25 = buildBm25Index(movies);
  const bm25Ms = performance.now() - t0;
  const corpus: RankCorpus = {
    movies,
    index,
    bm25,
    stats: priorStats(movies),
    bmScores: new Float32Array(movies.length),
    rowOf: (id) => planner.idToRow.get(id),
    vec: (row) => (row < index.size && deps.vectorsFor ? deps.vectorsFor(row) : null),
  };
  const { rowOf, vec } = corpus;

  /** Co-like evidence by row of the positive and negative rows, without the banned rows (seeds, shown, hidden). */
  const coLikeRows = (pos: readonly number[], neg: readonly number[], banned: ReadonlySet<number>) => {
    const byRow = new Map<number, CoLikeEvidence>();
    if (!deps.coLikes) return byRow;
    const ids = (rows: readonly number[]) => rows.map((r) => movies[r].id);
    for (const [id, e] of coLikeEvidence(deps.coLikes, ids(pos), ids(neg))) {
      const row = rowOf(id);
      if (row !== undefined && !banned.has(row)) byRow.set(row, e);
    }
    return byRow;
  };

  const kindOf = (plan: QueryPlan, opts: Pick<RetrieveOptions, 'liked'> = {}): RequestKind =>
    requestKind(plan, opts.liked);

  let observer: ((pool: CandidatePool) => void) | null = null;
  const rerankMs: number[] = [];
  const learnedTerms = deps.ranker?.termWeights
    ? new Map(Object.entries(deps.ranker.termWeights))
    : undefined;

  async function rankPool(plan: QueryPlan, queryVector: Float32Array | null, opts: RetrieveOptions) {
    const kind = requestKind(plan, opts.liked);
    const w = rankWeights(kind, opts.weights);
    const { k, N } = resultSizes(opts.k, w);
    const { seedRows, negRows, banned } = requestRows(plan, opts, rowOf);
    const constrained = hasConstraints(plan.constraints);
    const mask = constraintMask(movies, plan.constraints, banned);
    const taste = tasteFor(kind, w, opts.taste, rowOf, vec);
    const examples = examplesOf(seedRows, negRows, vec, opts.strategy);
    const { q, textVec } = denseQuery(plan.searchText, queryVector, examples, opts.avoidVector);
    const tokens = searchTokens(plan.searchText);
    // "Like X" and "more like this": the seeds' co-likes; open requests: a nudge from the taste's; both: minus
    // the negatives' ("less like this").
    const coLikePos = kind === 'similar' ? seedRows : (taste?.rows ?? []);
    const coLike = w.coLike > 0 ? coLikeRows(coLikePos, negRows, banned) : undefined;

    const termWeights = kind === 'describe' || kind === 'lookup' ? learnedTerms : undefined;
    const gather = {
      kind,
      plan,
      q,
      examples,
      taste,
      tokens,
      mask,
      banned,
      constrained,
      N,
      coLike,
      termWeights,
    };
    const cands = await gatherCandidates(corpus, gather);
    if (cands.size === 0) return null;
    if (q) rescoreDense(cands.values(), q, examples, vec);

    const all = [...cands.values()];
    const seeds = seedFeatures(movies, seedRows);
    const affinity = tasteAffinity(taste, all, vec);
    const ranked = scoreCandidates(corpus, all, { plan, w, seeds, taste, affinity, coLike });
    const why = {
      ...{ plan, kind, constraintWhy: constrained ? constraintReasons(plan.constraints) : [], seeds, taste },
      ...{ affinity, tokens, textVec, coLike, coLikeMax: coLikeMax(all, coLike) },
    };
    return { kind, w, k, ranked, why, termWeights };
  }

  async function retrieve(
    plan: QueryPlan,
    queryVector: Float32Array | null,
    opts: RetrieveOptions,
  ): Promise<RankedMovie[]> {
    const p = await rankPool(plan, queryVector, opts);
    if (!p) return [];
    observer?.({ kind: p.kind, plan, ranked: p.ranked, corpus, termWeights: p.termWeights });
    const learned = deps.ranker?.kinds[p.kind];
    const t0 = performance.now();
    const ranked = learned ? rerank(corpus, plan, p.ranked, learned, p.termWeights) : p.ranked;
    if (learned && rerankMs.push(performance.now() - t0) > 1000) rerankMs.shift();
    const cachedVec = vectorCache(vec);
    const picked = diversify(ranked, p.k, p.w.mmrLambda, movieSimilarity(movies, cachedVec));
    const why = { ...p.why, vec: cachedVec };
    return withTail(ranked, picked, opts.depth).map((c) => ({
      id: movies[c.row].id,
      row: c.row,
      score: c.score,
      why: explain(corpus, c, why),
    }));
  }

  return {
    planner,
    buildMs: { bm25: bm25Ms, planner: plannerMs },
    plan: (text, opts) => validatePlan(planQuery(text, planner, opts), planner),
    retrieve,
    resolveTitle: (phrase, limit = 5) => resolveTitle(planner.titles, phrase, { limit }),
    kindOf,
    warmUp: () => void prepareFuzzyTitles(planner.titles),
    observePools: (fn) => void (observer = fn),
    rerankTimes: () => [...rerankMs],
  };
}
