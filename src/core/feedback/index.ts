/**
 * Feedback on answers, for fine-tuning a model later. Pure data model + JSONL export; storage
 * (IndexedDB) lives in the UI's storage layer.
 *
 * Export formats (one JSON object per line, UTF-8, "\n" line ends):
 *
 * 1. `sft` — supervised fine-tuning, OpenAI/HF "messages" chat format. One line per answer rated
 *    thumbs-up or ≥ 4 stars:
 *    {"messages":[{"role":"system","content":…},{"role":"user","content":<user JSON>},
 *                 {"role":"assistant","content":<answer>}],
 *     "metadata":{"id","createdAt","rating","stars","model","intent"}}
 *    The user turn is the same JSON data message the app's answer prompt uses ({"request", "movies"}),
 *    so a model trained on it sees exactly what it will see at run time.
 *
 * 2. `preference` — preference tuning (DPO/ORPO/KTO-style "chosen"/"rejected"). For each request
 *    (same normalized input text and same result ids) that has at least one liked and one disliked
 *    answer, one line per (liked, disliked) pair:
 *    {"prompt":[system, user], "chosen":[{"role":"assistant","content":…}],
 *     "rejected":[{"role":"assistant","content":…}], "metadata":{"chosenId","rejectedId"}}
 *
 * Records with neither thumbs nor stars are not exported. Movie text is included as data, never
 * as instructions (the same delimiting as at run time).
 */
import type { QueryPlan, WhyReason } from '../types.ts';
import type { Intent } from '../intent/examples.ts';
import { buildAnswerMessages, type AnswerMovie } from '../prompts/answer-prompt.ts';

export type Thumb = 'up' | 'down';

export interface FeedbackResult {
  id: number;
  title: string;
  year: number | null;
  genres: string[];
  overview: string;
  why: WhyReason[];
}

/** One answer and what the person thought of it. */
export interface FeedbackRecord {
  /** Stable id (e.g. `${conversationId}:${turn}`). */
  id: string;
  /** ISO time. */
  createdAt: string;
  input: string;
  intent: Intent;
  plan: QueryPlan | null;
  results: FeedbackResult[];
  answer: string;
  /** Model that wrote the answer, or 'template'. */
  model: string;
  thumb: Thumb | null;
  /** 1..5, optional. */
  stars: number | null;
}

/** Create a record; throws a clear message for out-of-range stars. */
export function createFeedback(
  base: Omit<FeedbackRecord, 'thumb' | 'stars' | 'createdAt'> & { createdAt?: string },
  rating: { thumb?: Thumb | null; stars?: number | null },
): FeedbackRecord {
  return rate(
    { ...base, createdAt: base.createdAt ?? new Date().toISOString(), thumb: null, stars: null },
    rating,
  );
}

/** Change the rating of a record (returns a new record). */
export function rate(
  record: FeedbackRecord,
  rating: { thumb?: Thumb | null; stars?: number | null },
): FeedbackRecord {
  const stars = rating.stars === undefined ? record.stars : rating.stars;
  if (stars !== null && (!Number.isInteger(stars) || stars < 1 || stars > 5)) {
    throw new RangeError(`Stars must be a whole number from 1 to 5 (got ${stars}).`);
  }
  return { ...record, thumb: rating.thumb === undefined ? record.thumb : rating.thumb, stars };
}

/** Positive, negative or unrated. Stars decide when given (4–5 good, 1–2 bad, 3 neutral); else the thumb. */
export function polarity(r: FeedbackRecord): 1 | -1 | 0 {
  if (r.stars !== null) return r.stars >= 4 ? 1 : r.stars <= 2 ? -1 : 0;
  return r.thumb === 'up' ? 1 : r.thumb === 'down' ? -1 : 0;
}

const describe = (w: WhyReason): string =>
  w.kind === 'similar-to' || w.kind === 'liked'
    ? `similar to ${w.title}`
    : w.kind === 'keyword'
      ? `mentions ${w.terms.join(', ')}`
      : w.kind === 'semantic'
        ? 'close in meaning'
        : w.kind === 'co-liked'
          ? `liked by people who liked ${w.title}`
          : w.value;

function promptOf(r: FeedbackRecord) {
  const movies: AnswerMovie[] = r.results.map((m) => ({ ...m, why: m.why.map(describe) }));
  return buildAnswerMessages(r.input, movies);
}

const metadata = (r: FeedbackRecord) => ({
  id: r.id,
  createdAt: r.createdAt,
  rating: r.thumb,
  stars: r.stars,
  model: r.model,
  intent: r.intent,
});

/** SFT lines for the answers people liked. */
export function exportSft(records: readonly FeedbackRecord[]): string {
  return records
    .filter((r) => polarity(r) === 1)
    .map((r) =>
      JSON.stringify({
        messages: [...promptOf(r), { role: 'assistant', content: r.answer }],
        metadata: metadata(r),
      }),
    )
    .map((l) => l + '\n')
    .join('');
}

/** Key grouping answers to the same request with the same movies. */
const requestKey = (r: FeedbackRecord) =>
  `${r.input.trim().toLowerCase().replace(/\s+/g, ' ')}|${r.results.map((m) => m.id).join(',')}`;

/** Preference pairs (chosen = liked answer, rejected = disliked answer to the same request). */
export function exportPreferences(records: readonly FeedbackRecord[]): string {
  const groups = new Map<string, FeedbackRecord[]>();
  for (const r of records) {
    if (polarity(r) === 0) continue;
    const k = requestKey(r);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const lines: string[] = [];
  for (const group of groups.values()) {
    const good = group.filter((r) => polarity(r) === 1);
    const bad = group.filter((r) => polarity(r) === -1);
    for (const c of good) {
      for (const x of bad) {
        lines.push(
          JSON.stringify({
            prompt: promptOf(c),
            chosen: [{ role: 'assistant', content: c.answer }],
            rejected: [{ role: 'assistant', content: x.answer }],
            metadata: { chosenId: c.id, rejectedId: x.id, model: c.model },
          }),
        );
      }
    }
  }
  return lines.map((l) => l + '\n').join('');
}

export type ExportFormat = 'sft' | 'preference';

export function exportFeedback(records: readonly FeedbackRecord[], format: ExportFormat): string {
  return format === 'sft' ? exportSft(records) : exportPreferences(records);
}
