import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/core/query/constraints.ts';
import { MOODS, moodGenres } from '../../src/core/query/moods.ts';

const moods = (text: string) => parseQuery(text).moods;

describe('moods and tones', () => {
  it.each([
    ['a film that will make us weep', 'tearjerker'],
    ['something snug for a rainy evening', 'cozy'],
    ['give me a breezy easy watch', 'light-hearted'],
    ['an eerie little story', 'scary'],
    ['a cerebral puzzle of a movie', 'mind-bending'],
    ['a quiet, atmospheric character study', 'slow-burn'],
    ['grim and sinister noir', 'dark'],
    ['an underdog sports story that will inspire me', 'inspiring'],
    ['something sunny and optimistic', 'feel-good'],
  ])('reads "%s" as %s', (text, label) => {
    expect(moods(text)).toContain(label);
  });

  it('a negated mood is not a wish for it', () => {
    expect(moods('a thriller but nothing too dark')).not.toContain('dark');
  });

  it('keeps the genre of "scary but not gory" and avoids the gore instead', () => {
    const q = parseQuery('scary but not gory');
    expect(q.constraints.excludeGenres ?? []).not.toContain('Horror');
    expect(q.avoidTerms).toContain('gory');
    expect(q.moods).toContain('scary');
  });

  it('never works against a genre the same moods point to', () => {
    for (const m of MOODS) expect(m.genres.filter((g) => m.against.includes(g))).toEqual([]);
    const mixed = moodGenres(['feel-good', 'scary']);
    expect(mixed.against.filter((g) => mixed.genres.includes(g))).toEqual([]);
  });
});
