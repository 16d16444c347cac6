import type { Movie } from '../types.ts';
import { words } from './text.ts';

/**
 * Names of directors and cast in the dataset, so "with Tom Hanks" is validated (and canonicalised) against
 * real credits instead of trusting any capitalised words.
 */
export interface PeopleIndex {
  /** Folded full name ("tom hanks") → canonical name and number of credits. */
  byName: Map<string, { name: string; credits: number }>;
  /** Folded surname ("nolan") → the most-credited person with it. */
  bySurname: Map<string, { name: string; credits: number }>;
  /** Longest name length in tokens (bounds n-gram scans). */
  maxTokens: number;
}

export function foldName(name: string): string {
  return words(name).join(' ');
}

export function buildPeopleIndex(movies: readonly Movie[]): PeopleIndex {
  const byName = new Map<string, { name: string; credits: number }>();
  // Most people have several credits: fold each distinct spelling once (folding is regex work).
  const folded = new Map<string, string>();
  let maxTokens = 1;
  for (const m of movies) {
    for (const p of new Set([...m.directors, ...m.cast])) {
      let key = folded.get(p);
      if (key === undefined) {
        key = foldName(p);
        folded.set(p, key);
        if (key.includes(' ')) maxTokens = Math.max(maxTokens, key.split(' ').length);
      }
      if (!key.includes(' ')) continue; // mononyms ("Madonna") would collide with ordinary words
      const e = byName.get(key);
      if (e) e.credits++;
      else byName.set(key, { name: p, credits: 1 });
    }
  }
  const bySurname = new Map<string, { name: string; credits: number }>();
  for (const [key, e] of byName) {
    const surname = key.slice(key.lastIndexOf(' ') + 1);
    if (surname.length < 3) continue;
    const cur = bySurname.get(surname);
    if (!cur || e.credits > cur.credits) bySurname.set(surname, e);
  }
  return { byName, bySurname, maxTokens: Math.min(maxTokens, 4) };
}

export interface PersonMatch {
  name: string;
  /** Token span [start, end) in the token list given. */
  start: number;
  end: number;
  credits: number;
}

/**
 * Find known people in a token list: full names anywhere (at least `minCredits` credits, so a plot phrase
 * that happens to equal an obscure extra's name is ignored), and, right after a cue token index, surnames.
 */
export function findPeople(
  tokens: readonly string[],
  index: PeopleIndex,
  opts: { minCredits: number; cueEnds?: ReadonlySet<number> },
): PersonMatch[] {
  const out: PersonMatch[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const afterCue = opts.cueEnds?.has(i) ?? false;
    let found: PersonMatch | null = null;
    for (let n = Math.min(index.maxTokens, tokens.length - i); n >= 2 && !found; n--) {
      const e = index.byName.get(tokens.slice(i, i + n).join(' '));
      if (e && (afterCue || e.credits >= opts.minCredits))
        found = { name: e.name, start: i, end: i + n, credits: e.credits };
    }
    if (!found && afterCue) {
      const e = index.bySurname.get(tokens[i]);
      // A bare surname needs a well-known owner ("by Nolan"), or "by Smith" would pick a random Smith.
      if (e && e.credits >= 5) found = { name: e.name, start: i, end: i + 1, credits: e.credits };
    }
    if (found) {
      out.push(found);
      i = found.end - 1;
    }
  }
  return out;
}
