/**
 * What every stage of a turn shares: the pipeline's dependencies, the result size, movie look-ups,
 * plan validation, the one search call, and `finishTurn`, which every turn ends with (notes about
 * cut or ignored text, bounded state). Pure: no DOM, worker or Node APIs.
 */
import type { Embedder, Movie, QueryPlan, RankedMovie } from '../types.ts';
import type { Retriever } from '../retrieve.ts';
import { validatePlan } from '../plan/rule-planner.ts';
import type { Intent } from '../intent/examples.ts';
import type { IntentDecision, IntentRouter } from '../intent/router.ts';
import type { FaqIndex } from '../faq/index.ts';
import type { ConversationState, ShownMovie } from './state.ts';
import type { FollowUp } from './refine.ts';
import type { AnsweredMovie } from './answer.ts';
import type { EnrichFallback } from './enrich.ts';
import type { LlmEngine } from './llm-port.ts';
import { boundState, truncationNote, type TruncatedText } from '../limits.ts';
import { IGNORED_INSTRUCTIONS_NOTE } from '../input-guard.ts';

/** What the pipeline needs from the retrieval module (a subset of its Retriever). */
export type RetrieverPort = Pick<Retriever, 'planner' | 'plan' | 'retrieve' | 'resolveTitle'>;

export interface ChatPipelineDeps {
  embedder: Embedder;
  router: IntentRouter;
  faq: FaqIndex;
  /** Row-ordered movies of the loaded index (the retriever's rows). */
  movies: readonly Movie[];
  retriever: RetrieverPort;
  /** A loaded LLM, or null/undefined for the rules-only path. */
  llm?: LlmEngine | null;
  options?: {
    /** Results per answer (default 10). */
    k?: number;
    enrichTimeoutMs?: number;
    answerTimeoutMs?: number;
    /** Generate answers with the LLM when one is loaded (default true). */
    llmAnswers?: boolean;
  };
}

export interface HandleOptions {
  /** Streamed answer text as it is generated (LLM path only). */
  onAnswerChunk?: (chunk: string) => void;
  /** Movies the user hid in the app (never shown). */
  hidden?: readonly number[];
  /** Movies the user liked or saved to the watchlist, most recent first: a soft prior for open requests. */
  taste?: readonly number[];
  /**
   * Also return the ranking beyond the k results, to this depth (the eval reads top-100 lists). The
   * first k entries are the results themselves: asking for depth never changes what is shown.
   */
  depth?: number;
}

export interface ChatTurn {
  reply: string;
  results: RankedMovie[];
  /** With `depth`: the ranking to that depth, results first. */
  ranking?: RankedMovie[];
  state: ConversationState;
  intent: Intent;
  plan: QueryPlan | null;
  decision: IntentDecision | null;
  /** How the message related to the conversation (card actions: 'action'). */
  followUp: FollowUp['kind'] | 'action' | null;
  /** This turn started a new request in place of a standing one (kept in state.previous). */
  startedOver?: boolean;
  /** What the LLM path did this turn (absent: no LLM involved). */
  llm?: {
    plan: 'used' | 'not-asked' | EnrichFallback;
    answer?: 'used' | 'grounding-fallback' | 'error';
    hallucinated?: string[];
  };
}

export interface TurnKit {
  deps: ChatPipelineDeps;
  k: number;
  movieById(id: number): Movie | undefined;
  validate(input: unknown): QueryPlan;
  llmReady(): boolean;
  shown(results: readonly RankedMovie[]): ShownMovie[];
  answered(results: readonly RankedMovie[]): AnsweredMovie[];
  /** Embeds the plan's text (if any) and retrieves k results (plus the ranking to `depth`). */
  search(
    plan: QueryPlan,
    exclude: readonly number[],
    liked: readonly number[],
    opts: HandleOptions,
  ): Promise<RankedMovie[]>;
}

export function createTurnKit(deps: ChatPipelineDeps): TurnKit {
  const { movies, retriever, embedder } = deps;
  const k = deps.options?.k ?? 10;
  const byId = new Map<number, Movie>();
  for (const m of movies) if (!byId.has(m.id)) byId.set(m.id, m);
  const movieOf = (r: RankedMovie) => movies[r.row] ?? byId.get(r.id)!;
  return {
    deps,
    k,
    movieById: (id) => byId.get(id),
    validate: (input) => validatePlan(input, retriever.planner),
    llmReady: () => !!deps.llm && !!deps.llm.modelId,
    shown: (results) =>
      results.map((r) => {
        const m = movieOf(r);
        return { id: r.id, title: m.title, year: m.year, why: r.why };
      }),
    answered: (results) => results.map((r) => ({ movie: movieOf(r), why: r.why })),
    async search(plan, exclude, liked, opts) {
      const text = plan.searchText.trim();
      const avoid = plan.hints?.avoidTerms?.join(' ') ?? '';
      const texts = [text, avoid].filter(Boolean);
      const vs = texts.length ? await embedder.embed(texts) : [];
      const vector = text ? vs[0] : null;
      const avoidVector = avoid ? vs[texts.length - 1] : null;
      return retriever.retrieve(plan, vector, {
        avoidVector,
        k,
        depth: opts.depth,
        exclude,
        hidden: opts.hidden ?? [],
        liked,
        taste: opts.taste,
      });
    },
  };
}

/** What a turn's text said beyond the request: cut input, instructions that were set aside. */
export interface TurnNotes {
  cleaned: TruncatedText;
  ignoredInstructions: boolean;
}

/** Every turn ends here: notes first, defaults filled in, the state bounded and stamped with the intent. */
export function finishTurn(
  base: ConversationState,
  notes: TurnNotes | null,
  decision: IntentDecision | null,
  intent: Intent,
  reply: string,
  extra: Partial<ChatTurn> = {},
): ChatTurn {
  const lines = notes
    ? [
        notes.cleaned.truncated ? truncationNote(notes.cleaned) : '',
        notes.ignoredInstructions && intent !== 'out_of_scope' ? IGNORED_INSTRUCTIONS_NOTE : '',
      ].filter(Boolean)
    : [];
  return {
    reply: lines.length ? `${lines.join(' ')}\n${reply}` : reply,
    results: [],
    plan: null,
    followUp: null,
    decision,
    intent,
    ...extra,
    // Bounded: a conversation of thousands of turns carries no more state than a long one.
    state: boundState({ ...(extra.state ?? base), lastIntent: intent }),
  };
}
