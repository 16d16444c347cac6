/**
 * Item-to-item co-likes: "people who liked X also liked Y", from the dataset's ratings (MovieLens
 * ratings_small, or Kaggle's full ratings.csv). The build (build-index/co-likes.ts) counts likes and co-likes
 * and keeps each movie's top-K neighbours; this module is the asset's format and the runtime lookup.
 *
 * Asset `colikes.<hash>.json` (format "cinechat-colikes", version 1):
 * - ids[i]: TMDB id of movie i (movies with at least `minSupport` likes), most liked first; likes[i]: its likes.
 * - Movie i's neighbours are entries start[i]..start[i+1]-1 of `nbr`, `score`, `co`, sorted by neighbour index;
 *   `nbr` holds the index deltas (first: the index itself), `score` the association × 1000 (rounded), `co`
 *   the number of people who liked both.
 * Derived from MovieLens data: research and non-commercial use only (see `license`).
 */

export const CO_LIKES_FORMAT = 'cinechat-colikes';
export const CO_LIKES_VERSION = 1;

/** How a rating becomes a like and how a pair is scored (recorded in the asset). */
export interface CoLikeParams {
  /** 'threshold': rating ≥ minRating; 'centred': rating ≥ minRating and above the person's own mean. */
  like: 'threshold' | 'centred';
  minRating: number;
  /** Association measure (build-index/co-likes.ts `associate`). */
  measure: string;
  /** Popularity exponent of the measure (0.5 = cosine). */
  alpha: number;
  /** Shrinkage: the score is multiplied by co / (co + shrink). */
  shrink: number;
  /** Movies with fewer likes get no neighbours and are no one's neighbour. */
  minSupport: number;
  /** Pairs liked together by fewer people are dropped. */
  minCo: number;
  /** Neighbours kept per movie. */
  k: number;
  /** Likes counted per person at most (bounded work for heavy raters; a seeded choice). */
  maxLikesPerUser: number;
}

export interface EncodedCoLikes {
  format: typeof CO_LIKES_FORMAT;
  version: typeof CO_LIKES_VERSION;
  source: string;
  license: string;
  params: CoLikeParams;
  /** People with at least one like. */
  users: number;
  ids: number[];
  likes: number[];
  start: number[];
  nbr: number[];
  score: number[];
  co: number[];
}

export interface CoLikeNeighbour {
  id: number;
  /** Association, 0..1 for the shipped measures. */
  score: number;
  /** People who liked both. */
  co: number;
}

/** The runtime view of the asset. */
export interface CoLikeIndex {
  readonly params: CoLikeParams;
  readonly size: number;
  /** Likes of a movie (0: no ratings, or below the support threshold). */
  likes(id: number): number;
  /** The movie's neighbours, best first (empty when it has none). */
  neighbours(id: number): CoLikeNeighbour[];
}

export function decodeCoLikes(data: EncodedCoLikes): CoLikeIndex {
  if (data?.format !== CO_LIKES_FORMAT || data.version !== CO_LIKES_VERSION)
    throw new Error(
      `Not a CineChat co-likes file ("${CO_LIKES_FORMAT}" version ${CO_LIKES_VERSION} expected)`,
    );
  const { ids, likes, start, nbr, score, co } = data;
  if (start.length !== ids.length + 1 || nbr.length !== score.length || nbr.length !== co.length)
    throw new Error('Co-likes file: inconsistent array lengths');
  const at = new Map<number, number>();
  ids.forEach((id, i) => at.set(id, i));
  const cache = new Map<number, CoLikeNeighbour[]>();
  return {
    params: data.params,
    size: ids.length,
    likes: (id) => {
      const i = at.get(id);
      return i === undefined ? 0 : likes[i];
    },
    neighbours(id) {
      const i = at.get(id);
      if (i === undefined) return [];
      let out = cache.get(i);
      if (!out) {
        out = [];
        let j = 0;
        for (let e = start[i]; e < start[i + 1]; e++) {
          j = e === start[i] ? nbr[e] : j + nbr[e];
          out.push({ id: ids[j], score: score[e] / 1000, co: co[e] });
        }
        out.sort((a, b) => b.score - a.score || a.id - b.id);
        if (cache.size > 2000) cache.clear();
        cache.set(i, out);
      }
      return out;
    },
  };
}

/** One candidate's co-like evidence over the seeds. */
export interface CoLikeEvidence {
  /** Mean association over the seeds that have co-like data (0..1). */
  score: number;
  /** The seed with the strongest association, its association, and how many people liked both. */
  seedId: number;
  best: number;
  co: number;
}

/**
 * Co-like evidence for every neighbour of the seeds. Seeds without ratings contribute nothing (the content
 * signals rank alone then); a candidate's score is its summed association divided by the seeds that have data.
 * Neighbours of the negative examples ("less like this") lose their mean association with them, so a movie
 * the fans of a rejected one like goes down (its score may fall below 0). No example is its own evidence.
 */
export function coLikeEvidence(
  coLikes: CoLikeIndex | null | undefined,
  seedIds: readonly number[],
  negativeIds: readonly number[] = [],
): Map<number, CoLikeEvidence> {
  const out = new Map<number, CoLikeEvidence>();
  if (!coLikes) return out;
  const rated = (ids: readonly number[]) => [...new Set(ids)].filter((id) => coLikes.likes(id) > 0);
  const seeds = rated(seedIds);
  for (const s of seeds)
    for (const n of coLikes.neighbours(s)) {
      const e = out.get(n.id);
      if (!e) out.set(n.id, { score: n.score, seedId: s, best: n.score, co: n.co });
      else {
        e.score += n.score;
        if (n.score > e.best) Object.assign(e, { seedId: s, best: n.score, co: n.co });
      }
    }
  if (seeds.length > 1) for (const e of out.values()) e.score /= seeds.length;
  const negatives = rated(negativeIds);
  for (const s of negatives)
    for (const n of coLikes.neighbours(s)) {
      const e = out.get(n.id) ?? { score: 0, seedId: s, best: 0, co: 0 };
      e.score -= n.score / negatives.length;
      out.set(n.id, e);
    }
  for (const s of [...seeds, ...negatives]) out.delete(s);
  return out;
}

/** Fewest people behind a pair before the card says "People who liked X also liked this". */
export const CO_LIKE_REASON_MIN = 3;
