import { describe, expect, it } from 'vitest';
import { planToChips, removeChip } from '../../src/core/conversation/chips.ts';
import type { QueryPlan } from '../../src/core/types.ts';

const plan: QueryPlan = {
  searchText: 'space',
  constraints: {
    genres: ['Science Fiction', 'Adventure'],
    years: [1980, 1989],
    runtime: [null, 120],
    languages: ['ja'],
    minRating: 7,
    minVotes: 10,
    maxVotes: 800,
  },
  likeTitles: ['Spirited Away'],
  unlikeTitles: ['Twilight'],
  likeIds: [129],
  unlikeIds: [8966],
  quality: 'hidden-gem',
  source: 'rules',
  hints: { moods: ['dark'] },
};

describe('refinement chips', () => {
  it('shows every constraint and example as a readable chip', () => {
    expect(planToChips(plan).map((c) => c.label)).toEqual([
      'hidden gems', // the quality word stands for its own vote bounds; "rated 7+" was said on its own
      'dark',
      'Science Fiction',
      'Adventure',
      '1980–1989',
      'under 120 min',
      'Japanese',
      'rated 7+',
      'like Spirited Away',
      'not Twilight',
    ]);
  });

  it('removing the quality chip drops the word and the bounds it brought, nothing else', () => {
    const next = removeChip(plan, 'quality');
    expect(next.quality).toBeNull();
    expect(next.constraints.minVotes).toBeUndefined();
    expect(next.constraints.maxVotes).toBeUndefined();
    expect(next.constraints.minRating).toBe(7);
    expect(removeChip(plan, 'mood:dark').hints?.moods).toBeUndefined();
  });

  it('removing a chip removes exactly that piece of the plan', () => {
    for (const chip of planToChips(plan)) {
      const next = removeChip(plan, chip.key);
      const left = planToChips(next).map((c) => c.key);
      expect(left).not.toContain(chip.key);
      expect(left).toHaveLength(planToChips(plan).length - 1);
      expect(next.searchText).toBe('space');
    }
    expect(plan.constraints.genres).toEqual(['Science Fiction', 'Adventure']); // input untouched
  });

  it('drops an emptied list field and keeps unknown keys harmless', () => {
    const one = removeChip(removeChip(plan, 'genres:Science Fiction'), 'genres:Adventure');
    expect('genres' in one.constraints).toBe(false);
    expect(removeChip(plan, 'nonsense:1')).toEqual(plan);
  });
});
