/**
 * The chat pipeline. A typed message runs four named stages:
 *   understand (clean, route, rule-plan, follow-up)  → conversation/understand.ts
 *   answerDirectly (help, small talk, movie facts, "why?")  → conversation/direct-answers.ts
 *   planFromMessage (new request or refinement; LLM plan when loaded)  → conversation/plan-search.ts
 *   searchAndAnswer (retrieve, template or grounded LLM answer, next state)  → conversation/search-answer.ts
 * A card action ("more like this", "less like this", removing a chip) skips the first two and plans
 * from the standing request (`planFromAction`). Fully useful without an LLM; every LLM output is
 * validated and falls back to the rule/template result on failure.
 *
 * Pure TypeScript: the engine host (src/engine/host.ts) supplies the embedder, retriever and LLM, in a
 * worker in the app and in-thread in Node (eval, bench, scripts, tests).
 *
 * @example
 * const pipeline = createChatPipeline({ embedder, router, faq, movies, retriever });
 * let state = initialState();
 * const turn = await pipeline.handle('french comedies from the 90s', state);
 * state = turn.state;
 * const more = await pipeline.act({ kind: 'more-like', movieId: turn.results[0].id, title: '…' }, turn.state);
 */
import { initialState, type ConversationState } from './conversation/state.ts';
import { understandMessage } from './conversation/understand.ts';
import { answerDirectly } from './conversation/direct-answers.ts';
import { planFromAction, planFromMessage, type CardAction } from './conversation/plan-search.ts';
import { searchAndAnswer } from './conversation/search-answer.ts';
import {
  createTurnKit,
  type ChatPipelineDeps,
  type ChatTurn,
  type HandleOptions,
} from './conversation/turn-kit.ts';

export { initialState, type ConversationState } from './conversation/state.ts';
export type { CardAction } from './conversation/plan-search.ts';
export type { ChatPipelineDeps, ChatTurn, HandleOptions, RetrieverPort } from './conversation/turn-kit.ts';

export interface ChatPipeline {
  /** A typed message. */
  handle(message: string, state?: ConversationState, opts?: HandleOptions): Promise<ChatTurn>;
  /** A card or chip action on the standing request. */
  act(action: CardAction, state?: ConversationState, opts?: HandleOptions): Promise<ChatTurn>;
}

export function createChatPipeline(deps: ChatPipelineDeps): ChatPipeline {
  const kit = createTurnKit(deps);
  return {
    async handle(message, state = initialState(), opts = {}) {
      const base = { ...state, turn: state.turn + 1 };
      const u = await understandMessage(kit, message, state);
      const direct = answerDirectly(kit, u, state, base);
      if (direct.kind === 'answered') return direct.turn;
      const step = await planFromMessage(kit, u, state, base);
      return searchAndAnswer(
        kit,
        step,
        { base, notes: u.notes, decision: u.decision, notFound: direct.notFound },
        opts,
      );
    },
    async act(action, state = initialState(), opts = {}) {
      const base = { ...state, turn: state.turn + 1 };
      const step = planFromAction(kit, action, base);
      return searchAndAnswer(kit, step, { base, notes: null, decision: null }, opts);
    },
  };
}
