/**
 * The chat pipeline: route → plan (rules, optionally enriched by the LLM) → search → answer.
 * Fully useful without an LLM: rule planner + template answers are the default path. With an LLM
 * loaded, new requests get an enriched plan and a grounded, streamed answer; every LLM output is
 * validated and falls back to the rule/template result on failure.
 *
 * Pure TypeScript: the worker/UI and Node scripts supply the embedder, retriever and LLM.
 *
 * @example
 * const pipeline = createChatPipeline({ embedder, router, faq, movies, retriever });
 * let state = initialState();
 * const turn = await pipeline.handle('french comedies from the 90s', state);
 * state = turn.state;
 */
import type { Embedder, Movie, QueryPlan, RankedMovie } from './types.ts';
import type { Retriever } from './retrieve.ts';
import { validatePlan } from './plan/rule-planner.ts';
import type { Intent } from './intent/examples.ts';
import { stripGreeting, type IntentDecision, type IntentRouter } from './intent/router.ts';
import type { FaqIndex } from './faq/index.ts';
import {
  initialState,
  resetTopic,
  withResults,
  type ConversationState,
  type ShownMovie,
} from './conversation/state.ts';
import {
  applyRefinement,
  detectFollowUp,
  followUpThemes,
  referencedIndex,
  type FollowUp,
} from './conversation/refine.ts';
import { answerMovieQuestion, parseMovieQuestion } from './conversation/movie-question.ts';
import {
  declineAnswer,
  describeWhy,
  explainPick,
  smalltalkAnswer,
  templateAnswer,
  type AnsweredMovie,
} from './conversation/answer.ts';
import { enrichPlan, type EnrichFallback } from './conversation/enrich.ts';
import { checkGrounding } from './conversation/grounding.ts';
import { buildAnswerMessages } from './prompts/answer-prompt.ts';
import { withTimeout, type LlmEngine } from './conversation/llm-port.ts';
import { boundState, truncationNote } from './limits.ts';
import {
  cleanMessage,
  IGNORED_INSTRUCTIONS_NOTE,
  neutralizeControlTokens,
  separateInstructions,
} from './input-guard.ts';

export { initialState, type ConversationState } from './conversation/state.ts';

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
}

export interface ChatTurn {
  reply: string;
  results: RankedMovie[];
  state: ConversationState;
  intent: Intent;
  plan: QueryPlan | null;
  decision: IntentDecision;
  /** How the message related to the conversation. */
  followUp: FollowUp['kind'] | null;
  /** What the LLM path did this turn (absent: no LLM involved). */
  llm?: {
    plan: 'used' | 'not-asked' | EnrichFallback;
    answer?: 'used' | 'grounding-fallback' | 'error';
    hallucinated?: string[];
  };
}

// The longest message handled is MAX_MESSAGE_CHARS in limits.ts (cleanMessage applies it).
/** A fuzzy title match must be this close to be taken as the movie the user asked about. */
const QUESTION_TITLE_MIN_SCORE = 0.8;
const ANSWER_TIMEOUT_MS = 30_000;

export interface ChatPipeline {
  handle(message: string, state?: ConversationState, opts?: HandleOptions): Promise<ChatTurn>;
}

