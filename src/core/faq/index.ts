/**
 * FAQ lookup for the help intent: nearest embedded phrasing → its entry's answer.
 */
import { dot } from '../../embed/normalize.ts';
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
  match(vector: Float32Array): FaqMatch;
}

/** Builds the FAQ index, reusing prebuilt vectors when they come from the same embedder. */
export async function createFaqIndex(
  embedder: Embedder,
  prebuilt?: EmbeddedCollection<{ id: string }> | null,
  entries: readonly FaqEntry[] = FAQ_ENTRIES,
): Promise<FaqIndex> {
  let rows: Array<{ id: string; text: string }>;
  let vectors: Float32Array[];
  if (prebuilt && prebuilt.embedderId === embedder.id && prebuilt.vectors[0]?.length === embedder.dims) {
    rows = prebuilt.items.map((it, i) => ({ id: it.id, text: prebuilt.texts[i] }));
    vectors = prebuilt.vectors;
  } else {
    rows = faqRows(entries);
    vectors = await embedder.embed(rows.map((r) => r.text));
  }
  const byId = new Map(entries.map((e) => [e.id, e]));
  return {
    match(vector) {
      let best = -2;
      let bestRow = 0;
      vectors.forEach((v, i) => {
        const s = dot(v, vector);
        if (s > best) [best, bestRow] = [s, i];
      });
      // An id missing from `entries` means a stale prebuilt file: fall back to the general entry.
      const entry = byId.get(rows[bestRow].id) ?? entries[0];
      return { entry, similarity: best, matched: rows[bestRow].text };
    },
  };
}
