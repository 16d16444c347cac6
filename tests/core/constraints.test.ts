import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/core/query/constraints.ts';
import { buildPeopleIndex } from '../../src/core/query/people.ts';
import { loadFixtureMovies } from './fixture.ts';

const people = buildPeopleIndex(loadFixtureMovies());
const parse = (q: string) => parseQuery(q, { people, latestYear: 2017 });

describe('genres and synonyms', () => {
  it.each([
    ['sci-fi movies', ['Science Fiction']],
    ['a good rom-com', ['Romance', 'Comedy']],
    ['cartoons for tonight', ['Animation']],
    ['animated films', ['Animation']],
    ['scary movies', ['Horror']],
    ['westerns', ['Western']],
    ['war movies', ['War']],
    ['crime dramas', ['Crime', 'Drama']],
    ['documentaries', ['Documentary']],
    ['a whodunit', ['Mystery']],
    ['family movies', ['Family']],
  ])('%s → %j', (q, genres) => {
    expect(parse(q).constraints.genres?.sort()).toEqual([...genres].sort());
  });

  it('keeps everyday nouns and mood words as hints, not filters', () => {
    const p = parse('a scientist shrinks his kids by accident and they cross the backyard');
    expect(p.constraints.genres).toBeUndefined();
    expect(p.boostGenres).toContain('Family');
    const funny = parse('something funny');
    expect(funny.constraints.genres).toBeUndefined();
    expect(funny.boostGenres).toEqual([]);
    expect(funny.moods).toEqual(['funny']); // a mood: evidence for Comedy, never a filter (query/moods.ts)
    expect(parse('documentaries about music').constraints.genres).toEqual(['Documentary']);
  });
});

describe('years and decades', () => {
  it.each([
    ['comedies from the 80s', [1980, 1989]],
    ['1980s horror', [1980, 1989]],
    ['from the 90s', [1990, 1999]],
    ['the late 90s', [1996, 1999]],
    ['early 2000s thrillers', [2000, 2003]],
    ['westerns from the fifties', [1950, 1959]],
    ['before 1960', [null, 1959]],
    ['2015 or later', [2015, null]],
    ['made after 2005', [2006, null]],
    ['since 2010', [2010, null]],
    ['from 2000 to 2005', [2000, 2005]],
    ['between 1990 and 1995', [1990, 1995]],
    ['released in 1994', [1994, 1994]],
    ['something recent', [2013, null]],
    ['old movies', [null, 1969]],
  ])('%s → %j', (q, years) => {
    expect(parse(q).constraints.years).toEqual(years);
  });

  it('softens years in a long descriptive post into a hint window', () => {
    const post =
      'I saw this movie back around 2013 on TV, it was about a family who moved next door to a strange house and there was a girl kept in a room at the end of a long corridor, and I remember a twist at the end with a swing.';
    const p = parse(post);
    expect(p.long).toBe(true);
    expect(p.constraints.years).toBeUndefined();
    expect(p.boostYears?.[1]).toBe(2014);
  });
});

describe('runtime', () => {
  it.each([
    ['thrillers under 90 minutes', [null, 89]],
    ['longer than two hours', [121, null]],
    ['at least 2 hours', [120, null]],
    ['no more than 100 mins', [null, 100]],
    ['less than an hour and a half', [null, 89]],
    ['between 90 and 120 minutes', [90, 120]],
    ['a short movie', [null, 90]],
    ['war movies longer than 150 minutes', [151, null]],
  ])('%s → %j', (q, runtime) => {
    expect(parse(q).constraints.runtime).toEqual(runtime);
  });
});

