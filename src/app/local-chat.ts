/**
 * A minimal conversation loop over the rule planner and the vector search worker. It is the
 * app's fallback until the conversation pipeline (src/core/pipeline.ts) is wired in: plan the
 * message, embed its search text, blend in examples and the person's likes, pre-filter by the
 * plan's constraints, search, and re-rank with a popularity/quality prior.
 */
import { createPlannerContext, planQuery, type PlannerContext } from '../core/plan/rule-planner.ts';
import { constraintMask, constraintReasons } from '../core/rank/filter.ts';
import { priorScore, priorStats } from '../core/rank/prior.ts';
import type { Movie, QueryPlan, VectorHit, VectorSearchOptions, WhyReason } from '../core/types.ts';
import { planToChips, removeChip } from './chips.ts';
import type { ChatPort, Preferences, ResultItem, TurnInput, TurnOutput } from './ports.ts';

export interface LocalChatDeps {
  movies: readonly Movie[];
  /** Rows 0..embeddedCount-1 have vectors. */
  embeddedCount: number;
  embed(text: string): Promise<Float32Array>;
  vector(row: number): Promise<Float32Array | null>;
  search(query: Float32Array, k: number, options: VectorSearchOptions): Promise<VectorHit[]>;
}

const RESULTS = 8;
/** Weight of the person's 👍 movies in the query vector: a nudge, not a takeover. */
const LIKED_WEIGHT = 0.15;
const UNLIKE_WEIGHT = 0.35;
const PRIOR_WEIGHT = 0.12;

const emptyPlan = (): QueryPlan => ({
  searchText: '',
  constraints: {},
  likeTitles: [],
  unlikeTitles: [],
  likeIds: [],
  unlikeIds: [],
  quality: null,
  source: 'rules',
});

export function createLocalChat(deps: LocalChatDeps): ChatPort {
  const ctx: PlannerContext = createPlannerContext(deps.movies);
  const stats = priorStats(deps.movies);
  let lastPlan: QueryPlan | null = null;
  let previousIds: number[] = [];

  const rowOf = (id: number) => ctx.idToRow.get(id);

  function nextPlan(input: TurnInput): QueryPlan {
    const r = input.refinement;
    const base = lastPlan ?? emptyPlan();
    if (r?.kind === 'remove-chip') return removeChip(base, r.key);
    if (r?.kind === 'more-like') {
      return { ...base, searchText: '', likeIds: [r.movieId], likeTitles: [r.title], unlikeIds: [], unlikeTitles: [] };
    }
    if (r?.kind === 'less-like') {
      return { ...base, unlikeIds: [...base.unlikeIds, r.movieId], unlikeTitles: [...base.unlikeTitles, r.title] };
    }
    return planQuery(input.message, ctx, { previousIds });
  }

  async function queryVector(plan: QueryPlan, prefs: Preferences): Promise<Float32Array | null> {
    const parts: Array<[Float32Array, number]> = [];
    if (plan.searchText.trim()) parts.push([await deps.embed(plan.searchText), 1]);
    const rowsOf = (ids: number[]) => ids.map(rowOf).filter((r): r is number => r !== undefined && r < deps.embeddedCount);
    const vecs = async (ids: number[]) =>
      (await Promise.all(rowsOf(ids).map((r) => deps.vector(r)))).filter((v): v is Float32Array => v !== null);
    for (const v of await vecs(plan.likeIds)) parts.push([v, plan.searchText ? 0.7 : 1]);
    if (!parts.length) return null;
    const liked = await vecs(prefs.likedIds.slice(-10));
    for (const v of liked) parts.push([v, LIKED_WEIGHT / liked.length]);
    for (const v of await vecs(plan.unlikeIds)) parts.push([v, -UNLIKE_WEIGHT]);
    const q = new Float32Array(parts[0][0].length);
    for (const [v, w] of parts) for (let i = 0; i < q.length; i++) q[i] += v[i] * w;
    let n = 0;
    for (const x of q) n += x * x;
    n = Math.sqrt(n) || 1;
    for (let i = 0; i < q.length; i++) q[i] /= n;
    return q;
  }

  return {
    async handle(input: TurnInput): Promise<TurnOutput> {
      const plan = nextPlan(input);
      const prefs = input.preferences;
      const exclude = new Set<number>(
        [...prefs.hiddenIds, ...plan.likeIds, ...plan.unlikeIds].map(rowOf).filter((r): r is number => r !== undefined),
      );
      const allowed = constraintMask(deps.movies, plan.constraints, exclude);
      const q = await queryVector(plan, prefs);
      let scored: Array<{ row: number; score: number; sim: number }>;
      if (q) {
        const hits = await deps.search(q, 60, { allowed, constraints: plan.constraints });
        scored = hits.map((h) => ({
          row: h.row,
          sim: h.score,
          score: h.score + PRIOR_WEIGHT * priorScore(deps.movies[h.row], stats, plan.quality),
        }));
      } else {
        // Nothing to embed (only filters): the best-known movies that pass them.
        scored = [];
        for (let r = 0; r < deps.movies.length; r++) {
          if (allowed[r]) scored.push({ row: r, sim: 0, score: priorScore(deps.movies[r], stats, plan.quality ?? 'acclaimed') });
        }
      }
      scored.sort((a, b) => b.score - a.score);
      const base: WhyReason[] = constraintReasons(plan.constraints);
      const likedMovies = prefs.likedIds
        .map(rowOf)
        .filter((r): r is number => r !== undefined)
        .map((r) => deps.movies[r]);
      const results: ResultItem[] = scored.slice(0, RESULTS).map((s) => {
        const movie = deps.movies[s.row];
        const why: WhyReason[] = [...base];
        plan.likeIds.forEach((id, i) => why.push({ kind: 'similar-to', id, title: plan.likeTitles[i] ?? '' }));
        if (plan.searchText && s.sim > 0) why.push({ kind: 'semantic', score: s.sim });
        if (likedMovies.length && q) {
          const liked = likedMovies.find((m) => m.genres.some((g) => movie.genres.includes(g)));
          if (liked) why.push({ kind: 'liked', id: liked.id, title: liked.title });
        }
        return { movie, score: s.score, why };
      });
      lastPlan = plan;
      previousIds = results.map((r) => r.movie.id);
      const reply = results.length
        ? describeReply(plan, results.length)
        : "I couldn't find movies that match all of that. Try removing a filter below.";
      input.onText?.(reply);
      return { reply, results, chips: planToChips(plan), intent: 'recommend', plan };
    },
    reset() {
      lastPlan = null;
      previousIds = [];
    },
  };
}

function describeReply(plan: QueryPlan, n: number): string {
  if (plan.likeTitles.length) return `Here are ${n} movies in the spirit of **${plan.likeTitles.join(', ')}**.`;
  if (plan.searchText) return `Here are ${n} movies that fit.`;
  return `Here are ${n} well-liked movies matching your filters.`;
}
