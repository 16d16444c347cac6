/**
 * Size limits of the conversation, in one place. A message, a conversation and the state carried
 * from turn to turn are all bounded, so a pasted novel or a session of thousands of messages costs
 * the same per turn as a short chat, and the state stays small enough to store and post to a worker.
 * Pure TypeScript.
 */
import type { ConversationState } from './conversation/state.ts';

/**
 * Longest message handled. Beyond this the text is cut (the plan is built from the start) and the
 * reply says so. Requests and plot descriptions are far shorter; the embedders read ~128–512 tokens.
 */
export const MAX_MESSAGE_CHARS = 2000;

/** Movies remembered as shown in one topic ("something else" avoids them); the newest are kept. */
export const MAX_SHOWN_IDS = 500;
/** Movies rejected or named as negative examples, kept across topics; the newest are kept. */
export const MAX_NEGATIVE_IDS = 500;
/** Movies asked "more like"; the newest are kept. */
export const MAX_POSITIVE_IDS = 100;
/** Ids named as examples inside the standing plan (refinements add to it). */
export const MAX_PLAN_IDS = 50;

export interface TruncatedText {
  text: string;
  /** The message was longer than MAX_MESSAGE_CHARS and was cut. */
  truncated: boolean;
  /** Length (UTF-16 units) before cutting. */
  originalLength: number;
}

/**
 * Cut `text` to at most `max` UTF-16 units without splitting a surrogate pair (an emoji cut in half
 * would reach the embedder as an unpaired surrogate), preferring the last space in the final 10 %.
 */
export function truncateText(text: string, max = MAX_MESSAGE_CHARS): TruncatedText {
  if (text.length <= max) return { text, truncated: false, originalLength: text.length };
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--; // high surrogate whose pair lies beyond the cut
  const space = text.lastIndexOf(' ', end);
  if (space > end * 0.9) end = space;
  return { text: text.slice(0, end).trimEnd(), truncated: true, originalLength: text.length };
}

/** The sentence a reply starts with when the message was cut. */
export function truncationNote(t: TruncatedText): string {
  return `(Your message was long, so I read only its first ${t.text.length.toLocaleString('en-US')} characters.)`;
}

const newest = <T>(xs: T[], max: number): T[] => (xs.length > max ? xs.slice(xs.length - max) : xs);

/**
 * The state with every growing list capped (newest entries kept). Lists grow by appending, so the
 * newest are last. Returns the same object when nothing is over its limit.
 */
export function boundState(state: ConversationState): ConversationState {
  const a = state.active;
  const over =
    state.shownIds.length > MAX_SHOWN_IDS ||
    state.negatives.length > MAX_NEGATIVE_IDS ||
    state.positives.length > MAX_POSITIVE_IDS ||
    (state.liked?.length ?? 0) > MAX_POSITIVE_IDS ||
    (a !== null && (a.likeIds.length > MAX_PLAN_IDS || a.unlikeIds.length > MAX_PLAN_IDS));
  if (!over) return state;
  return {
    ...state,
    shownIds: newest(state.shownIds, MAX_SHOWN_IDS),
    negatives: newest(state.negatives, MAX_NEGATIVE_IDS),
    positives: newest(state.positives, MAX_POSITIVE_IDS),
    ...(state.liked ? { liked: newest(state.liked, MAX_POSITIVE_IDS) } : {}),
    active: a && {
      ...a,
      likeIds: newest(a.likeIds, MAX_PLAN_IDS),
      unlikeIds: newest(a.unlikeIds, MAX_PLAN_IDS),
    },
  };
}
