import { describe, expect, it } from 'vitest';
import { describeWhy } from '../../src/ui/format.ts';

describe('why-chip words', () => {
  it('an excluded genre reads "Not X", not a double negative', () => {
    expect(describeWhy({ kind: 'constraint', field: 'excludeGenres', value: 'not Family' })).toBe(
      'Not Family',
    );
  });
  it('other constraints keep their field label', () => {
    expect(describeWhy({ kind: 'constraint', field: 'genres', value: 'Drama' })).toBe('Genre: Drama');
  });
});
