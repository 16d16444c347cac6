/**
 * Ranking weights per kind of request. A request is one of:
 * - describe : a long post describing one movie (tip of the tongue): text evidence dominates, no diversity.
 * - lookup   : a short description of one movie ("a boxer from Philadelphia…"): text, a little fame.
 * - similar  : "like X": X's vector, its genres, collection and people; diversity on.
 * - explore  : constraints / mood ("french comedies", "something sad"): constraints filter, fame and quality
 *              order what the text leaves open; diversity on.
 * Weights are per kind, never per query; they were set on the dev sets' kinds as a whole.
 */
export type RequestKind = 'describe' | 'lookup' | 'similar' | 'explore';

export interface RankWeights {
  dense: number;
  bm25: number;
  prior: number;
  /** Soft genre/year/people/language hints. */
  hintGenre: number;
  hintYear: number;
  hintPeople: number;
  hintLanguage: number;
  titleWords: number;
  /** Penalty for avoid-terms keyword hits. */
  avoid: number;
  /** Mood evidence: added for a genre the mood points to, taken off for one that works against it. */
  mood: number;
  /** Seed relations ("similar to X"). */
  seedGenre: number;
  seedCollection: number;
  seedPeople: number;
  /**
   * "People who liked X also liked this" (rank/co-likes.ts): the candidates' co-like association with the
   * seeds, over its best among the candidates. 0 = content only.
   */
  coLike: number;
  /** The co-like share kept for a candidate sharing no genre with the seeds (1: genres do not gate co-likes). */
  coLikeOffGenre: number;
  /** Closeness to the person's taste (liked and watchlisted movies, rank/taste.ts); open requests only. */
  taste: number;
  /** MMR λ (1 = no diversity). */
  mmrLambda: number;
  /** Candidates taken from each retriever before fusion. */
  candidates: number;
  /**
   * 0: fuse normalised scores. k > 0: fuse ranks, each list scored (k + 1) / (k + rank) so its best is 1
   * (reciprocal rank fusion, Cormack et al. 2009, rescaled to sit beside the 0..1 hints).
   */
  rrfK: number;
}

const BASE: RankWeights = {
  dense: 1,
  bm25: 0.5,
  prior: 0.15,
  hintGenre: 0.1,
  hintYear: 0.1,
  hintPeople: 0.2,
  hintLanguage: 0.05,
  titleWords: 0.4,
  avoid: 0.3,
  mood: 0.3,
  seedGenre: 0,
  seedCollection: 0,
  seedPeople: 0,
  coLike: 0,
  coLikeOffGenre: 0.5,
  taste: 0,
  mmrLambda: 1,
  candidates: 300,
  rrfK: 0,
};

export const DEFAULT_WEIGHTS: Record<RequestKind, RankWeights> = {
  // Long posts: a deep pool (the learned re-ranker orders it; rank/learned.ts).
  describe: {
    ...BASE,
    dense: 1,
    bm25: 0.6,
    prior: 0.12,
    hintGenre: 0.06,
    hintYear: 0.1,
    mmrLambda: 1,
    candidates: 1000,
  },
  // Short clean plot descriptions are keyword-rich: keywords weigh as much as the embedding.
  lookup: { ...BASE, dense: 1, bm25: 1, prior: 0.15, hintGenre: 0.08, mmrLambda: 1 },
  similar: {
    ...BASE,
    dense: 1,
    bm25: 0.2,
    prior: 0.25,
    hintGenre: 0.15,
    seedGenre: 0.35,
    // Above the co-like weight: the rest of a series comes first ("like Toy Story" → Toy Story 2).
    seedCollection: 16.5,
    seedPeople: 0.1,
    // Set on the held-out-users co-like protocol (npm run eval:co-likes): the co-like order leads where the
    // seeds have ratings, content orders near-ties and fills in. A pairing sharing no genre with the seeds
    // counts half: without the gate recall@10 gains 0.02 but the top 10 sharing a genre falls from 0.93 to 0.72.
    coLike: 16,
    mmrLambda: 0.75,
  },
  // Taste is a nudge: below the genre hint, so it reorders close calls and never outweighs the request; so are
  // the co-likes of the liked and watchlisted movies (and, taken off, those of the "less like this" ones).
  explore: {
    ...BASE,
    ...{ dense: 1, bm25: 0.3, prior: 0.4, hintGenre: 0.35, taste: 0.15, coLike: 0.15, mmrLambda: 0.75 },
  },
};
