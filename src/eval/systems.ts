import type { Embedder, Movie } from '../core/types.ts';
import type { Retriever } from '../core/retrieve.ts';
import type { RecommendStrategy } from '../core/rank/recommend.ts';
import type { RankWeights } from '../core/rank/weights.ts';
import { resolveTitle } from '../core/query/titles.ts';
import type { EvalQuery } from './queries.ts';

/** Something the eval can ask for a ranked list of TMDB ids. */
export interface EvalSystem {
  name: string;
  search(q: EvalQuery, k: number, exclude: readonly number[]): Promise<number[]>;
}

/** Texts are embedded once per run (the app and the baseline often embed the same text). */
export function cachedEmbedder(
  embedder: Embedder,
  preload?: ReadonlyMap<string, Float32Array>,
): (text: string) => Promise<Float32Array> {
  const cache = new Map<string, Promise<Float32Array>>();
  for (const [t, v] of preload ?? []) cache.set(t, Promise.resolve(v));
  return (text) => {
    let p = cache.get(text);
    if (!p) {
      p = embedder.embed([text]).then((v) => v[0]);
      cache.set(text, p);
    }
    return p;
  };
}

/** The user's side of a dialogue (the query itself for single-turn kinds). */
export function userText(q: EvalQuery): string {
  return q.turns
    ? q.turns
        .filter((t) => t.role === 'user')
        .map((t) => t.text)
        .join('\n')
    : q.query;
}

/**
 * Movies named in dialogue text as "Title (Year)" (ReDial's convention): the longest run of words before the
 * year that resolves exactly to a title of that year (±1).
 */
export function mentionedMovies(retriever: Retriever, text: string): number[] {
  const ids: number[] = [];
  for (const m of text.matchAll(/\((\d{4})\)/g)) {
    const year = Number(m[1]);
    const before = text
      .slice(Math.max(0, m.index - 120), m.index)
      .split(/\s+/)
      .filter(Boolean)
      .slice(-10);
    for (let n = before.length; n >= 1; n--) {
      const phrase = before.slice(before.length - n).join(' ');
      const hit = resolveTitle(retriever.planner.titles, phrase, { limit: 1, year })[0];
      if (hit && hit.how === 'exact' && hit.year !== null && Math.abs(hit.year - year) <= 1) {
        ids.push(hit.id);
        break;
      }
    }
  }
  return [...new Set(ids)];
}

export function cineChatSystem(
  retriever: Retriever,
  embed: (t: string) => Promise<Float32Array>,
  opts: { strategy?: RecommendStrategy; weights?: Partial<RankWeights> } = {},
): EvalSystem {
  return {
    name: 'cinechat',
    async search(q, k, exclude) {
      if (q.kind === 'conversation' && q.turns) {
        // The user's turns carry the taste; the movies they named are positive examples.
        const users = q.turns.filter((t) => t.role === 'user');
        const liked = mentionedMovies(retriever, users.map((t) => t.text).join('\n'));
        const plan = retriever.plan(
          users
            .slice(-3)
            .map((t) => t.text)
            .join('. '),
        );
        const vector = plan.searchText ? await embed(plan.searchText) : null;
        const res = await retriever.retrieve(plan, vector, {
          k,
          exclude,
          liked,
          strategy: opts.strategy,
          weights: opts.weights,
        });
        return res.map((r) => r.id);
      }
      const plan = retriever.plan(q.query);
      const vector = plan.searchText ? await embed(plan.searchText) : null;
      const res = await retriever.retrieve(plan, vector, {
        k,
        exclude,
        strategy: opts.strategy,
        weights: opts.weights,
      });
      return res.map((r) => r.id);
    },
  };
}

/**
 * The original system: the raw text embedded and compared with each movie's overview embedding, exact
 * float32 cosine, nothing else.
 */
export function baselineSystem(
  base: { ids: number[]; vectors: Float32Array; dims: number },
  embed: (t: string) => Promise<Float32Array>,
): EvalSystem {
  const rows = base.ids.length;
  const scores = new Float32Array(rows);
  return {
    name: 'baseline',
    async search(q, k, exclude) {
      const v = await embed(userText(q));
      const { vectors, dims } = base;
      for (let r = 0; r < rows; r++) {
        let s = 0;
        const o = r * dims;
        for (let j = 0; j < dims; j++) s += vectors[o + j] * v[j];
        scores[r] = s;
      }
      const ex = new Set(exclude);
      const order = Array.from({ length: rows }, (_, r) => r)
        .filter((r) => !ex.has(base.ids[r]))
        .sort((a, b) => scores[b] - scores[a]);
      return order.slice(0, k).map((r) => base.ids[r]);
    },
  };
}

export function byId(movies: readonly Movie[]): Map<number, Movie> {
  const m = new Map<number, Movie>();
  for (const x of movies) if (!m.has(x.id)) m.set(x.id, x);
  return m;
}
