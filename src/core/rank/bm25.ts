import type { Movie } from '../types.ts';
import { searchTokens } from '../query/text.ts';

/**
 * BM25F keyword index over title, people, keywords and overview/tagline, built from Movie[] at load time.
 * Field weights make a title or name hit count more than one word in an overview; each field is length-
 * normalised against its own average (BM25F), then saturated once per term.
 */
export interface Bm25Index {
  docs: number;
  vocab: Map<string, number>;
  /** Per term: documents (ascending) and their weighted, length-normalised term frequency. */
  postDocs: Int32Array[];
  postTf: Float32Array[];
  idf: Float32Array;
}

export interface Bm25Options {
  k1?: number;
  b?: number;
  /** Field weights; a field of weight 0 is not indexed. */
  weights?: Partial<Record<Bm25Field, number>>;
}

export type Bm25Field = 'title' | 'people' | 'keywords' | 'text';

const DEFAULT_WEIGHTS: Record<Bm25Field, number> = { title: 3, people: 2, keywords: 1.5, text: 1 };

function fieldTokens(m: Movie, f: Bm25Field): string[] {
  switch (f) {
    case 'title':
      return searchTokens(
        m.originalTitle && m.originalTitle !== m.title ? `${m.title} ${m.originalTitle}` : m.title,
      );
    case 'people':
      return searchTokens([...m.directors, ...m.cast].join(' '));
    case 'keywords':
      return searchTokens(m.keywords.join(' '));
    case 'text':
      return searchTokens(`${m.tagline} ${m.overview}`);
  }
}

export function buildBm25Index(movies: readonly Movie[], opts: Bm25Options = {}): Bm25Index & { k1: number } {
  const k1 = opts.k1 ?? 1.2;
  const b = opts.b ?? 0.75;
  const weights = { ...DEFAULT_WEIGHTS, ...opts.weights };
  const fields = (Object.keys(weights) as Bm25Field[]).filter((f) => weights[f] > 0);
  const perDoc: string[][][] = movies.map((m) => fields.map((f) => fieldTokens(m, f)));
  const avg = fields.map(
    (_, fi) => perDoc.reduce((s, d) => s + d[fi].length, 0) / Math.max(1, movies.length) || 1,
  );

  const vocab = new Map<string, number>();
  const docsTmp: number[][] = [];
  const tfTmp: number[][] = [];
  const acc = new Map<number, number>();
  perDoc.forEach((fieldsOfDoc, doc) => {
    acc.clear();
    fieldsOfDoc.forEach((toks, fi) => {
      if (toks.length === 0) return;
      const norm = weights[fields[fi]] / (1 - b + (b * toks.length) / avg[fi]);
      for (const t of toks) {
        let id = vocab.get(t);
        if (id === undefined) {
          id = vocab.size;
          vocab.set(t, id);
          docsTmp.push([]);
          tfTmp.push([]);
        }
        acc.set(id, (acc.get(id) ?? 0) + norm);
      }
    });
    for (const [id, tf] of acc) {
      docsTmp[id].push(doc);
      tfTmp[id].push(tf);
    }
  });
  const n = movies.length;
  const idf = new Float32Array(vocab.size);
  for (let i = 0; i < vocab.size; i++) {
    const df = docsTmp[i].length;
    idf[i] = Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }
  return {
    docs: n,
    vocab,
    postDocs: docsTmp.map((d) => Int32Array.from(d)),
    postTf: tfTmp.map((t) => Float32Array.from(t)),
    idf,
    k1,
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
    const docs = index.postDocs[id];
    if (docs.length > maxDf) continue;
    found++;
    const tfs = index.postTf[id];
    const w = index.idf[id] * (opts.termWeights?.get(t) ?? 1);
    const k1 = index.k1;
    for (let i = 0; i < docs.length; i++) {
      const tf = tfs[i];
      out[docs[i]] += (w * tf * (k1 + 1)) / (tf + k1);
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

/** Upper bound of one document's score for these tokens (for normalising to 0..1). */
export function maxPossibleBm25(index: Bm25Index & { k1: number }, tokens: readonly string[]): number {
  let s = 0;
  for (const t of new Set(tokens)) {
    const id = index.vocab.get(t);
    if (id !== undefined) s += index.idf[id] * (index.k1 + 1);
  }
  return s;
}
