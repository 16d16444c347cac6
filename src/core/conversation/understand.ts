/**
 * Stage 1 of a turn: what did the person say? Clean the text, set aside instructions to the assistant,
 * route it to an intent, parse it into a rule plan and decide how it relates to the conversation
 * (a new request, a refinement, a follow-up about what is shown). Pure.
 */
import type { QueryPlan } from '../types.ts';
import type { Intent } from '../intent/examples.ts';
import { stripGreeting, type IntentDecision } from '../intent/router.ts';
import type { ConversationState } from './state.ts';
import { detectFollowUp, followUpThemes, startsOver, type FollowUp } from './refine.ts';
import { parseMovieQuestion, type MovieQuestion } from './movie-question.ts';
import { cleanMessage, separateInstructions } from '../input-guard.ts';
import type { TurnKit, TurnNotes } from './turn-kit.ts';

export interface Understood {
  /** The request without instructions to the assistant. */
  text: string;
  /** The request without a leading greeting: what is routed, planned and searched. */
  core: string;
  notes: TurnNotes;
  /** Instructions were all the message held. */
  onlyInstructions: boolean;
  vector: Float32Array;
  decision: IntentDecision;
  messagePlan: QueryPlan;
  follow: FollowUp;
  question: MovieQuestion | null;
  /** The intent after the conversation is taken into account (a follow-up is a movie request). */
  intent: Intent;
  /** The person said to start over ("forget that, …"): the rest of the message is a new request. */
  resetCue: boolean;
  /**
   * The router could not tell a movie request from help or small talk, and the message names nothing a
   * search could use: answer that way (or ask) instead of showing movie cards.
   */
  unsure: 'help' | 'other' | null;
}

/** Below this score margin the router is unsure between its best two intents. */
const UNSURE_MARGIN = 0.05;

/** Whether the rule plan found something only a movie search uses: filters, named movies, moods, quality. */
function movieEvidence(plan: QueryPlan): boolean {
  return (
    Object.keys(plan.constraints).length > 0 ||
    plan.likeIds.length > 0 ||
    plan.quality !== null ||
    (plan.hints?.moods?.length ?? 0) > 0 ||
    (plan.hints?.genres?.length ?? 0) > 0
  );
}

/** The intent once the plan's evidence settles a close call between a movie request and anything else. */
function settleIntent(d: IntentDecision, plan: QueryPlan): { intent: Intent; unsure: Understood['unsure'] } {
  const ranked = (Object.keys(d.scores) as Intent[]).sort((a, b) => d.scores[b] - d.scores[a]);
  const close = d.reason === 'similarity' && d.margin < UNSURE_MARGIN;
  const movies = (i: Intent) => i === 'recommend' || i === 'movie_question';
  if (!close) return { intent: d.intent, unsure: null };
  const [first, second] = ranked;
  if (!movies(first) && movies(second) && movieEvidence(plan)) return { intent: 'recommend', unsure: null };
  if (movies(first) && !movies(second) && !movieEvidence(plan))
    return { intent: d.intent, unsure: second === 'help' ? 'help' : 'other' };
  return { intent: d.intent, unsure: null };
}

export async function understandMessage(
  kit: TurnKit,
  message: string,
  state: ConversationState,
): Promise<Understood> {
  const { embedder, router, retriever } = kit.deps;
  // Invisible characters out, length capped, instructions to the assistant set aside (input-guard.ts).
  const cleaned = cleanMessage(message);
  const guarded = separateInstructions(cleaned.text);
  const text = guarded.request;
  const core = stripGreeting(text);
  const hasResults = state.lastResults.length > 0;
  const [vector] = await embedder.embed([core || ' ']);
  const decision = router.routeVector(core, vector, { hasResults, lastIntent: state.lastIntent });
  const reset = startsOver(core);
  const request = reset?.rest || core;
  const messagePlan = retriever.plan(request, {
    previousIds: state.lastResults.map((r) => r.id),
    focusId: state.focusId,
  });
  const follow: FollowUp = reset
    ? { kind: 'new-topic' }
    : effectiveFollowUp(detectFollowUp(core, messagePlan, state), messagePlan);
  const question = parseMovieQuestion(core);
  const settled =
    follow.kind === 'new-topic'
      ? settleIntent(decision, messagePlan)
      : { intent: decision.intent, unsure: null };
  let intent = settled.intent;
  if (follow.kind !== 'new-topic' && intent !== 'help' && !(question && intent === 'movie_question'))
    intent = 'recommend';
  return {
    text,
    core,
    notes: { cleaned, ignoredInstructions: guarded.ignored.length > 0 },
    onlyInstructions: !text && guarded.ignored.length > 0,
    vector,
    decision,
    messagePlan,
    follow,
    question,
    intent,
    resetCue: !!reset,
    unsure: settled.unsure,
  };
}

/** A "refinement" that changes nothing ("ok", "cool ones") is not one. */
function effectiveFollowUp(follow: FollowUp, messagePlan: QueryPlan): FollowUp {
  if (
    follow.kind === 'refine' &&
    !follow.shorter &&
    !follow.longer &&
    !follow.newer &&
    !follow.older &&
    !Object.keys(messagePlan.constraints).length &&
    !followUpThemes(messagePlan.searchText) &&
    !messagePlan.likeIds.length
  ) {
    return { kind: 'new-topic' };
  }
  return follow;
}
