import { MOODS } from '../moods.ts';
import type { ParseState } from './state.ts';

/**
 * Moods and tones (query/moods.ts): recorded by label, words left in the text for the semantic search.
 * Runs after the negatives, so "nothing too dark" never reads as a wish for darkness.
 */
export function extractMoods(s: ParseState): void {
  for (const m of MOODS) {
    if (new RegExp(m.re.source).test(s.t) && !s.out.moods.includes(m.label)) s.out.moods.push(m.label);
  }
}
