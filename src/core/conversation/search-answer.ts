/**
 * Stage 4 of a turn: run the search step, answer (template, or the LLM grounded in the results) and
 * record the results in the next state. A refinement that finds nothing is not applied: the previous
 * request and list stay, so "the second one" still means what the person saw. Pure.
 */
import type { ConversationState } from './state.ts';
import type { QueryPlan } from '../types.ts';
import { planToChips } from './chips.ts';
import { withLiked, withResults } from './state.ts';
import { requestKind } from '../rank/request.ts';
import { templateAnswer } from './answer.ts';
import { llmAnswer } from './llm-answer.ts';
import { finishTurn, type ChatTurn, type HandleOptions, type TurnKit, type TurnNotes } from './turn-kit.ts';
import type { SearchStep } from './plan-search.ts';
import type { IntentDecision } from '../intent/router.ts';

export interface TurnFrame {
  /** The state before this turn, turn counter advanced. */
  base: ConversationState;
  notes: TurnNotes | null;
  decision: IntentDecision | null;
  /** A title the person asked about that the catalogue lacks. */
  notFound?: string | null;
}

/** Movies liked earlier in the conversation that a search takes as examples, at most (the newest). */
export const CONVERSATION_EXAMPLES = 10;

/**
 * The examples beside the plan's own: the topic's "more like this" picks; else, when the message names no
 * movie and describes none, the movies liked earlier in the conversation ("any others?" after "I loved Heat
 * (1995)"), so a conversation about several movies blends what people who liked each of them also liked.
 */
export function conversationExamples(plan: QueryPlan, s: ConversationState): number[] {
  if (s.positives.length) return s.positives;
  if (plan.likeIds.length || requestKind(plan) === 'describe') return [];
  return (s.liked ?? []).slice(-CONVERSATION_EXAMPLES);
}

const hasParts = (plan: QueryPlan | null | undefined) => !!plan && planToChips(plan).length > 0;

export async function searchAndAnswer(
  kit: TurnKit,
  step: SearchStep,
  frame: TurnFrame,
  opts: HandleOptions,
): Promise<ChatTurn> {
  const { plan } = step;
  const s = { ...step.state, negatives: [...new Set([...step.state.negatives, ...plan.unlikeIds])] };
  const ranked = await kit.search(plan, step.exclude, conversationExamples(plan, s), opts);
  const results = ranked.slice(0, kit.k);
  let reply = templateAnswer(plan, kit.answered(results), { refinement: step.note });
  if (frame.notFound)
    reply = `I couldn't find a movie titled “${frame.notFound}” in the catalogue. ${results.length ? 'Closest matches:\n' : ''}${reply}`;
  let llm = step.llm;
  if (results.length && kit.llmReady() && kit.deps.options?.llmAnswers !== false) {
    const a = await llmAnswer(kit, step.request, results, opts);
    llm = { plan: llm?.plan ?? 'not-asked', answer: a.status, hallucinated: a.hallucinated };
    if (a.text) reply = a.text;
  }
  // A new request replaced a standing one: say so in one line (the UI offers to keep the old filters).
  const startedOver = step.followUp === 'new-topic' && hasParts(s.previous);
  if (startedOver) reply = `New search: the earlier request is set aside.\n${reply}`;
  const turn = {
    results,
    plan,
    followUp: step.followUp,
    llm,
    ...(startedOver ? { startedOver } : {}),
    ...(opts.depth ? { ranking: ranked } : {}),
  };
  const finish = (reply: string, state: ConversationState) =>
    finishTurn(frame.base, frame.notes, frame.decision, 'recommend', reply, { ...turn, state });
  const liked = [...plan.likeIds, ...s.positives];
  if (!results.length && step.continues) {
    const kept = withLiked({ ...frame.base, negatives: s.negatives }, liked);
    return finish(`${reply} I kept the previous list.`, kept);
  }
  return finish(reply, withResults(withLiked(s, liked), plan, kit.shown(results)));
}
