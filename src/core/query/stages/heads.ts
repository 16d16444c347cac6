import { GENRE_PHRASES } from '../genres.ts';
import { PLACE_WORDS } from '../places.ts';

/** Nouns that make a preceding genre/place word a request head ("korean movies", "war films"). */
export const HEAD_NOUNS = new Set(
  'movie movies film films flick flicks cinema picture pictures show shows series one ones stuff classic classics feature features title titles genre'.split(
    ' ',
  ),
);
/** Words that may sit between an adjective and its head ("french romantic comedies", "good old westerns"). */
const BETWEEN_WORDS = new Set(
  'good great old new classic classics indie independent black white silent recent popular and or best top short long b cult'.split(
    ' ',
  ),
);

/** True when the words after `end` are (adjectives then) a movie noun or genre word. */
export function hasHead(t: string, end: number): boolean {
  const next = t.slice(end).trim().split(/\s+/).slice(0, 4);
  for (const raw of next) {
    const wd = raw.replace(/[^a-z0-9-]/g, '');
    if (!wd) return false;
    if (HEAD_NOUNS.has(wd)) return true;
    if (GENRE_PHRASES.some((g) => !g.soft && !g.needsHead && new RegExp(`^(?:${g.re.source})$`).test(wd)))
      return true;
    if (BETWEEN_WORDS.has(wd) || PLACE_WORDS.some((p) => new RegExp(`^(?:${p.re.source})$`).test(wd)))
      continue;
    if (GENRE_PHRASES.some((g) => new RegExp(`^(?:${g.re.source})$`).test(wd))) continue;
    return false;
  }
  return false;
}
