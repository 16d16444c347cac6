/** The eval query format of ../shared/eval/README.md, parsed with clear errors per line. */

export type EvalKind =
  'known_item' | 'constraints' | 'similar' | 'mood' | 'intent' | 'conversation' | 'dialogue';
export const EVAL_KINDS: readonly EvalKind[] = [
  'known_item',
  'constraints',
  'similar',
  'mood',
  'intent',
  'conversation',
  'dialogue',
];

export type IntentLabel = 'movies' | 'help' | 'other';

export interface ExpectedConstraints {
  genres?: string[];
  language?: string;
  country?: string;
  year?: [number | null, number | null];
  runtime?: [number | null, number | null];
}

/** What must hold after one turn of a dialogue (README: "dialogue"). */
export interface TurnExpect {
  constraints?: ExpectedConstraints;
  people?: string[];
  anyGenres?: string[];
  excludeGenres?: string[];
  minRating?: number;
  ids?: number[];
  similarTo?: { ids: number[] };
  notRepeat?: boolean;
  intent?: IntentLabel;
  chipsInclude?: string[];
  chipsExclude?: string[];
}

export interface EvalQuery {
  id: string;
  kind: EvalKind;
  /** The message (single-turn kinds), the last user turn (conversation), '' (dialogue). */
  query: string;
  /** conversation: the dialogue so far. */
  turns?: { role: 'user' | 'assistant'; text: string }[];
  /** dialogue: the turns to send, each with its checks. */
  dialogue?: { user: string; expect: TurnExpect }[];
  expect: {
    ids?: number[];
    mentioned?: number[];
    constraints?: ExpectedConstraints;
    similarTo?: { ids?: number[]; title?: string; year?: number };
    anyGenres?: string[];
    intent?: IntentLabel;
  };
}

function parseLine(obj: unknown, where: string): EvalQuery {
  const q = obj as Partial<EvalQuery> & { turns?: unknown[] };
  if (!q.kind || !EVAL_KINDS.includes(q.kind))
    throw new Error(`${where}: "kind" must be one of ${EVAL_KINDS.join(', ')}`);
  if (q.kind === 'dialogue') {
    const turns = q.turns as { user?: unknown; expect?: unknown }[] | undefined;
    if (!Array.isArray(turns) || !turns.length || turns.some((t) => typeof t.user !== 'string'))
      throw new Error(`${where}: a dialogue needs "turns": [{"user": text, "expect": {...}}]`);
    const dialogue = turns.map((t) => ({ user: t.user as string, expect: (t.expect ?? {}) as TurnExpect }));
    return { id: q.id ?? where, kind: 'dialogue', query: '', dialogue, expect: {} };
  }
  if (typeof q.query !== 'string' || typeof q.expect !== 'object')
    throw new Error(`${where}: needs "query" (string) and "expect"`);
  const turns = q.turns as EvalQuery['turns'];
  return { id: q.id ?? where, kind: q.kind, query: q.query, turns, expect: q.expect! };
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
    out.push(parseLine(obj, `${file}:${i + 1}`));
  });
  return out;
}