describe('language and country', () => {
  it.each([
    ['french dramas', { languages: ['fr'] }],
    ['korean movies', { languages: ['ko'] }],
    ['bollywood films', { languages: ['hi'] }],
    ['british comedies', { countries: ['GB'] }],
    ['chinese action movies', { languages: ['zh'] }],
    ['movies in japanese', { languages: ['ja'] }],
  ])('%s → %j', (q, want) => {
    const c = parse(q).constraints;
    expect({ languages: c.languages, countries: c.countries }).toMatchObject(want);
  });

  it('does not filter on a nationality that describes a character', () => {
    const p = parse('a french spy falls in love with a diplomat');
    expect(p.constraints.languages).toBeUndefined();
    expect(p.boostLanguages).toContain('fr');
  });
});

describe('people, validated against credits', () => {
  it('finds cued and uncued names that exist in the data', () => {
    expect(parse('comedies with Tom Hanks').constraints.people).toEqual(['Tom Hanks']);
    expect(parse('starring sylvester stallone').constraints.people).toEqual(['Sylvester Stallone']);
    expect(parse('al pacino crime movies').constraints.people).toEqual(['Al Pacino']);
  });
  it('ignores names that are not in the data', () => {
    expect(parse('movies with Zorblax Quentworth').constraints.people).toBeUndefined();
  });
});

describe('quality, negatives, named movies, references', () => {
  it('quality hints', () => {
    expect(parse('highly rated thrillers').quality).toBe('acclaimed');
    expect(parse('hidden gems from the 70s').quality).toBe('hidden-gem');
    expect(parse('popular comedies').quality).toBe('popular');
  });
  it('negatives', () => {
    expect(parse('a sad love story but not horror').constraints.excludeGenres).toEqual(['Horror']);
    expect(parse('comedies, no musicals').constraints.excludeGenres).toEqual(['Music']);
    expect(parse('nothing too scary').constraints.excludeGenres).toEqual(['Horror']);
    expect(parse('a war movie but less violent').avoidTerms).toEqual(['violent']);
  });
  it('named movies and list references', () => {
    expect(parse('movies like Harry Potter').likePhrases).toEqual(['harry potter']);
    expect(parse('something similar to The Matrix but from the 90s').likePhrases).toEqual(['the matrix']);
    expect(parse('if I liked Inception what should I watch').likePhrases).toEqual(['inception']);
    expect(parse('more like #2').refs).toEqual([2]);
    // A taste, not a title:
    expect(parse('I love horror movies').likePhrases).toEqual([]);
  });
  it('title words in a post', () => {
    const p = parse('I think the title had the words "next door" in it, a thriller about a girl');
    expect(p.titleWords).toEqual(['next door']);
  });
  it("leaves the free text, in the user's casing (the embedder is case-sensitive)", () => {
    expect(parse('french dramas about grief from the 90s').rest).toBe('about grief');
    expect(parse('A bat-man fights crime in Gotham, from the 90s').rest).toBe(
      'A bat-man fights crime in Gotham',
    );
  });
});

describe('audience: for adults or for kids', () => {
  it.each([
    'animated movies for adults',
    'like Spirited Away but for adults',
    'grown-up animated movies',
    'a movie for grown-ups',
    'adult animation',
    'an animated movie that is not for kids',
    'a cartoon aimed at a mature audience',
  ])('%s excludes Family', (q) => {
    const c = parse(q).constraints;
    expect(c.excludeGenres).toContain('Family');
    expect(c.genres ?? []).not.toContain('Family');
  });
  it.each([
    'comedies for kids',
    'family friendly comedy',
    'movies for the whole family',
    'a film for all ages',
  ])('%s asks for Family', (q) => {
    const c = parse(q).constraints;
    expect(c.genres).toContain('Family');
    expect(c.excludeGenres ?? []).not.toContain('Family');
  });
  it('leaves plots about adults and "not for adults" alone', () => {
    expect(parse('a drama about adult siblings').constraints.excludeGenres).toBeUndefined();
    expect(parse('a story about a grown-up Peter Pan').constraints.excludeGenres).toBeUndefined();
    expect(parse('a cartoon that is not for adults').constraints.excludeGenres ?? []).not.toContain('Family');
  });
});
