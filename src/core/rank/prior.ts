import type { Movie, QualityHint } from '../types.ts';

/**
 * Popularity/quality prior, 0..1. Log vote count says "people know it"; a Bayesian-shrunk rating says
 * "people liked it" without trusting a 10/10 from two votes.
 *   default     : mostly fame, a little quality (a neutral tie-breaker)
 *   popular     : fame
 *   acclaimed   : quality, with fame as evidence
 *   hidden-gem  : quality, but fame counts against (the well-known hits are not gems)
 *   cult        : quality with some fame (a devoted audience), the biggest hits count against
 *   panned      : known and badly rated: fame, and low quality counts for it
 */
export interface PriorStats {
  /** log1p of the largest vote count (normaliser). */
  logMaxVotes: number;
  /** Mean rating of rated movies (the Bayesian prior mean). */
  meanRating: number;
}

export function priorStats(movies: readonly Movie[]): PriorStats {
  let maxVotes = 1;
  let sum = 0;
  let n = 0;
  for (const m of movies) {
    if (m.votes > maxVotes) maxVotes = m.votes;
    if (m.rating !== null && m.votes > 0) {
      sum += m.rating;
      n++;
    }
  }
  return { logMaxVotes: Math.log1p(maxVotes), meanRating: n ? sum / n : 6 };
}

/** Votes needed before a movie's own rating outweighs the mean. */
const SHRINK_VOTES = 50;

export function fameScore(m: Movie, s: PriorStats): number {
  return Math.log1p(m.votes) / s.logMaxVotes;
}

export function qualityScore(m: Movie, s: PriorStats): number {
  const r = m.rating ?? s.meanRating;
  const bayes = (m.votes * r + SHRINK_VOTES * s.meanRating) / (m.votes + SHRINK_VOTES);
  // Map roughly 4..8.5 onto 0..1.
  return Math.max(0, Math.min(1, (bayes - 4) / 4.5));
}

export function priorScore(m: Movie, s: PriorStats, hint: QualityHint): number {
  const fame = fameScore(m, s);
  const quality = qualityScore(m, s);
  switch (hint) {
    case 'popular':
      return 0.85 * fame + 0.15 * quality;
    case 'acclaimed':
      return 0.35 * fame + 0.65 * quality;
    case 'hidden-gem':
      // Some votes are needed to know it is good; many votes mean it is not hidden.
      return m.votes < 10 ? 0.2 * quality : 0.9 * quality - 0.5 * Math.max(0, fame - 0.45);
    case 'cult':
      return 0.6 * quality + 0.4 * fame - 0.6 * Math.max(0, fame - 0.7);
    case 'panned':
      return 0.6 * fame + 0.4 * (1 - quality);
    default:
      return 0.7 * fame + 0.3 * quality;
  }
}
