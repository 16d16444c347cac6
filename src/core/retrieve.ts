import type { Movie, QueryPlan, RankedMovie, VectorIndex, WhyReason } from './types.ts';
import { buildBm25Index, matchedTerms, scoreBm25 } from './rank/bm25.ts';
import { constraintMask, constraintReasons, hasConstraints } from './rank/filter.ts';
import { mmrSelect } from './rank/mmr.ts';
import { fameScore, priorScore, priorStats } from './rank/prior.ts';
import { averageVectorQuery, bestScore, type RecommendStrategy } from './rank/recommend.ts';
import {
  buildTaste,
  closestExample,
  NAME_AFFINITY_MIN,
  relativeAffinities,
  tasteCosine,
} from './rank/taste.ts';
import { topN } from './rank/topn.ts';
import { dot, l2normalize } from './rank/vec.ts';
import { DEFAULT_WEIGHTS, type RankWeights, type RequestKind } from './rank/weights.ts';
import { foldName } from './query/people.ts';
import { foldText, searchTokens } from './query/text.ts';
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
  /** Override the weights of the detected request kind. */
  weights?: Partial<RankWeights>;
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
}

interface Cand {
  row: number;
  dense: number | null;
  bm25: number;
  score: number;
}

export function createRetriever(deps: RetrieverDeps): Retriever {
  const { movies, index } = deps;
  let t0 = performance.now();
  const planner = createPlannerContext(movies);
  const plannerMs = performance.now() - t0;
  t0 = performance.now();
  const bm25 = buildBm25Index(movies);
  const bm25Ms = performance.now() - t0;
  const stats = priorStats(movies);
  const bmScores = new Float32Array(movies.length);
  const rowOf = (id: number) => planner.idToRow.get(id);
  const vec = (row: number): Float32Array | null =>
    row < index.size && deps.vectorsFor ? deps.vectorsFor(row) : null;

  function kindOf(plan: QueryPlan, opts: Pick<RetrieveOptions, 'liked'> = {}): RequestKind {
    if (plan.likeIds.length || (opts.liked?.length ?? 0) > 0) return 'similar';
    if (plan.hints?.describesOneMovie) return 'describe';
    const askedForList =
      hasConstraints(plan.constraints) || plan.quality !== null || (plan.hints?.genres?.length ?? 0) > 0;
    // A short plot description ("a boxer from Philadelphia gets a shot…") names one movie; a mood or a
    // constrained request asks for a list.
    const descriptive = searchTokens(plan.searchText).length >= 6 && !hasConstraints(plan.constraints);
    return descriptive || !askedForList ? 'lookup' : 'explore';
  }

  async function retrieve(
    plan: QueryPlan,
    queryVector: Float32Array | null,
    opts: RetrieveOptions,
  ): Promise<RankedMovie[]> {
    const kind = kindOf(plan, opts);
    const w: RankWeights = { ...DEFAULT_WEIGHTS[kind], ...opts.weights };
    const k = Math.max(1, Math.min(opts.k, 500));
    const N = Math.max(w.candidates, k * 3);

    // Rows that may never be returned: the seeds themselves, negatives, hidden and excluded movies.
    const seedRows = [...plan.likeIds, ...(opts.liked ?? [])]
      .map(rowOf)
      .filter((r): r is number => r !== undefined);
    const negRows = plan.unlikeIds.map(rowOf).filter((r): r is number => r !== undefined);
    const banned = new Set<number>([...seedRows, ...negRows]);
    for (const id of [...(opts.exclude ?? []), ...(opts.hidden ?? [])]) {
      const r = rowOf(id);
      if (r !== undefined) banned.add(r);
    }
    const constrained = hasConstraints(plan.constraints);
    const mask = constraintMask(movies, plan.constraints, banned);
    const taste =
      kind === 'explore' && w.taste > 0 && opts.taste?.length
        ? buildTaste(
            opts.taste.map(rowOf).filter((r): r is number => r !== undefined),
            vec,
          )
        : null;

    // Dense query: the text, the positive examples, and the negatives, combined like Qdrant's recommend.
    const positives = seedRows.map(vec).filter((v): v is Float32Array => v !== null);
    const negatives = negRows.map(vec).filter((v): v is Float32Array => v !== null);
    const strategy: RecommendStrategy = opts.strategy ?? 'average_vector';
    let q: Float32Array | null = null;
    const textVec = queryVector && plan.searchText ? queryVector : null;
    if (positives.length) {
      const rec = averageVectorQuery(positives, negatives)!;
      if (textVec) {
        // The text refines the examples ("like Jurassic Park but underwater"): a smaller share.
        q = new Float32Array(rec.length);
        for (let j = 0; j < q.length; j++) q[j] = rec[j] + 0.6 * textVec[j];
        l2normalize(q);
      } else q = rec;
    } else if (textVec) {
      q = negatives.length ? averageVectorQuery([textVec], negatives) : textVec;
    }

    const cands = new Map<number, Cand>();
    const add = (row: number, dense: number | null) => {
      const c = cands.get(row);
      if (c) {
        if (dense !== null && (c.dense === null || dense > c.dense)) c.dense = dense;
      } else cands.set(row, { row, dense, bm25: 0, score: 0 });
    };
    const searchMask = constrained || banned.size ? mask.subarray(0, index.size) : undefined;
    if (q) {
      const hits = await index.search(q, N, {
        allowed: searchMask,
        constraints: plan.constraints,
        exclude: banned,
      });
      for (const h of hits) if (mask[h.row]) add(h.row, h.score);
      if (taste) {
        // A few movies near the person's taste join the candidates (still within the constraints).
        const near = await index.search(taste.centroid, 40, { allowed: searchMask, exclude: banned });
        for (const h of near) if (mask[h.row]) add(h.row, null);
      }
      if (strategy === 'best_score' && positives.length > 1) {
        for (const p of positives) {
          const more = await index.search(p, Math.ceil(N / 2), { allowed: searchMask, exclude: banned });
          for (const h of more) if (mask[h.row]) add(h.row, null);
        }
      }
    }

    // Keywords: the text, plus the seeds' own people (a director's other films are good "similar" picks).
    const tokens = searchTokens(plan.searchText);
    if (tokens.length) {
      scoreBm25(bm25, tokens, bmScores);
      for (const row of topN(bmScores, N, mask, 0)) {
        add(row, null);
        cands.get(row)!.bm25 = bmScores[row];
      }
      for (const c of cands.values()) c.bm25 = bmScores[c.row];
    }

    // Constrained or open requests: the best-known allowed movies are candidates too, so a list is full even
    // when the text matches little ("westerns from the 1950s" has no text at all).
    if (kind === 'explore' || kind === 'similar' || !q) {
      const prior = new Float32Array(movies.length);
      for (let r = 0; r < movies.length; r++)
        if (mask[r]) prior[r] = 1 + priorScore(movies[r], stats, plan.quality);
      for (const row of topN(prior, kind === 'explore' || !q ? N : 50, mask, 0)) add(row, null);
    }
    if (cands.size === 0) return [];

    // Exact dense scores for candidates the vector search did not return (keyword or prior candidates).
    if (q) {
      for (const c of cands.values()) {
        if (c.dense !== null && strategy !== 'best_score') continue;
        const v = vec(c.row);
        if (!v) continue;
        c.dense =
          strategy === 'best_score' && positives.length ? bestScore(v, positives, negatives) : dot(q, v);
      }
    }

    // Normalise each signal over the candidates, then a weighted sum (orama's hybrid search does the same).
    const all = [...cands.values()];
    const denseVals = all
      .map((c) => c.dense)
      .filter((d): d is number => d !== null)
      .sort((a, b) => b - a);
    const dMax = denseVals[0] ?? 0;
    const dRef =
      denseVals[Math.min(denseVals.length - 1, Math.max(10, Math.floor(denseVals.length * 0.8)))] ?? 0;
    const bMax = Math.max(1e-9, ...all.map((c) => c.bm25));
    const hints = plan.hints ?? {};
    const hintGenres = hints.genres ?? [];
    const hintPeople = (hints.people ?? []).map(foldName);
    const titleWords = (hints.titleWords ?? []).map((t) => foldText(t));
    const avoidScores = hints.avoidTerms?.length ? new Float32Array(movies.length) : null;
    if (avoidScores) scoreBm25(bm25, searchTokens(hints.avoidTerms!.join(' ')), avoidScores);
    const avoidMax = avoidScores ? Math.max(1e-9, ...all.map((c) => avoidScores[c.row])) : 1;
    const seeds = seedRows.map((r) => movies[r]);
    const seedRowsById = new Map(seedRows.map((r) => [movies[r].id, r]));
    const seedGenres = new Set(seeds.flatMap((m) => m.genres));
    const seedCollections = new Set(seeds.map((m) => m.collection?.id).filter((x) => x !== undefined));
    const seedPeople = new Set(seeds.flatMap((m) => [...m.directors, ...m.cast.slice(0, 3)]));

    const denseRank = new Map<number, number>();
    const bmRank = new Map<number, number>();
    if (w.rrfK > 0) {
      all
        .filter((c) => c.dense !== null)
        .sort((a, b) => b.dense! - a.dense!)
        .forEach((c, i) => denseRank.set(c.row, i + 1));
      all
        .filter((c) => c.bm25 > 0)
        .sort((a, b) => b.bm25 - a.bm25)
        .forEach((c, i) => bmRank.set(c.row, i + 1));
    }
    const rrf = (rank: number | undefined) => (rank === undefined ? 0 : (w.rrfK + 1) / (w.rrfK + rank));
    const affinity = new Map<number, number>();
    if (taste) {
      const cos = all.map((c) => {
        const v = vec(c.row);
        return v ? tasteCosine(taste, v) : NaN;
      });
      relativeAffinities(cos).forEach((a, i) => affinity.set(all[i].row, a));
    }

    for (const c of all) {
      const m = movies[c.row];
      const d =
        w.rrfK > 0
          ? rrf(denseRank.get(c.row))
          : c.dense === null
            ? 0
            : Math.max(0, (c.dense - dRef) / Math.max(1e-6, dMax - dRef));
      const b = w.rrfK > 0 ? rrf(bmRank.get(c.row)) : c.bm25 / bMax;
      let s = w.dense * d + w.bm25 * b + w.prior * priorScore(m, stats, plan.quality);
      if (hintGenres.length)
        s += w.hintGenre * (hintGenres.filter((g) => m.genres.includes(g)).length / hintGenres.length);
      if (hints.years && m.year !== null) {
        const [a, b] = hints.years;
        const off = m.year < a ? a - m.year : m.year > b ? m.year - b : 0;
        s += w.hintYear * Math.max(0, 1 - off / 5);
      }
      if (hintPeople.length) {
        const credited = new Set([...m.directors, ...m.cast].map(foldName));
        s += w.hintPeople * (hintPeople.filter((p) => credited.has(p)).length / hintPeople.length);
      }
      if (hints.languages?.length && m.language && hints.languages.includes(m.language)) s += w.hintLanguage;
      if (titleWords.length) {
        const t = foldText(m.title);
        if (titleWords.some((x) => t.includes(x))) s += w.titleWords;
      }
      if (avoidScores) s -= w.avoid * (avoidScores[c.row] / avoidMax);
      if (taste) s += w.taste * (affinity.get(c.row) ?? 0);
      if (seeds.length) {
        if (seedGenres.size && m.genres.length) {
          const shared = m.genres.filter((g) => seedGenres.has(g)).length;
          s +=
            w.seedGenre * (shared / Math.max(seedGenres.size, m.genres.length)) +
            (shared > 0 ? w.seedGenre * 0.5 : 0);
        }
        if (m.collection && seedCollections.has(m.collection.id)) s += w.seedCollection;
        if (seedPeople.size && [...m.directors, ...m.cast.slice(0, 3)].some((p) => seedPeople.has(p)))
          s += w.seedPeople;
      }
      c.score = s;
    }

    all.sort((a, b) => b.score - a.score);
    const pool = all.slice(0, Math.max(k * 4, 40));
    const vecCache = new Map<number, Float32Array | null>();
    const cachedVec = (r: number) => {
      if (!vecCache.has(r)) vecCache.set(r, vec(r));
      return vecCache.get(r)!;
    };
    const similarity = (a: number, b: number) => {
      const ma = movies[a];
      const mb = movies[b];
      const va = cachedVec(a);
      const vb = cachedVec(b);
      let s = va && vb ? dot(va, vb) : 0;
      if (ma.collection && mb.collection && ma.collection.id === mb.collection.id) s = Math.max(s, 0.9);
      return s;
    };
    const picked = mmrSelect(pool, k, w.mmrLambda, similarity);

    const tokensForWhy = tokens.length ? tokens : [];
    const creason = constrained ? constraintReasons(plan.constraints) : [];
    return picked.map((c) => {
      const m = movies[c.row];
      const why: WhyReason[] = [...creason];
      for (const s of seeds) {
        // Name a seed only where the link is visible: same series, a shared genre, or a close vector.
        const sv = cachedVec(seedRowsById.get(s.id)!);
        const mv = cachedVec(c.row);
        const related =
          (s.collection && m.collection?.id === s.collection.id) ||
          s.genres.some((g) => m.genres.includes(g)) ||
          (sv !== null && mv !== null && dot(sv, mv) > 0.5);
        if (related)
          why.push({ kind: plan.likeIds.includes(s.id) ? 'similar-to' : 'liked', id: s.id, title: s.title });
      }
      const mv = taste ? cachedVec(c.row) : null;
      if (taste && mv && (affinity.get(c.row) ?? 0) >= NAME_AFFINITY_MIN) {
        const near = closestExample(taste, mv);
        if (near.row !== c.row)
          why.push({ kind: 'liked', id: movies[near.row].id, title: movies[near.row].title });
      }
      if (c.bm25 > 0) {
        const terms = matchedTerms(m, tokensForWhy);
        if (terms.length) why.push({ kind: 'keyword', terms });
      }
      if (c.dense !== null && textVec)
        why.push({ kind: 'semantic', score: Math.round(c.dense * 1000) / 1000 });
      if (plan.quality) why.push({ kind: 'quality', value: plan.quality });
      else if (fameScore(m, stats) > 0.8 && kind === 'explore')
        why.push({ kind: 'quality', value: 'popular' });
      return { id: m.id, row: c.row, score: c.score, why };
    });
  }

  return {
    planner,
    buildMs: { bm25: bm25Ms, planner: plannerMs },
    plan: (text, opts) => validatePlan(planQuery(text, planner, opts), planner),
    retrieve,
    resolveTitle: (phrase, limit = 5) => resolveTitle(planner.titles, phrase, { limit }),
    kindOf,
    warmUp: () => void prepareFuzzyTitles(planner.titles),
  };
}
