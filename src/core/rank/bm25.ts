import type { Movie } from '../types.ts';
import { searchTokens } from '../query/text.ts';
import { createTermIds, IntList } from './term-ids.ts';

/**
 * BM25F keyword index over title, people, keywords and overview/tagline, built from Movie[] at load time.
 * Field weights make a title or name hit count more than one word in an overview; each field is length-
 * normalised against its own average (BM25F), then saturated once per term.
 */
export interface Bm25Index {
  docs: number;
  vocab: Map<string, number>;
  /**
   * Postings in one block (CSR): term t's documents (ascending) are postDocs[postStart[t] .. postStart[t+1]),
   * with their weighted, length-normalised term frequencies at the same positions of postTf. One block
   * instead of an array per term: building 100k+ small arrays at load time was most of the start-up cost.
   */
  postStart: Uint32Array;
  postDocs: Int32Array;
  postTf: Float32Array;
  idf: Float32Array;
  /**
   * Every document's indexed tokens as term ids, in text order, field after field: document d's field
   * fi is docToks[fieldEnd[d * F + fi - 1] .. fieldEnd[d * F + fi]) (from 0 for the first), F =
   * fields.length. Phrase and proximity evidence (rank/features.ts) reads it.
   */
  docToks: Int32Array;
  fieldEnd: Uint32Array;
  fields: readonly Bm25Field[];
  /** Mean token count per field (BM25F length normalisation). */
  fieldAvg: readonly number[];
  b: number;
}

export interface Bm25Options {
  k1?: number;
  b?: number;
  /** Field weights; a field of weight 0 is not indexed. */
  weights?: Partial<Record<Bm25Field, number>>;
}

export type Bm25Field = 'title' | 'people' | 'keywords' | 'text';

const DEFAULT_WEIGHTS: Record<Bm25Field, number> = { title: 3, people: 2, keywords: 1.5, text: 1 };

/** The text indexed for one field (tokenized with `searchTokens`). */
function fieldText(m: Movie, f: Bm25Field): string {
  switch (f) {
    case 'title':
      return m.originalTitle && m.originalTitle !== m.title ? `${m.title} ${m.originalTitle}` : m.title;
    case 'people':
      return [...m.directors, ...m.cast].join(' ');
    case 'keywords':
      return m.keywords.join(' ');
    case 'text':
      return `${m.tagline} ${m.overview}`;
  }
}

function fieldTokens(m: Movie, f: Bm25Field): string[] {
  return searchTokens(fieldText(m, f));
}

