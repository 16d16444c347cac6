/**
 * Stage 2 of a turn: the intents answered without a search — help (FAQ), small talk, declines,
 * questions about a movie ("who directed it?") and "why did you pick that?". Each handler is one
 * small function; `answerDirectly` returns null when the turn needs a search. Pure.
 */
import type { Movie } from '../types.ts';
import type { ConversationState } from './state.ts';
import { referencedIndex } from './refine.ts';
import { answerMovieQuestion } from './movie-question.ts';
import { declineAnswer, explainPick, smalltalkAnswer } from './answer.ts';
import { finishTurn, type ChatTurn, type TurnKit } from './turn-kit.ts';
import type { Understood } from './understand.ts';

/** Said when the router was unsure the message asked for movies (no cards are shown then). */
const IF_MOVIES =
  'If you are looking for a movie, tell me a mood, a plot, a genre or a movie you liked, and I will find some.';

/** A fuzzy title match must be this close to be taken as the movie the user asked about. */
const QUESTION_TITLE_MIN_SCORE = 0.8;

export type DirectOutcome =
  | { kind: 'answered'; turn: ChatTurn }
  /** Search instead; `notFound` is a title the person asked about that the catalogue lacks. */
  | { kind: 'search'; notFound: string | null };

export function answerDirectly(
  kit: TurnKit,
  u: Understood,
  state: ConversationState,
  base: ConversationState,
): DirectOutcome {
  const done = (intent: ChatTurn['intent'], reply: string, extra: Partial<ChatTurn> = {}) => ({
    kind: 'answered' as const,
    turn: finishTurn(base, u.notes, u.decision, intent, reply, extra),
  });
  if (u.onlyInstructions) return done('out_of_scope', declineAnswer('injection'));
  if (!u.text) return done('smalltalk', 'Tell me what you feel like watching.');
  if (u.decision.reason === 'injection') return done('out_of_scope', declineAnswer('injection'));
  if (u.intent === 'help') return done('help', kit.deps.faq.match(u.vector, u.core).entry.answer);
  if (u.unsure === 'help')
    return done('help', `${kit.deps.faq.match(u.vector, u.core).entry.answer}\n\n${IF_MOVIES}`);
  if (u.unsure === 'other') return done('smalltalk', `I'm not sure that was about movies. ${IF_MOVIES}`);
  if (u.intent === 'smalltalk') return done('smalltalk', smalltalkAnswer(u.core));
  if (u.intent === 'out_of_scope') return done('out_of_scope', declineAnswer('out_of_scope'));

  let notFound: string | null = null;
  if (u.intent === 'movie_question') {
    const asked = movieAskedAbout(kit, u, state);
    if (asked.movie) {
      return done('movie_question', answerMovieQuestion(asked.movie, u.question!.aspect), {
        state: { ...base, focusId: asked.movie.id },
      });
    }
    // Not a recognisable question about a known movie: search for it instead.
    notFound = asked.notFound;
  }
  if (u.follow.kind === 'why') {
    const pick = state.lastResults[Math.min(u.follow.index, state.lastResults.length - 1)];
    const movie = kit.movieById(pick.id);
    const reply = movie
      ? explainPick({ movie, why: pick.why }, state.active)
      : 'I no longer have that result.';
    return done('recommend', reply, { followUp: 'why', state: { ...base, focusId: pick.id } });
  }
  return { kind: 'search', notFound };
}

/** The movie a question names ("how long is Alien?") or points at ("the second one", "it"). */
function movieAskedAbout(
  kit: TurnKit,
  u: Understood,
  state: ConversationState,
): { movie?: Movie; notFound: string | null } {
  const q = u.question;
  if (q?.titlePhrase) {
    const match = kit.deps.retriever.resolveTitle(q.titlePhrase, 1)[0];
    if (match && (match.how !== 'fuzzy' || match.score >= QUESTION_TITLE_MIN_SCORE))
      return { movie: kit.deps.movies[match.row], notFound: null };
    return { notFound: q.titlePhrase };
  }
  if (q && state.lastResults.length) {
    const idx = referencedIndex(u.core, state) ?? 0;
    return {
      movie: kit.movieById(state.lastResults[Math.min(idx, state.lastResults.length - 1)].id),
      notFound: null,
    };
  }
  if (q && state.focusId !== null) return { movie: kit.movieById(state.focusId), notFound: null };
  return { notFound: null };
}