export function createChatPipeline(deps: ChatPipelineDeps): ChatPipeline {
  const { embedder, router, faq, movies, retriever } = deps;
  const k = deps.options?.k ?? 10;
  const byId = new Map<number, Movie>();
  for (const m of movies) if (!byId.has(m.id)) byId.set(m.id, m);
  const movieById = (id: number) => byId.get(id);
  const validate = (input: unknown) => validatePlan(input, retriever.planner);
  const llmReady = () => !!deps.llm && !!deps.llm.modelId;

  function shown(results: RankedMovie[]): ShownMovie[] {
    return results.map((r) => {
      const m = movies[r.row] ?? byId.get(r.id)!;
      return { id: r.id, title: m.title, year: m.year, why: r.why };
    });
  }
  const answered = (results: RankedMovie[]): AnsweredMovie[] =>
    results.map((r) => ({ movie: movies[r.row] ?? byId.get(r.id)!, why: r.why }));

  async function search(
    plan: QueryPlan,
    excludeIds: number[],
    hidden: readonly number[],
    liked: number[],
    taste?: readonly number[],
  ) {
    const text = plan.searchText.trim();
    const vector = text ? (await embedder.embed([text]))[0] : null;
    return retriever.retrieve(plan, vector, { k, exclude: excludeIds, hidden, liked, taste });
  }

  /** LLM answer, streamed, grounded; null when it fails or is left with nothing after grounding. */
  async function llmAnswer(
    request: string,
    results: RankedMovie[],
    opts: HandleOptions,
  ): Promise<{
    text: string | null;
    status: 'used' | 'grounding-fallback' | 'error';
    hallucinated: string[];
  }> {
    const llm = deps.llm!;
    const picks = answered(results.slice(0, 5));
    const messages = buildAnswerMessages(
      request,
      picks.map((p) => ({
        id: p.movie.id,
        title: p.movie.title,
        year: p.movie.year,
        genres: p.movie.genres,
        overview: neutralizeControlTokens(p.movie.overview),
        why: p.why.map(describeWhy),
      })),
    );
    let text = '';
    try {
      const timeoutMs = deps.options?.answerTimeoutMs ?? ANSWER_TIMEOUT_MS;
      await withTimeout(
        (async () => {
          for await (const chunk of llm.chatStream(messages, { timeoutMs, temperature: 0.3 })) {
            text += chunk;
            opts.onAnswerChunk?.(chunk);
          }
        })(),
        timeoutMs,
        () => llm.cancel(),
      );
    } catch {
      return { text: null, status: 'error', hallucinated: [] };
    }
    const g = checkGrounding(
      text,
      picks.map((p) => p.movie),
    );
    if (!g.text || (g.hallucinated.length && !g.mentionedIds.length)) {
      return { text: null, status: 'grounding-fallback', hallucinated: g.hallucinated };
    }
    return { text: g.text, status: 'used', hallucinated: g.hallucinated };
  }

  async function handle(
    message: string,
    state: ConversationState = initialState(),
    opts: HandleOptions = {},
  ): Promise<ChatTurn> {
    // Invisible characters out, length capped, instructions to the assistant set aside (input-guard.ts).
    const cleaned = cleanMessage(message);
    const guarded = separateInstructions(cleaned.text);
    const text = guarded.request;
    const core = stripGreeting(text);
    const hasResults = state.lastResults.length > 0;
    const [vector] = await embedder.embed([core || ' ']);
    const decision = router.routeVector(core, vector, { hasResults, lastIntent: state.lastIntent });
    const base = { ...state, turn: state.turn + 1 };
    const done = (intent: Intent, reply: string, extra: Partial<ChatTurn> = {}): ChatTurn => {
      const notes = [
        cleaned.truncated ? truncationNote(cleaned) : '',
        guarded.ignored.length && intent !== 'out_of_scope' ? IGNORED_INSTRUCTIONS_NOTE : '',
      ].filter(Boolean);
      return {
        reply: notes.length ? `${notes.join(' ')}\n${reply}` : reply,
        results: [],
        plan: null,
        followUp: null,
        decision,
        intent,
        ...extra,
        // Bounded: a conversation of thousands of turns carries no more state than a long one.
        state: boundState({ ...(extra.state ?? base), lastIntent: intent }),
      };
    };

    if (!text && guarded.ignored.length) return done('out_of_scope', declineAnswer('injection'));
    if (!text) return done('smalltalk', 'Tell me what you feel like watching.');
    if (decision.reason === 'injection') return done('out_of_scope', declineAnswer('injection'));

    const previousIds = state.lastResults.map((r) => r.id);
    const messagePlan = retriever.plan(core, { previousIds });
    let follow: FollowUp = detectFollowUp(core, messagePlan, state);
    // A "refinement" that changes nothing ("ok", "cool ones") is not one.
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
      follow = { kind: 'new-topic' };
    }
    const question = parseMovieQuestion(core);
    let intent = decision.intent;
    if (follow.kind !== 'new-topic' && intent !== 'help' && !(question && intent === 'movie_question'))
      intent = 'recommend';

    if (intent === 'help') {
      const m = faq.match(vector, core);
      return done('help', m.entry.answer);
    }
    if (intent === 'smalltalk') return done('smalltalk', smalltalkAnswer(core));
    if (intent === 'out_of_scope') return done('out_of_scope', declineAnswer('out_of_scope'));

    let notFound: string | null = null;
    if (intent === 'movie_question') {
      let movie: Movie | undefined;
      if (question?.titlePhrase) {
        const match = retriever.resolveTitle(question.titlePhrase, 1)[0];
        if (match && (match.how !== 'fuzzy' || match.score >= QUESTION_TITLE_MIN_SCORE))
          movie = movies[match.row];
        else notFound = question.titlePhrase;
      } else if (question && hasResults) {
        const idx = referencedIndex(core, state) ?? 0;
        movie = movieById(state.lastResults[Math.min(idx, state.lastResults.length - 1)].id);
      } else if (question && state.focusId !== null) movie = movieById(state.focusId);
      if (movie) {
        return done('movie_question', answerMovieQuestion(movie, question!.aspect), {
          state: { ...base, focusId: movie.id },
        });
      }
      // Not a recognisable question about a known movie: search for it instead.
      intent = 'recommend';
    }

    // recommend
    if (follow.kind === 'why') {
      const pick = state.lastResults[Math.min(follow.index, state.lastResults.length - 1)];
      const movie = movieById(pick.id);
      const reply = movie
        ? explainPick({ movie, why: pick.why }, state.active)
        : 'I no longer have that result.';
      return done('recommend', reply, { followUp: 'why', state: { ...base, focusId: pick.id } });
    }

    let s: ConversationState = base;
    let plan: QueryPlan;
    let exclude: number[] = [...s.negatives];
    let refinementNote: string | undefined;
    let llmInfo: ChatTurn['llm'];
    if (follow.kind === 'more-like') {
      const pick = state.lastResults[follow.index];
      plan = validate({
        ...state.active!,
        searchText: '',
        likeIds: [pick.id],
        likeTitles: [pick.title],
        source: 'rules',
      });
      s = { ...s, positives: [...new Set([...s.positives, pick.id])] };
      // Neither what was shown nor the movies the person named earlier come back.
      exclude = [...exclude, ...s.shownIds, ...state.active!.likeIds];
      refinementNote = `More like ${pick.title}`;
    } else if (follow.kind === 'something-else') {
      plan = state.active!;
      exclude = [...exclude, ...s.shownIds];
      refinementNote = 'Some other picks';
    } else if (follow.kind === 'refine') {
      plan = validate(applyRefinement(state, follow, messagePlan, movieById));
      refinementNote = 'Refined';
    } else {
      s = resetTopic(s);
      exclude = [...s.negatives];
      if (llmReady()) {
        const r = await enrichPlan(core, messagePlan, {
          llm: deps.llm,
          validate,
          timeoutMs: deps.options?.enrichTimeoutMs,
        });
        plan = r.plan;
        llmInfo = { plan: r.fallback ?? 'used' };
      } else plan = messagePlan;
    }
    s = { ...s, negatives: [...new Set([...s.negatives, ...plan.unlikeIds])] };

    const results = await search(plan, exclude, opts.hidden ?? [], s.positives, opts.taste);
    let reply = templateAnswer(plan, answered(results), { refinement: refinementNote });
    if (notFound)
      reply = `I couldn't find a movie titled “${notFound}” in the catalogue. ${results.length ? 'Closest matches:\n' : ''}${reply}`;
    if (results.length && llmReady() && deps.options?.llmAnswers !== false) {
      const a = await llmAnswer(core, results, opts);
      llmInfo = { plan: llmInfo?.plan ?? 'not-asked', answer: a.status, hallucinated: a.hallucinated };
      if (a.text) reply = a.text;
    }
    if (!results.length && follow.kind !== 'new-topic') {
      // A refinement that matches nothing is not applied: the previous request and list stay, so
      // "the second one" still means what the person saw.
      reply += ' I kept the previous list.';
      return done('recommend', reply, {
        results,
        plan,
        followUp: follow.kind,
        state: { ...base, negatives: s.negatives },
        llm: llmInfo,
      });
    }
    s = withResults(s, plan, shown(results));
    return done('recommend', reply, { results, plan, followUp: follow.kind, state: s, llm: llmInfo });
  }

  return { handle };
}
