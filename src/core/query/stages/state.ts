import type { ParseContext, ParsedQuery } from '../constraints.ts';
import { foldText, squash, words } from '../text.ts';

/**
 * What every parser stage reads and writes. Stages run in a fixed order over the same working text `t`:
 * each one blanks out the phrases it used, so a later stage never reads them again.
 */
export interface ParseState {
  /** Folded, padded copy of the message with consumed phrases replaced by spaces (same length). */
  t: string;
  /** Long descriptive text (tip-of-the-tongue post): stages add hints instead of hard constraints. */
  long: boolean;
  /** Latest year in the data ("recent" is relative to it). */
  latestYear: number;
  /** The result being filled in. */
  out: ParsedQuery;
}

/** Stage 0: fold the message, decide whether it is a long post, and start an empty result. */
export function startParse(text: string, ctx: ParseContext): ParseState {
  const latestYear = ctx.latestYear ?? 2017;
  const original = squash(foldText(text));
  const long = words(original).length > (ctx.longWords ?? 30);
  // Punctuation becomes " , " so clause boundaries are easy to match; the padding lets regexes see edges.
  const t = ' ' + original.replace(/[,!?;:()[\]{}]/g, ' , ').replace(/(\w)\.(\s|$)/g, '$1 , ') + ' ';
  const out: ParsedQuery = {
    constraints: {},
    boostGenres: [],
    boostPeople: [],
    boostLanguages: [],
    quality: null,
    avoidTerms: [],
    titleWords: [],
    likePhrases: [],
    unlikePhrases: [],
    refs: [],
    moods: [],
    rest: '',
    long,
  };
  return { t, long, latestYear, out };
}

/** Replace `t[start, end)` with spaces, so the phrase is used once and positions stay put. */
export function blank(s: ParseState, start: number, end: number): void {
  s.t = s.t.slice(0, start) + ' '.repeat(end - start) + s.t.slice(end);
}

/**
 * Run a global regex over the current text, then hand each match to `handle` in order and blank it
 * unless the handler returns `false`. All matches are found before any is blanked; handlers see the
 * text as the earlier handlers of the same call left it.
 */
export function consume(s: ParseState, re: RegExp, handle: (m: RegExpExecArray) => boolean | void): void {
  re.lastIndex = 0;
  const matches: RegExpExecArray[] = [];
  for (let m = re.exec(s.t); m; m = re.exec(s.t)) {
    matches.push(m);
    if (m[0].length === 0) re.lastIndex++;
  }
  for (const m of matches) if (handle(m) !== false) blank(s, m.index, m.index + m[0].length);
}

/** `a` plus the new items of `b`, in first-seen order. */
export function union<T>(a: T[] | undefined, b: readonly T[]): T[] {
  const s = new Set(a ?? []);
  for (const x of b) s.add(x);
  return [...s];
}
