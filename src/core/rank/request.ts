import type { QueryPlan } from '../types.ts';
import { searchTokens } from '../query/text.ts';
import { hasConstraints } from './filter.ts';
import { rowsOf } from './corpus.ts';
import { buildTaste, type TasteProfile } from './taste.ts';
import { DEFAULT_WEIGHTS, type RankWeights, type RequestKind } from './weights.ts';

/** Which ranking regime a plan falls into (see rank/weights.ts). */
export function requestKind(plan: QueryPlan, liked: readonly number[] = []): RequestKind {
  if (plan.likeIds.length || liked.length > 0) return 'similar';
  if (plan.hints?.describesOneMovie) return 'describe';
  const moods = (plan.hints?.moods?.length ?? 0) > 0;
  const askedForList =
    moods ||
    hasConstraints(plan.constraints) ||
    plan.quality !== null ||
    (plan.hints?.genres?.length ?? 0) > 0;
  // A short plot description ("a boxer from Philadelphia gets a shot…") names one movie; a mood or a
  // constrained request asks for a list, however many words it takes ("a sad movie to have a good cry").
  const descriptive = searchTokens(plan.searchText).length >= 6 && !hasConstraints(plan.constraints);
  return (descriptive && !moods) || !askedForList ? 'lookup' : 'explore';
}

/** The kind's weights with the caller's overrides. */
export function rankWeights(kind: RequestKind, overrides?: Partial<RankWeights>): RankWeights {
  return { ...DEFAULT_WEIGHTS[kind], ...overrides };
}

/** Results to pick (k, clamped to 1..500) and candidates to take from each retriever (N). */
export function resultSizes(requested: number, w: RankWeights): { k: number; N: number } {
  const k = Math.max(1, Math.min(requested, 500));
  return { k, N: Math.max(w.candidates, k * 3) };
}

export interface RequestRows {
  /** Positive examples: the plan's "like X" titles, then the liked movies. */
  seedRows: number[];
  /** Negative examples ("but not Y"). */
  negRows: number[];
  /** Rows that may never be returned: the seeds themselves, negatives, hidden and excluded movies. */
  banned: Set<number>;
}

export function requestRows(
  plan: QueryPlan,
  opts: { liked?: readonly number[]; exclude?: readonly number[]; hidden?: readonly number[] },
  rowOf: (id: number) => number | undefined,
): RequestRows {
  const seedRows = rowsOf([...plan.likeIds, ...(opts.liked ?? [])], rowOf);
  const negRows = rowsOf(plan.unlikeIds, rowOf);
  const banned = new Set<number>([...seedRows, ...negRows]);
  for (const id of [...(opts.exclude ?? []), ...(opts.hidden ?? [])]) {
    const r = rowOf(id);
    if (r !== undefined) banned.add(r);
  }
  return { seedRows, negRows, banned };
}

/** The person's taste profile, for open-ended (explore) requests only and when it has any weight. */
export function tasteFor(
  kind: RequestKind,
  w: RankWeights,
  tasteIds: readonly number[] | undefined,
  rowOf: (id: number) => number | undefined,
  vec: (row: number) => Float32Array | null,
): TasteProfile | null {
  return kind === 'explore' && w.taste > 0 && tasteIds?.length
    ? buildTaste(rowsOf(tasteIds, rowOf), vec)
    : null;
}
