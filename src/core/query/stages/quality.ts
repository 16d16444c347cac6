import { consume, type ParseState } from './state.ts';

/** Quality hints: "hidden gem" wins over "acclaimed", which wins over "popular". */
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
