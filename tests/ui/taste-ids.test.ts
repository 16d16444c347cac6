import { describe, expect, it } from 'vitest';
import { tasteIds } from '../../src/app/taste-ids.ts';

describe('taste ids', () => {
  it('are 👍 and watchlisted movies, most recent first, without hidden ones or duplicates', () => {
    const ids = tasteIds({
      ratings: [
        { movieId: 1, title: 'A', value: 1, query: '', at: 10 },
        { movieId: 2, title: 'B', value: -1, query: '', at: 50 },
        { movieId: 3, title: 'C', value: 1, query: '', at: 30 },
        { movieId: 4, title: 'D', value: 1, query: '', at: 40 },
      ],
      watchlist: [
        { movieId: 5, title: 'E', year: 2000, addedAt: 35 },
        { movieId: 3, title: 'C', year: 1990, addedAt: 5 },
      ],
      hidden: [{ movieId: 4, title: 'D', at: 45 }],
    });
    expect(ids).toEqual([5, 3, 1]);
  });
});
