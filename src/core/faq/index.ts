/**
 * FAQ lookup for the help intent: nearest embedded phrasing → its entry's answer.
 */
import { dot } from '../rank/vec.ts';
import type { Embedder } from '../types.ts';
import type { EmbeddedCollection } from './collection-format.ts';
import { FAQ_ENTRIES, faqRows, type FaqEntry } from './entries.ts';

export { FAQ_ENTRIES, faqRows, type FaqEntry } from './entries.ts';
export { decodeCollection, encodeCollection, type EmbeddedCollection } from './collection-format.ts';

export interface FaqMatch {
  entry: FaqEntry;
  similarity: number;
  /** The phrasing that matched. */
  matched: string;
}

export interface FaqIndex {
  /** Best entry for a question's vector; `text` (the question) enables the keyword bonus. */
  match(vector: Float32Array, text?: string): FaqMatch;
}

/** Similarity added per matched keyword (at most two count). */
const KEYWORD_BONUS = 0.04;

/** Builds the FAQ index, reusing prebuilt vectors when they come from the same embedder. */
export async function createFaqIndex(
  embedder: Embedder,
  prebuilt?: EmbeddedCollection<{ id: string }> | null,
  entries: readonly FaqEntry[] = FAQ_ENTRIES,
): Promise<FaqIndex> {
  let rows: Array<{ id: string; text: string }>;
  let vectors: Float32Array[];
  const wanted = faqRows(entries);
  // Only a file built from these very phrasings, by this embedder, is used (else re-embed, ~1 s).
  const current =
    prebuilt &&
    prebuilt.embedderId === embedder.id &&
    prebuilt.vectors[0]?.length === embedder.dims &&
    prebuilt.texts.length === wanted.length &&
    prebuilt.texts.every((t, i) => t === wanted[i].text && prebuilt.items[i].id === wanted[i].id);
  if (prebuilt && current) {
    rows = prebuilt.items.map((it, i) => ({ id: it.id, text: prebuilt.texts[i] }));
    vectors = prebuilt.vectors;
  } else {
    rows = wanted;
    vectors = await embedder.embed(rows.map((r) => r.text));
  }
  const byId = new Map(entries.map((e) => [e.id, e]));
  return {
    match(vector, text = '') {
      const lower = text.toLowerCase();
      let best = -2;
      let bestRow = 0;
      vectors.forEach((v, i) => {
        const entry = byId.get(rows[i].id);
        // Small help questions differ by one word ("where" vs "how big"); the keyword bonus lets
        // that word count, where a 512-d sentence vector mostly sees "app + ratings".
        const hits = entry && lower ? entry.keywords.filter((k) => lower.includes(k)).length : 0;
        const s = dot(v, vector) + KEYWORD_BONUS * Math.min(2, hits);
        if (s > best) [best, bestRow] = [s, i];
      });
      // An id missing from `entries` means a stale prebuilt file: fall back to the general entry.
      const entry = byId.get(rows[bestRow].id) ?? entries[0];
      return { entry, similarity: best, matched: rows[bestRow].text };
    },
  };
}
