import { describe, expect, it } from 'vitest';
import { buildTitleIndex, osaDistance, resolveTitle, titleKey } from '../../src/core/query/titles.ts';
import { loadFixtureMovies } from './fixture.ts';

const movies = loadFixtureMovies();
const index = buildTitleIndex(movies);
const top = (q: string, year?: number) => {
  const m = resolveTitle(index, q, { limit: 3, year })[0];
  return m ? `${m.title} (${m.year})` : null;
};

describe('title keys', () => {
  it('normalises articles, accents, punctuation and numerals', () => {
    expect(titleKey('The Matrix')).toBe('matrix');
    expect(titleKey('Amélie')).toBe('amelie');
    expect(titleKey('Rocky II')).toBe('rocky 2');
    expect(titleKey('Toy Story Two')).toBe('toy story 2');
    expect(titleKey('The Godfather: Part II')).toBe('godfather 2');
    expect(titleKey('Spider-Man')).toBe('spider man');
  });
  it('counts a transposition as one edit', () => {
    expect(osaDistance('incpetion', 'inception')).toBe(1);
    expect(osaDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('resolveTitle on real titles', () => {
  it('prefers the well-known film among same-titled ones, unless a year says otherwise', () => {
    expect(top('titanic')).toBe('Titanic (1997)');
    expect(top('Titanic (1953)')).toBe('Titanic (1953)');
    expect(top('the thing')).toBe('The Thing (1982)');
    expect(top('oldboy')).toBe('Oldboy (2003)');
  });
  it('handles accents, articles, punctuation and numerals', () => {
    expect(top('amelie')).toBe('Amélie (2001)');
    expect(top('matrix')).toBe('The Matrix (1999)');
    expect(top('spiderman')).toBe('Spider-Man (2002)');
    expect(top('rocky 2')).toBe('Rocky II (1979)');
    expect(top('toy story two')).toBe('Toy Story 2 (1999)');
    expect(top('godfather part 2')).toBe('The Godfather: Part II (1974)');
  });
  it('keeps the original over its sequels and finds numbered sequels of a series', () => {
    expect(top('shrek')).toBe('Shrek (2001)');
    expect(top('jaws')).toBe('Jaws (1975)');
    expect(top('harry potter 2')).toBe('Harry Potter and the Chamber of Secrets (2002)');
  });
  it('resolves a series name to its best-known film', () => {
    expect(top('harry potter')).toBe("Harry Potter and the Philosopher's Stone (2001)");
  });
  it('resolves collection names and reports the collection', () => {
    const m = resolveTitle(index, 'the godfather collection', { limit: 1 })[0];
    expect(m?.title).toBe('The Godfather');
    expect(m?.how).toBe('exact');
    const c = resolveTitle(index, 'toy story collection', { limit: 1 })[0];
    expect(c?.title).toBe('Toy Story');
    expect(c?.collectionId).toBe(movies.find((x) => x.title === 'Toy Story')?.collection?.id);
  });
  it('corrects misspellings', () => {
    expect(top('jurasic park')).toBe('Jurassic Park (1993)');
    expect(top('the godfater')).toBe('The Godfather (1972)');
    expect(top('harry poter')).toBe("Harry Potter and the Philosopher's Stone (2001)");
    expect(top('silence of the lamb')).toBe('The Silence of the Lambs (1991)');
  });
  it('returns nothing for gibberish', () => {
    expect(resolveTitle(index, 'qqxzzv wwpt', { limit: 3 })).toEqual([]);
  });
});
