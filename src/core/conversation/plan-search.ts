/**
 * Stage 3 of a turn: what to search for. A typed message continues or replaces the standing request
 * (refine.ts decides which); a card action ("more like this", "less like this", removing a chip)
 * changes the standing plan directly. Both produce the same `SearchStep`, which stage 4 runs. Pure.
 */
import type { QueryPlan } from '../types.ts';
import { resetTopic, withPrevious, type ConversationState } from './state.ts';
import { applyRefinement } from './refine.ts';
import { enrichPlan } from './enrich.ts';
import { removeChip } from './chips.ts';
import type { ChatTurn, TurnKit } from './turn-kit.ts';
import type { Understood } from './understand.ts';

/** A structured action on the conversation from a card or a chip, not free text. */
export type CardAction =
  | { kind: 'more-like'; movieId: number; title: string }
  | { kind: 'less-like'; movieId: number; title: string }
  | { kind: 'remove-chip'; key: string }
  /** After a fresh start: add the replaced request's filters back to the new one. */
  | { kind: 'keep-previous' };

export interface SearchStep {
  plan: QueryPlan;
  /** The state the search starts from (positives/negatives already updated). */
  state: ConversationState;
  exclude: number[];
  /** The reply's first words for a refinement ("More like Alien"); absent for a new request. */
  note?: string;
  /** The turn continues the standing request: an empty result keeps the previous list. */
  continues: boolean;
  followUp: ChatTurn['followUp'];
  /** The text the LLM answers (the message, or the action's note). */
  request: string;
  llm?: ChatTurn['llm'];
}

const EMPTY_PLAN: QueryPlan = {
  searchText: '',
  constraints: {},
  likeTitles: [],
  unlikeTitles: [],
  likeIds: [],
  unlikeIds: [],
  quality: null,
  source: 'rules',
};

/** "More like <movie>": the standing request's filters, the movie as the example; nothing shown again. */
function moreLike(
  kit: TurnKit,
  s: ConversationState,
  id: number,
  title: string,
): Omit<SearchStep, 'followUp' | 'request'> {
  const active = s.active ?? EMPTY_PLAN;
  const plan = kit.validate({
    ...active,
    searchText: '',
    likeIds: [id],
    likeTitles: [title],
    source: 'rules',
  });
  const state = { ...s, positives: [...new Set([...s.positives, id])] };
  // Neither what was shown nor the movies the person named earlier come back.
  const exclude = [...s.negatives, ...s.shownIds, ...active.likeIds];
  return { plan, state, exclude, note: `More like ${title}`, continues: true };
}

export async function planFromMessage(
  kit: TurnKit,
  u: Understood,
  state: ConversationState,
  base: ConversationState,
): Promise<SearchStep> {
  const step = { followUp: u.follow.kind, request: u.core };
  const f = u.follow;
  if (f.kind === 'more-like') {
    const pick = state.lastResults[f.index];
    return { ...moreLike(kit, base, pick.id, pick.title), ...step };
  }
  if (f.kind === 'something-else') {
    const exclude = [...base.negatives, ...base.shownIds];
    return { plan: state.active!, state: base, exclude, note: 'Some other picks', continues: true, ...step };
  }
  if (f.kind === 'refine') {
    const plan = kit.validate(applyRefinement(state, f, u.messagePlan, kit.movieById));
    return { plan, state: base, exclude: [...base.negatives], note: 'Refined', continues: true, ...step };
  }
  // "Forget that, …" forgets the movies liked so far too; a new topic alone keeps them.
  const fresh = u.resetCue ? { ...resetTopic(base), liked: [] } : resetTopic(base);
  const out: SearchStep = {
    plan: u.messagePlan,
    state: fresh,
    exclude: [...fresh.negatives],
    continues: false,
    ...step,
  };
  if (kit.llmReady()) {
    const r = await enrichPlan(u.core, u.messagePlan, {
      llm: kit.deps.llm,
      validate: kit.validate,
      timeoutMs: kit.deps.options?.enrichTimeoutMs,
    });
    out.plan = r.plan;
    out.llm = { plan: r.fallback ?? 'used' };
  }
  return out;
}

export function planFromAction(kit: TurnKit, action: CardAction, base: ConversationState): SearchStep {
  const step = { followUp: 'action' as const };
  if (action.kind === 'more-like') {
    return {
      ...moreLike(kit, base, action.movieId, action.title),
      ...step,
      request: `More like ${action.title}`,
    };
  }
  const active = base.active ?? EMPTY_PLAN;
  if (action.kind === 'less-like') {
    const plan = kit.validate({
      ...active,
      unlikeIds: [...active.unlikeIds, action.movieId],
      unlikeTitles: [...active.unlikeTitles, action.title],
    });
    const note = `Less like ${action.title}`;
    const exclude = [...base.negatives, action.movieId];
    return { plan, state: base, exclude, note, continues: true, ...step, request: note };
  }
  if (action.kind === 'keep-previous') {
    const plan = kit.validate(base.previous ? withPrevious(active, base.previous) : active);
    const note = 'Kept the previous filters';
    return {
      plan,
      state: { ...base, previous: null },
      exclude: [...base.negatives],
      note,
      continues: true,
      ...step,
      request: note,
    };
  }
  const plan = kit.validate(removeChip(active, action.key));
  return {
    plan,
    state: base,
    exclude: [...base.negatives],
    note: 'Filter removed',
    continues: true,
    ...step,
    request: 'Filter removed',
  };
}
