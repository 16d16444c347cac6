/** The eval query format of /work/shared/eval/README.md, parsed with clear errors per line. */

export type EvalKind = 'known_item' | 'constraints' | 'similar' | 'mood' | 'intent' | 'conversation';
export const EVAL_KINDS: readonly EvalKind[] = [
  'known_item',
  'constraints',
  'similar',
  'mood',
  'intent',
  'conversation',
];

export interface ExpectedConstraints {
  genres?: string[];
  language?: string;
  country?: string;
  year?: [number | null, number | null];
  runtime?: [number | null, number | null];
}

export interface EvalQuery {
  id: string;
  kind: EvalKind;
  query: string;
  turns?: { role: 'user' | 'assistant'; text: string }[];
  expect: {
    ids?: number[];
    mentioned?: number[];
    constraints?: ExpectedConstraints;
    similarTo?: { ids?: number[]; title?: string; year?: number };
    anyGenres?: string[];
    intent?: 'movies' | 'help' | 'other';
  };
}

export function parseQueriesJsonl(text: string, file: string): EvalQuery[] {
  const out: EvalQuery[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      throw new Error(`${file}:${i + 1}: not JSON (${(e as Error).message})`);
    }
    const q = obj as Partial<EvalQuery>;
    if (
      typeof q.query !== 'string' ||
      !q.kind ||
      !EVAL_KINDS.includes(q.kind) ||
      typeof q.expect !== 'object'
    ) {
      throw new Error(
        `${file}:${i + 1}: needs "query" (string), "kind" (one of ${EVAL_KINDS.join(', ')}) and "expect"`,
      );
    }
    out.push({
      id: q.id ?? `${file}:${i + 1}`,
      kind: q.kind,
      query: q.query,
      turns: q.turns,
      expect: q.expect!,
    });
  });
  return out;
}
