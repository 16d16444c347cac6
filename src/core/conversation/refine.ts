/**
 * Follow-up detection: is a message a refinement of the standing request, a reference to a shown
 * movie, a "why", or a new topic? Pure: works on the message, the rule plan of the message and the
 * state. Refinements are applied to the standing plan by `applyRefinement`.
 */
import type { Movie, QueryPlan } from '../types.ts';
import { mergeConstraints, unionExamples, type ConversationState } from './state.ts';

export type FollowUp =
  | { kind: 'why'; index: number }
  | { kind: 'more-like'; index: number }
  | { kind: 'something-else' }
  | {
      kind: 'refine';
      shorter?: boolean;
      longer?: boolean;
      newer?: boolean;
      older?: boolean;
      replace: boolean;
    }
  | { kind: 'new-topic' };

const ORDINALS: Record<string, number> = {
  first: 0,
  '1st': 0,
  second: 1,
  '2nd': 1,
  third: 2,
  '3rd': 2,
  fourth: 3,
  '4th': 3,
  fifth: 4,
  '5th': 4,
  top: 0,
};

/** Index into the last results named by the message ("the second one", "#3", "that"), or null. */
export function referencedIndex(text: string, state: ConversationState): number | null {
  const t = text.toLowerCase();
  const ord = /\b(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|top|last)\b/.exec(t);
  if (ord) return ord[1] === 'last' ? Math.max(0, state.lastResults.length - 1) : ORDINALS[ord[1]];
  const num = /(?:#|number |no\.\s?)(\d{1,2})\b/.exec(t);
  if (num) return Number(num[1]) - 1;
  const byTitle = state.lastResults.findIndex((r) => r.title.length > 2 && t.includes(r.title.toLowerCase()));
  if (byTitle >= 0) return byTitle;
  if (/\b(that|this|it|that one|this one)\b/.test(t)) {
    const focus = state.lastResults.findIndex((r) => r.id === state.focusId);
    return focus >= 0 ? focus : 0;
  }
  return null;
}

const WHY =
  /\b(why|how come|what made you)\b.*\b(pick|picked|choose|chose|chosen|recommend|recommended|suggest|suggested|show|that|this|it|one)\b/i;
const MORE_LIKE = /\b(more|others?|something|anything|movies|films|ones)\s+(like|similar to)\b/i;
const SOMETHING_ELSE =
  /^\s*(something|anything|show me)?\s*(else|different|other ones|others|more|another( one)?|next|new ones)\b[\s!.?]*(please)?[\s!.?]*$|\b(something else|anything else|other options|show me (some )?more|different ones|not these|none of these|seen (them|those|these) all|already seen)\b/i;
const SHORTER = /\b(shorter|less long|not (so|too) long|quicker)\b/i;
const LONGER = /\b(longer|not (so|too) short)\b/i;
const NEWER = /\b(newer|more recent|recent ones|less old|not (so|too) old)\b/i;
const OLDER = /\b(older|classic ones|not (so|too) (new|recent))\b/i;
/** Words that mark a message as modifying the previous request rather than starting over. */
const REFINE_CUE =
  /^\s*(and|but|also|only|just|now|ok(ay)?|what about|how about|maybe|actually|rather|instead)\b|\b(instead|ones|those|these|them|only|too)\b/i;
const REPLACE_CUE = /\b(instead|rather|what about|how about|only|just)\b/i;
/**
 * A fragment that leans on the standing request: it opens with a preposition or a comparison
 * ("with a twist ending", "from Japan", "set in space", "less violent", "something darker").
 */
const FRAGMENT_START =
  /^\s*(with|without|from|set in|set during|in|featuring|starring|less|more|not so|not too|but not|no)\b|^\s*(something|anything|ones?|a bit|slightly|even)\s+\w+er\b/i;
/** An explicit fresh start: "forget that", "something completely different", "start over", "never mind". */
const RESET_CUE =
  /^\s*(?:(?:ok(?:ay)?|right|hmm+|now|and now|actually|alright)[\s,]+)?(?:forget (?:that|it|this|those|about (?:that|it))|never ?mind|scratch that|start(?:ing)? over|new search|something (?:completely|totally|entirely|very) different|(?:a )?(?:completely|totally|entirely) different (?:thing|topic|request))\b[\s,.:;!—–-]*/i;

/** The message without a leading fresh-start cue, or null when it has none. */
export function startsOver(text: string): { rest: string } | null {
  const m = RESET_CUE.exec(text);
  return m ? { rest: text.slice(m[0].length).trim() } : null;
}

/**
 * How many distinct parts of a request the message states on its own: a subject (genre, person,
 * named movie, themes) plus time, place, length. Two or more, without a refinement cue, is a new request
 * ("a 90s comedy with Jim Carrey"); a bare genre or a bare decade is a refinement of the standing one.
 */
function requestParts(plan: QueryPlan): { subject: boolean; parts: number } {
  const c = plan.constraints;
  const has = [
    !!c.genres?.length,
    !!c.people?.length,
    plan.likeIds.length > 0,
    !!followUpThemes(plan.searchText),
    !!c.years,
    !!(c.languages?.length || c.countries?.length),
    !!c.runtime,
  ];
  return { subject: has.slice(0, 4).some(Boolean), parts: has.filter(Boolean).length };
}

/** Words of a follow-up that steer the list but are not themes to search for. */
const STEERING = new Set(
  'instead rather only just also and but now ok okay what how about maybe actually please ones those these them too more less shorter longer newer older recent ones one something anything else different other others another show me some give a an the with from in of'.split(
    ' ',
  ),
);

/** The themes left in a follow-up's search text once steering words are removed ("" if none). */
export function followUpThemes(searchText: string): string {
  const kept = searchText
    .split(/\s+/)
    .filter((w) => w && !STEERING.has(w.toLowerCase().replace(/[^a-z']/g, '')));
  return kept.join(' ');
}

/** Whether a rule plan says nothing beyond constraints (no themes, no named movies). */
function constraintsOnly(plan: QueryPlan): boolean {
  return (
    !followUpThemes(plan.searchText) &&
    !plan.likeIds.length &&
    !plan.likeTitles.length &&
    Object.keys(plan.constraints).length > 0
  );
}

export function detectFollowUp(text: string, messagePlan: QueryPlan, state: ConversationState): FollowUp {
  const hasResults = state.lastResults.length > 0;
  // A standing request can be refined even when it found nothing ("from the 70s instead").
  if (!state.active) return { kind: 'new-topic' };
  if (hasResults && WHY.test(text)) return { kind: 'why', index: referencedIndex(text, state) ?? 0 };
  if (hasResults && MORE_LIKE.test(text)) {
    const index = referencedIndex(text, state);
    // "more like Alien" with Alien not on screen is a new request for a named movie.
    if (index !== null && index < state.lastResults.length) return { kind: 'more-like', index };
  }
  const themes = followUpThemes(messagePlan.searchText);
  if (hasResults && SOMETHING_ELSE.test(text) && !themes) return { kind: 'something-else' };
  const shorter = SHORTER.test(text);
  const longer = !shorter && LONGER.test(text);
  const newer = NEWER.test(text);
  const older = !newer && OLDER.test(text);
  const fragment = FRAGMENT_START.test(text);
  const cue = shorter || longer || newer || older || fragment || REFINE_CUE.test(text);
  // A full request of its own ("a 90s comedy with Jim Carrey") starts over unless a cue ties it back.
  const { subject, parts } = requestParts(messagePlan);
  if (!cue && subject && parts >= 2) return { kind: 'new-topic' };
  if (cue || constraintsOnly(messagePlan)) {
    // A message with its own themes and no cue word is a new request ("space operas with robots").
    if (themes && !cue) return { kind: 'new-topic' };
    // "animated ones" narrows the list; a bare "westerns" switches genre, like "westerns instead".
    return { kind: 'refine', shorter, longer, newer, older, replace: REPLACE_CUE.test(text) || !cue };
  }
  return { kind: 'new-topic' };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
};

/**
 * Apply a refinement to the standing plan. Relative words work from what was shown:
 * "shorter" caps runtime 10 minutes under the median runtime of the last results (and under any
 * earlier cap), "newer" starts after their median year.
 */
export function applyRefinement(
  state: ConversationState,
  follow: Extract<FollowUp, { kind: 'refine' }>,
  messagePlan: QueryPlan,
  movieById: (id: number) => Movie | undefined,
): QueryPlan {
  const base = state.active!;
  const constraints = mergeConstraints(base.constraints, messagePlan.constraints, follow.replace);
  const shown = state.lastResults.map((r) => movieById(r.id)).filter((m): m is Movie => !!m);
  const runtimes = shown.map((m) => m.runtime).filter((x): x is number => x !== null && x > 0);
  const years = shown.map((m) => m.year).filter((x): x is number => x !== null);
  if (follow.shorter) {
    const cap = Math.min(median(runtimes) ?? 110, constraints.runtime?.[1] ?? Infinity) - 10;
    constraints.runtime = [constraints.runtime?.[0] ?? null, Math.max(40, cap)];
  }
  if (follow.longer) {
    const floor = Math.max(median(runtimes) ?? 100, constraints.runtime?.[0] ?? 0) + 10;
    constraints.runtime = [floor, constraints.runtime?.[1] ?? null];
  }
  if (follow.newer) {
    const from = Math.max(median(years) ?? 1990, constraints.years?.[0] ?? 0) + 1;
    constraints.years = [from, constraints.years?.[1] ?? null];
  }
  if (follow.older) {
    const to = Math.min(median(years) ?? 2000, constraints.years?.[1] ?? Infinity) - 1;
    constraints.years = [constraints.years?.[0] ?? null, to];
  }
  return {
    ...base,
    searchText: [base.searchText, followUpThemes(messagePlan.searchText)].filter(Boolean).join(' '),
    constraints,
    ...unionExamples(base, messagePlan),
    quality: messagePlan.quality ?? base.quality,
    hints: { ...base.hints, ...messagePlan.hints },
  };
}
