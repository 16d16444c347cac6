import type { PersonalData } from '../storage/types.ts';

/**
 * The movies that steer open-ended recommendations (core/rank/taste.ts): rated 👍 or on the
 * watchlist, most recent first, never one the person hid.
 */
export function tasteIds(d: Pick<PersonalData, 'ratings' | 'watchlist' | 'hidden'>): number[] {
  const hidden = new Set(d.hidden.map((h) => h.movieId));
  const picks = [
    ...d.ratings.filter((r) => r.value === 1).map((r) => ({ movieId: r.movieId, at: r.at })),
    ...d.watchlist.map((w) => ({ movieId: w.movieId, at: w.addedAt })),
  ]
    .filter((x) => !hidden.has(x.movieId))
    .sort((a, b) => b.at - a.at);
  return [...new Set(picks.map((x) => x.movieId))];
}
