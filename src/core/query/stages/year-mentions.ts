import { exactTitleRows, type TitleIndex } from '../titles.ts';
import { blank, type ParseState } from './state.ts';

/**
 * "I loved Heat (1995)", "have you seen It (2017)?": a title followed by its year in parentheses names that
 * movie, whatever the words around it. The words before the year are matched against the catalogue's exact
 * titles (longest first, at most MAX_WORDS) with a release year within a year of the one given; the mention
 * becomes a liked movie ("<title> <year>", so the planner picks that year's film), or one to avoid when its
 * clause says the person disliked it. The year is part of the name, never a year constraint. Short
 * messages only: a long post describing a film names others to say what it is not.
 */
export function extractYearMentions(s: ParseState, titles: TitleIndex | undefined): void {
  if (s.long || !titles) return;
  const year = / +, +((?:18|19|20)\d\d) +,/g;
  const found: { start: number; end: number; phrase: string }[] = [];
  for (let m = year.exec(s.t); m; m = year.exec(s.t)) {
    const title = titleBefore(s.t, m.index, Number(m[1]), titles);
    if (title)
      found.push({ start: title.start, end: m.index + m[0].length, phrase: `${title.phrase} ${m[1]}` });
  }
  // Each clause is read as written, before any mention is blanked.
  for (const f of found)
    (DISLIKE.test(clauseAround(s.t, f.start, f.end)) ? s.out.unlikePhrases : s.out.likePhrases).push(
      f.phrase,
    );
  for (const f of found) blank(s, f.start, f.end);
}

/** Words a title may span before its year. */
const MAX_WORDS = 10;

/** The longest run of words ending at `end` that is exactly a catalogue title released within a year of `y`. */
function titleBefore(
  t: string,
  end: number,
  y: number,
  titles: TitleIndex,
): { start: number; phrase: string } | null {
  const tokens = [...t.slice(0, end).matchAll(/[^\s,]+/g)].slice(-MAX_WORDS);
  for (let i = 0; i < tokens.length; i++) {
    const phrase = tokens
      .slice(i)
      .map((x) => x[0])
      .join(' ');
    const rows = exactTitleRows(titles, phrase);
    if (rows.some((r) => Math.abs((titles.movies[r].year ?? -99) - y) <= 1))
      return { start: tokens[i].index, phrase };
  }
  return null;
}

/** The text from the comma before `start` to the comma after `end` (a clause, roughly). */
function clauseAround(t: string, start: number, end: number): string {
  const from = t.lastIndexOf(' , ', start - 1);
  const to = t.indexOf(' , ', end);
  return t.slice(from < 0 ? 0 : from, to < 0 ? t.length : to);
}

/** The person says they did not like it ("I hated …", "… was boring"); not having seen it is no verdict. */
const DISLIKE =
  /\b(?:(?:did ?n[o']?t|do ?n[o']?t|never) (?:like|liked|enjoy|enjoyed|love|loved|care for)|hated?|disliked?|not (?:a|much of a) (?:big )?fan|can'?t stand|boring|terrible|awful|worst|overrated|(?:was|is) ?n[o']?t (?:good|great|funny|that good))\b/;
