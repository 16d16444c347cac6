/**
 * Multi-turn conversation state: plain data (structured-clone and JSON safe) so the UI can show and
 * edit it and IndexedDB can store it. Transitions are pure functions returning a new state.
 */
import type { Intent } from '../intent/examples.ts';
import type { Constraints, QueryPlan, WhyReason } from '../types.ts';

export interface ShownMovie {
  id: number;
  title: string;
  year: number | null;
  why: WhyReason[];
}

export interface ConversationState {
  version: 1;
  turn: number;
  /** The standing request refinements modify; null before the first search or after a reset. */
  active: QueryPlan | null;
  /** Movies the user asked for more of ("more like the second one"). */
  positives: number[];
  /**
   * Movies the person named as liked in this conversation ("like X", "I loved Heat (1995)", "more like this"),
   * oldest first: the examples of a later message that names none. Kept across topics, like `negatives`;
   * absent in states saved before it existed.
   */
  liked?: number[];
  /** Movies the user rejected or named as negative examples: never shown again in this topic. */
  negatives: number[];
  /** Every movie shown since the topic began ("something else" never repeats them). */
  shownIds: number[];
  /** The last result list, in order (ordinal references point here). */
  lastResults: ShownMovie[];
  /** The movie follow-up questions refer to ("how long is it?"). */
  focusId: number | null;
  lastIntent: Intent | null;
  /** The standing request a new topic replaced, for "keep the previous filters" (absent: none). */
  previous?: QueryPlan | null;
}

export function initialState(): ConversationState {
  return {
    version: 1,
    turn: 0,
    active: null,
    positives: [],
    liked: [],
    negatives: [],
    shownIds: [],
    lastResults: [],
    focusId: null,
    lastIntent: null,
    previous: null,
  };
}

/** The state with `ids` added to the conversation's liked movies (newest last; rejected ones dropped). */
export function withLiked(state: ConversationState, ids: readonly number[]): ConversationState {
  const rejected = new Set(state.negatives);
  const before = (state.liked ?? []).filter((id) => !ids.includes(id));
  return { ...state, liked: [...before, ...ids].filter((id) => !rejected.has(id)) };
}

/** A new topic: forget the standing request and what was shown; keep explicit rejections (and the old request, to bring back). */
export function resetTopic(state: ConversationState): ConversationState {
  const previous = state.active ?? null;
  return {
    ...initialState(),
    turn: state.turn,
    liked: state.liked ?? [],
    negatives: state.negatives,
    lastIntent: state.lastIntent,
    previous,
  };
}

type Examples = Pick<QueryPlan, 'likeIds' | 'likeTitles' | 'unlikeIds' | 'unlikeTitles'>;

/** The named movies of two plans together (the older plan's first), each once. */
export function unionExamples(older: Examples, newer: Examples): Examples {
  const union = <T>(a: T[], b: T[]) => [...new Set([...a, ...b])];
  return {
    likeIds: union(older.likeIds, newer.likeIds),
    likeTitles: union(older.likeTitles, newer.likeTitles),
    unlikeIds: union(older.unlikeIds, newer.unlikeIds),
    unlikeTitles: union(older.unlikeTitles, newer.unlikeTitles),
  };
}

/** The standing request with the replaced one's parts added back; the newer statement wins where both speak. */
export function withPrevious(active: QueryPlan, previous: QueryPlan): QueryPlan {
  return {
    ...active,
    constraints: mergeConstraints(previous.constraints, active.constraints, false),
    ...unionExamples(previous, active),
    quality: active.quality ?? previous.quality,
    hints: { ...previous.hints, ...active.hints },
  };
}

/** Record a search's plan and results. */
export function withResults(
  state: ConversationState,
  plan: QueryPlan,
  results: ShownMovie[],
): ConversationState {
  return {
    ...state,
    active: plan,
    lastResults: results,
    shownIds: [...new Set([...state.shownIds, ...results.map((r) => r.id)])],
    focusId: results[0]?.id ?? state.focusId,
  };
}

/** Merge constraints of a refinement into the standing ones. `replace` swaps genres instead of adding. */
export function mergeConstraints(base: Constraints, add: Constraints, replace: boolean): Constraints {
  const out: Constraints = { ...base };
  if (add.genres?.length) {
    out.genres = replace ? [...add.genres] : [...new Set([...(base.genres ?? []), ...add.genres])];
    // Asking for a genre again lifts an earlier exclusion of it.
    if (out.excludeGenres) out.excludeGenres = out.excludeGenres.filter((g) => !add.genres!.includes(g));
  }
  if (add.excludeGenres?.length) {
    out.excludeGenres = [...new Set([...(out.excludeGenres ?? []), ...add.excludeGenres])];
    if (out.genres) out.genres = out.genres.filter((g) => !add.excludeGenres!.includes(g));
  }
  if (add.people?.length)
    out.people = replace ? [...add.people] : [...new Set([...(base.people ?? []), ...add.people])];
  // Single-valued fields: the newer statement wins ("from the 90s instead").
  if (add.years) out.years = add.years;
  if (add.runtime) out.runtime = add.runtime;
  if (add.languages?.length) out.languages = add.languages;
  if (add.countries?.length) out.countries = add.countries;
  if (add.minRating !== undefined) out.minRating = add.minRating;
  if (add.maxRating !== undefined) out.maxRating = add.maxRating;
  if (add.minVotes !== undefined) out.minVotes = add.minVotes;
  if (add.maxVotes !== undefined) out.maxVotes = add.maxVotes;
  for (const k of ['genres', 'excludeGenres', 'people'] as const)
    if (out[k] && !out[k]!.length) delete out[k];
  return out;
}
