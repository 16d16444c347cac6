import { consume, type ParseState } from './state.ts';

/** Quality hints: "hidden gem" wins over "critically panned" and "cult classic", then "acclaimed", then "popular". */
export function extractQuality(s: ParseState): void {
  const { out } = s;
  consume(
    s,
    /\b(?:hidden gems?|underrated|under-rated|lesser[- ]known|little[- ]known|obscure|under-?seen|under the radar|overlooked)\b/g,
    () => {
      out.quality = 'hidden-gem';
    },
  );
  consume(
    s,
    /\b(?:critically panned|panned|so bad (?:it's|its|that it's|they're) good|(?:the )?worst (?:movies?|films?)(?: ever)?|trashy|b[- ]movies?|terrible movies?)\b/g,
    () => {
      out.quality ??= 'panned';
    },
  );
  consume(s, /\bcult(?: classics?| favou?rites?| films?| movies?| following| hits?)?\b/g, () => {
    out.quality ??= 'cult';
  });
  consume(
    s,
    /\b(?:highly[- ]rated|top[- ]rated|best[- ]rated|well[- ]rated|(?:critically )?acclaimed|award[- ]winning|masterpieces?|must[- ]see|best|greatest|classic|classics|highest[- ]rated|oscar[- ]winning)\b/g,
    () => {
      out.quality ??= 'acclaimed';
    },
  );
  consume(
    s,
    /\b(?:popular|blockbusters?|famous|well[- ]known|mainstream|crowd[- ]pleasers?|trending)\b/g,
    () => {
      out.quality ??= 'popular';
    },
  );
}