export function buildBm25Index(movies: readonly Movie[], opts: Bm25Options = {}): Bm25Index & { k1: number } {
  const k1 = opts.k1 ?? 1.2;
  const b = opts.b ?? 0.75;
  const weights = { ...DEFAULT_WEIGHTS, ...opts.weights };
  const fields = (Object.keys(weights) as Bm25Field[]).filter((f) => weights[f] > 0);
  const F = fields.length;
  const n = movies.length;

  // Pass 1: every field of every document as term ids in one flat list (each distinct word is folded,
  // stopword-checked and stemmed once: the same tokens as `searchTokens` per field).
  const terms = createTermIds();
  const vocab = terms.vocab;
  const toks = new IntList();
  const fieldEnd = new Uint32Array(n * F);
  const lengthSum = new Float64Array(F);
  for (let doc = 0; doc < n; doc++) {
    for (let fi = 0; fi < F; fi++) {
      const before = toks.length;
      terms.add(fieldText(movies[doc], fields[fi]), toks);
      lengthSum[fi] += toks.length - before;
      fieldEnd[doc * F + fi] = toks.length;
    }
  }
  const avg = Array.from(lengthSum, (sum) => sum / Math.max(1, n) || 1);

  // Pass 2: document frequencies; pass 3: postings, filled in document order so each list is ascending.
  const V = vocab.size;
  const lastDoc = new Int32Array(V).fill(-1);
  const df = new Uint32Array(V);
  for (let doc = 0, p = 0; doc < n; doc++) {
    const end = fieldEnd[doc * F + F - 1];
    for (; p < end; p++) {
      const id = toks.data[p];
      if (lastDoc[id] !== doc) {
        lastDoc[id] = doc;
        df[id]++;
      }
    }
  }
  const postStart = new Uint32Array(V + 1);
  for (let t = 0; t < V; t++) postStart[t + 1] = postStart[t] + df[t];
  const postDocs = new Int32Array(postStart[V]);
  const postTf = new Float32Array(postStart[V]);
  const fill = postStart.slice(0, V);
  const acc = new Float64Array(V);
  const touched = new IntList();
  lastDoc.fill(-1);
  for (let doc = 0, p = 0; doc < n; doc++) {
    touched.length = 0;
    for (let fi = 0; fi < F; fi++) {
      const end = fieldEnd[doc * F + fi];
      const len = end - p;
      if (len === 0) continue;
      const norm = weights[fields[fi]] / (1 - b + (b * len) / avg[fi]);
      for (; p < end; p++) {
        const id = toks.data[p];
        if (lastDoc[id] !== doc) {
          lastDoc[id] = doc;
          acc[id] = 0;
          touched.push(id);
        }
        acc[id] += norm;
      }
    }
    for (let i = 0; i < touched.length; i++) {
      const id = touched.data[i];
      const at = fill[id]++;
      postDocs[at] = doc;
      postTf[at] = acc[id];
    }
  }
  const idf = new Float32Array(V);
  for (let i = 0; i < V; i++) idf[i] = Math.log(1 + (n - df[i] + 0.5) / (df[i] + 0.5));
  const docToks = toks.data.slice(0, toks.length);
  return {
    docs: n,
    vocab,
    postStart,
    postDocs,
    postTf,
    idf,
    k1,
    b,
    docToks,
    fieldEnd,
    fields,
    fieldAvg: avg,
  };
}

/**
 * Score every document for the query tokens into `out` (zeroed first). Terms in more than `maxDfShare` of the
 * documents are skipped: they barely move BM25 and cost the most to scan in long posts.
 * Returns the number of query terms found in the vocabulary.
 */
export function scoreBm25(
  index: Bm25Index & { k1: number },
  tokens: readonly string[],
  out: Float32Array,
  opts: { maxDfShare?: number; termWeights?: ReadonlyMap<string, number> } = {},
): number {
  out.fill(0);
  const maxDf = (opts.maxDfShare ?? 0.25) * index.docs;
  let found = 0;
  for (const t of new Set(tokens)) {
    const id = index.vocab.get(t);
    if (id === undefined) continue;
    const from = index.postStart[id];
    const to = index.postStart[id + 1];
    if (to - from > maxDf) continue;
    found++;
    const { postDocs, postTf } = index;
    const w = index.idf[id] * (opts.termWeights?.get(t) ?? 1);
    const k1 = index.k1;
    for (let i = from; i < to; i++) {
      const tf = postTf[i];
      out[postDocs[i]] += (w * tf * (k1 + 1)) / (tf + k1);
    }
  }
  return found;
}

/** Which of the query tokens occur in a movie's indexed text (for the result's `why`). */
export function matchedTerms(movie: Movie, tokens: readonly string[]): string[] {
  const have = new Set<string>();
  for (const f of ['title', 'people', 'keywords', 'text'] as Bm25Field[])
    for (const t of fieldTokens(movie, f)) have.add(t);
  return [...new Set(tokens)].filter((t) => have.has(t));
}

/** Document `doc`'s tokens of field index `fi` (a view into `docToks`). */
export function fieldTokenIds(index: Bm25Index, doc: number, fi: number): Int32Array {
  const F = index.fields.length;
  const at = doc * F + fi;
  return index.docToks.subarray(at === 0 ? 0 : index.fieldEnd[at - 1], index.fieldEnd[at]);
}

/** Upper bound of one document's score for these tokens (for normalising to 0..1). */
export function maxPossibleBm25(index: Bm25Index & { k1: number }, tokens: readonly string[]): number {
  let s = 0;
  for (const t of new Set(tokens)) {
    const id = index.vocab.get(t);
    if (id !== undefined) s += index.idf[id] * (index.k1 + 1);
  }
  return s;
}
