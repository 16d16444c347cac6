/**
 * Grounding check for generated answers: every movie title the model mentions must be one of the
 * retrieved movies. The answer prompt asks for titles in **double asterisks**; we also catch the
 * "Title (1999)" pattern and quoted titles, which small models produce despite the instruction.
 * A sentence that names a movie not in the results is dropped, and the title is reported.
 */
import { foldText } from '../query/text.ts';

export interface GroundingResult {
  /** The answer with ungrounded sentences removed (markers kept for the renderer). */
  text: string;
  /** Ids of result movies the answer mentions. */
  mentionedIds: number[];
  /** Titles the model mentioned that are not among the results. */
  hallucinated: string[];
}

const key = (s: string) =>
  foldText(s)
    .replace(/^(the|a|an)\s+/, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Candidate title spans in a text. */
export function titleMentions(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\*\*([^*\n]{1,120})\*\*/g)) out.push(m[1].trim());
  for (const m of text.matchAll(/["“]([^"”\n]{2,80})["”]\s*\((1[89]\d\d|20\d\d)\)/g)) out.push(m[1].trim());
  for (const m of text.matchAll(
    /(?:^|[^*"“\w])((?:[A-Z0-9][\w'’:&.-]*\s+){0,6}[A-Z0-9][\w'’:&.-]*)\s*\((1[89]\d\d|20\d\d)\)/g,
  )) {
    out.push(m[1].trim());
  }
  return [...new Set(out.map((t) => t.replace(/\s*\((1[89]\d\d|20\d\d)\)$/, '').trim()))];
}

/** Sentences, keeping their trailing punctuation; a **marked title** is never split ("**Airplane!**"). */
function sentences(text: string): string[] {
  return text.match(/(?:\*\*[^*\n]*\*\*|[^.!?\n*]|\*(?!\*))+(?:[.!?]+\s*|\n|$)/g) ?? [text];
}

export function checkGrounding(
  answer: string,
  results: ReadonlyArray<{ id: number; title: string }>,
): GroundingResult {
  const byKey = new Map(results.map((r) => [key(r.title), r.id]));
  const mentioned = new Set<number>();
  const hallucinated: string[] = [];
  const kept: string[] = [];
  for (const s of sentences(answer)) {
    let bad = false;
    for (const t of titleMentions(s)) {
      // "Then Alien (1979)": a capitalised word before the title is not part of it; try suffixes.
      const words = t.split(/\s+/);
      const id = words.map((_, i) => byKey.get(key(words.slice(i).join(' ')))).find((x) => x !== undefined);
      if (id !== undefined) mentioned.add(id);
      else {
        bad = true;
        if (!hallucinated.includes(t)) hallucinated.push(t);
      }
    }
    if (!bad) kept.push(s);
  }
  return { text: kept.join('').trim(), mentionedIds: [...mentioned], hallucinated };
}
