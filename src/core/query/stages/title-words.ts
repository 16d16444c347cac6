import { squash } from '../text.ts';
import { consume, type ParseState } from './state.ts';

/**
 * Quoted phrases and "the title had the word(s) X". A quote is a title word in a post or after
 * "title / called / named"; otherwise it names a movie ("something like "Heat"").
 */
export function extractTitleWords(s: ParseState): void {
  const { out } = s;
  consume(s, /"([^"]{2,60})"/g, (m) => {
    if (s.long || /\b(?:title|called|named)\b/.test(s.t.slice(Math.max(0, m.index - 40), m.index))) {
      out.titleWords.push(squash(m[1]));
    } else out.likePhrases.push(squash(m[1]));
  });
  consume(
    s,
    /\btitle (?:had|has|contained|contains|included|includes|was something like) (?:the )?(?:words?|name) ([a-z0-9' ]{2,40}?)(?= ,|$| in it| and )/g,
    (m) => {
      if (!squash(m[1])) return false;
      out.titleWords.push(squash(m[1]));
    },
  );
}
