import type { Movie, QueryPlan, WhyReason } from '../types.ts';
import { matchedTerms } from './bm25.ts';
import type { Cand } from './candidates.ts';
import { CO_LIKE_REASON_MIN, type CoLikeEvidence } from './co-likes.ts';
import type { RankCorpus } from './corpus.ts';
import { fameScore } from './prior.ts';
import type { SeedFeatures } from './score.ts';
import { closestExample, NAME_AFFINITY_MIN, type TasteProfile } from './taste.ts';
import { dot } from './vec.ts';
import type { RequestKind } from './weights.ts';

export interface ExplainInput {
  plan: QueryPlan;
  kind: RequestKind;
  /** The constraints' reasons, shared by every result (every result satisfies them). */
  constraintWhy: readonly WhyReason[];
  seeds: SeedFeatures;
  taste: TasteProfile | null;
  affinity: ReadonlyMap<number, number>;
  tokens: readonly string[];
  textVec: Float32Array | null;
  vec(row: number): Float32Array | null;
  /** Co-like evidence by row, and its best among the candidates. */
  coLike?: ReadonlyMap<number, CoLikeEvidence>;
  coLikeMax?: number;
}

/** "People who liked X also liked this (N of them)": enough people, and a visible share of the signal. */
function coLikeReason(movies: readonly Movie[], c: Cand, x: ExplainInput): WhyReason | null {
  const e = x.coLike?.get(c.row);
  if (!e || e.co < CO_LIKE_REASON_MIN || !x.coLikeMax || e.score < 0.2 * x.coLikeMax) return null;
  const seed = x.seeds.seeds.find((s) => s.id === e.seedId) ?? movies[x.seeds.rowById.get(e.seedId) ?? -1];
  return seed ? { kind: 'co-liked', id: seed.id, title: seed.title, count: e.co } : null;
}

/** The seeds a result visibly relates to: same series, a shared genre, or a close vector. */
function seedReasons(c: Cand, m: Movie, x: ExplainInput): WhyReason[] {
  const out: WhyReason[] = [];
  for (const s of x.seeds.seeds) {
    const sv = x.vec(x.seeds.rowById.get(s.id)!);
    const mv = x.vec(c.row);
    const related =
      (s.collection && m.collection?.id === s.collection.id) ||
      s.genres.some((g) => m.genres.includes(g)) ||
      (sv !== null && mv !== null && dot(sv, mv) > 0.5);
    if (related)
      out.push({ kind: x.plan.likeIds.includes(s.id) ? 'similar-to' : 'liked', id: s.id, title: s.title });
  }
  return out;
}

/** "Because you liked …": the closest taste example, when the result is close enough to the taste. */
function tasteReason(movies: readonly Movie[], c: Cand, x: ExplainInput): WhyReason | null {
  const mv = x.taste ? x.vec(c.row) : null;
  if (!x.taste || !mv || !((x.affinity.get(c.row) ?? 0) >= NAME_AFFINITY_MIN)) return null;
  const near = closestExample(x.taste, mv);
  if (near.row === c.row) return null;
  return { kind: 'liked', id: movies[near.row].id, title: movies[near.row].title };
}

/** Why a result was returned: constraints, examples, taste, keywords, semantic score, quality. */
export function explain({ movies, stats }: RankCorpus, c: Cand, x: ExplainInput): WhyReason[] {
  const m = movies[c.row];
  const why: WhyReason[] = [...x.constraintWhy, ...seedReasons(c, m, x)];
  const co = coLikeReason(movies, c, x);
  if (co) why.push(co);
  const taste = tasteReason(movies, c, x);
  if (taste) why.push(taste);
  if (c.bm25 > 0) {
    const terms = matchedTerms(m, x.tokens);
    if (terms.length) why.push({ kind: 'keyword', terms });
  }
  if (c.dense !== null && x.textVec) why.push({ kind: 'semantic', score: Math.round(c.dense * 1000) / 1000 });
  if (x.plan.quality) why.push({ kind: 'quality', value: x.plan.quality });
  else if (fameScore(m, stats) > 0.8 && x.kind === 'explore') why.push({ kind: 'quality', value: 'popular' });
  return why;
}
