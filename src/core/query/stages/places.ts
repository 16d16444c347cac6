import { PLACE_WORDS } from '../places.ts';
import { words } from '../text.ts';
import { hasHead } from './heads.ts';
import { consume, union, type ParseState } from './state.ts';

/**
 * Places (language / country). "korean movies", "made in France" or a very short request filter;
 * otherwise ("a French spy") the word only boosts the language and stays in the text.
 */
export function extractPlaces(s: ParseState): void {
  const { out } = s;
  const c = out.constraints;
  for (const p of PLACE_WORDS) {
    consume(s, new RegExp(p.re.source, 'g'), (m) => {
      const before = s.t.slice(Math.max(0, m.index - 12), m.index);
      const headed =
        !s.long &&
        (hasHead(s.t, m.index + m[0].length) ||
          /\b(?:in|from|made in)\s*$/.test(before) ||
          words(s.t).length <= 4);
      if (headed) {
        if (p.languages) c.languages = union(c.languages, p.languages);
        if (p.countries) c.countries = union(c.countries, p.countries);
      } else {
        out.boostLanguages.push(...(p.languages ?? []));
        return false; // "a French spy": leave the word for the semantic search too
      }
    });
  }
}
