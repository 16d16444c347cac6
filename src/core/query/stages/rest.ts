import { foldText, squash } from '../text.ts';
import type { ParseState } from './state.ts';

/** Last stage: what no stage consumed is the free text (themes, plot, mood), in the user's casing. */
export function finishRest(s: ParseState, text: string): void {
  s.out.rest = restoreCase(
    squash(s.t.replace(/ ,( ,)*/g, ','))
      .replace(/^[, ]+|[, ]+$/g, '')
      .replace(/\s+,/g, ','),
    text,
  );
}

/**
 * The parser works on folded lowercase text; the free text goes back to the user's casing, because the
 * sentence embedder is case-sensitive ("Gotham" and "gotham" differ) and the indexed documents are cased.
 */
function restoreCase(rest: string, original: string): string {
  const orig = original.match(/[\p{L}\p{N}']+/gu) ?? [];
  const keys = orig.map((w) => foldText(w));
  let cursor = 0;
  // Walk both in order: the rest is the original minus some phrases, so each word is found ahead.
  return rest.replace(/[\p{L}\p{N}']+/gu, (w) => {
    const i = keys.indexOf(w, cursor);
    if (i < 0) return w;
    cursor = i + 1;
    return orig[i];
  });
}
