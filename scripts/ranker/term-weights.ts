/**
 * Query-term weights learned from the training posts: how much a word in a tip-of-the-tongue post says about
 * the movie's own text. The Robertson–Spärck Jones relevance weight
 *   w(t) = log((r + .5) / (n − r + .5)) − log((df + .5) / (N − df + .5)),
 * with n the posts containing t and r those whose movie's indexed text (any field) contains t too, shrunk
 * toward idf for rarely seen words, is turned into a multiplier of the word's idf (0..2). Chatter ("remember",
 * "thanks", "watched") falls towards 0; plot words keep or gain weight. Words, never movies: no id or answer
 * count enters (DEVELOPERS.md); the weights apply to any post with these words.
 */
import { fieldTokenIds, type Bm25Index } from '../../src/core/rank/bm25.ts';
import { searchTokens } from '../../src/core/query/text.ts';

export interface TermWeightOptions {
  /** Posts a word needs before it gets a weight (others keep idf). */
  minPosts: number;
  /** Pseudo-posts of shrinkage toward idf. */
  shrink: number;
}

/** Distinct term ids of every field of a document. */
function docTerms(bm25: Bm25Index, row: number): Set<number> {
  const out = new Set<number>();
  for (let fi = 0; fi < bm25.fields.length; fi++) for (const id of fieldTokenIds(bm25, row, fi)) out.add(id);
  return out;
}

/** Term → idf multiplier, for words seen in at least `minPosts` posts, rounded to 2 decimals. */
export function learnTermWeights(
  bm25: Bm25Index,
  posts: readonly { text: string; rows: readonly number[] }[],
  o: TermWeightOptions,
): Record<string, number> {
  const seen = new Map<number, number>();
  const hit = new Map<number, number>();
  for (const p of posts) {
    const target = new Set<number>();
    for (const r of p.rows) for (const id of docTerms(bm25, r)) target.add(id);
    const terms = new Set(searchTokens(p.text).map((t) => bm25.vocab.get(t) ?? -1));
    for (const id of terms) {
      if (id < 0) continue;
      seen.set(id, (seen.get(id) ?? 0) + 1);
      if (target.has(id)) hit.set(id, (hit.get(id) ?? 0) + 1);
    }
  }
  const N = bm25.docs;
  const df = (id: number) => bm25.postStart[id + 1] - bm25.postStart[id];
  const names = [...bm25.vocab.keys()];
  const out: Record<string, number> = {};
  for (const [id, n] of seen) {
    if (n < o.minPosts) continue;
    const r = hit.get(id) ?? 0;
    const idf = bm25.idf[id];
    const rsj = Math.log((r + 0.5) / (n - r + 0.5)) - Math.log((df(id) + 0.5) / (N - df(id) + 0.5));
    const w = (n * Math.max(0, rsj) + o.shrink * idf) / (n + o.shrink);
    out[names[id]] = Math.round(Math.min(2, w / Math.max(idf, 1e-6)) * 100) / 100;
  }
  return out;
}
