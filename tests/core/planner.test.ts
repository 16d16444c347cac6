import { describe, expect, it } from 'vitest';
import { createPlannerContext, planQuery, validatePlan } from '../../src/core/plan/rule-planner.ts';
import { loadFixtureMovies } from './fixture.ts';

const movies = loadFixtureMovies();
const ctx = createPlannerContext(movies);
const idOf = (title: string, year?: number) =>
  movies.find((m) => m.title === title && (year === undefined || m.year === year))!.id;

describe('planQuery', () => {
  it('turns a constrained request into filters and no search text', () => {
    const p = planQuery('british comedies from the 1980s', ctx);
    expect(p.constraints).toMatchObject({ genres: ['Comedy'], countries: ['GB'], years: [1980, 1989] });
    expect(p.searchText).toBe('');
    expect(p.source).toBe('rules');
  });
  it('resolves "like X" to ids and keeps the rest as text', () => {
    const p = planQuery('movies like Jurassic Park but with more humour', ctx);
    expect(p.likeIds).toEqual([idOf('Jurassic Park')]);
    expect(p.searchText).toContain('humour');
  });
  it('splits a list of named movies', () => {
    const p = planQuery('something like Alien and Toy Story', ctx);
    expect(p.likeIds.sort()).toEqual([idOf('Alien'), idOf('Toy Story')].sort());
  });
  it('reads a comma list of titles and keeps the clause after it', () => {
    const p = planQuery('movies like Alien, Toy Story and Jaws, but funnier', ctx);
    expect(p.likeIds.sort()).toEqual([idOf('Alien'), idOf('Toy Story'), idOf('Jaws')].sort());
    expect(p.searchText).toContain('funnier');
  });
  it('combines negated genres with other constraints across commas', () => {
    expect(planQuery('sci-fi but not horror, before 1980', ctx).constraints).toEqual({
      genres: ['Science Fiction'],
      excludeGenres: ['Horror'],
      years: [null, 1979],
    });
  });
  it('follows list references', () => {
    const p = planQuery('more like #2', ctx, { previousIds: [11, 12, 13] });
    expect(p.likeIds).toEqual([12]);
  });
  it('turns quality hints into checkable bounds', () => {
    expect(planQuery('highly rated westerns', ctx).constraints).toMatchObject({
      genres: ['Western'],
      minRating: 7,
    });
    expect(planQuery('hidden gems', ctx).constraints.maxVotes).toBeGreaterThan(0);
  });
  it('negative example titles become unlike ids', () => {
    const p = planQuery('romantic comedies but not like Notting Hill', ctx);
    expect(p.unlikeIds).toEqual([idOf('Notting Hill')]);
  });
  it('marks long posts as describing one movie and keeps their constraints soft', () => {
    const post =
      'Looking for a movie I watched as a kid in the 90s, I think it was a horror comedy with a family moving into a haunted house and the ghosts were trying to scare them away but they were kind of nice ghosts';
    const p = planQuery(post, ctx);
    expect(p.hints?.describesOneMovie).toBe(true);
    expect(p.constraints.genres).toBeUndefined();
    expect(p.hints?.years).toBeDefined();
  });
});

describe('validatePlan', () => {
  it('drops unknown genres, orders and clamps ranges, checks codes, people and ids', () => {
    const p = validatePlan(
      {
        searchText: '  space  opera ',
        constraints: {
          genres: ['sci-fi', 'Comedy', 'Telenovela'],
          excludeGenres: ['comedy'],
          years: [2030, 1990],
          runtime: [-5, 99999],
          languages: ['FR', 'french'],
          countries: ['gb', 'Britain'],
          people: ['tom hanks', 'Nobody Real'],
          minRating: 42,
          minVotes: 100,
          maxVotes: 10,
        },
        likeIds: [idOf('Alien'), 999999999, 'x'],
        likeTitles: [],
        unlikeIds: [idOf('Alien')],
        unlikeTitles: [],
        quality: 'amazing',
        source: 'llm',
      },
      ctx,
    );
    expect(p.searchText).toBe('space opera');
    expect(p.constraints.genres).toEqual(['Science Fiction']);
    expect(p.constraints.excludeGenres).toEqual(['Comedy']);
    expect(p.constraints.years).toEqual([1990, ctx.latestYear + 5]);
    expect(p.constraints.runtime).toEqual([1, 1000]);
    expect(p.constraints.languages).toEqual(['fr']);
    expect(p.constraints.countries).toEqual(['GB']);
    expect(p.constraints.people).toEqual(['Tom Hanks']);
    expect(p.constraints.minRating).toBe(10);
    expect(p.constraints.maxVotes).toBeUndefined();
    expect(p.likeIds).toEqual([idOf('Alien')]);
    expect(p.unlikeIds).toEqual([]);
    expect(p.quality).toBeNull();
    expect(p.source).toBe('llm');
  });
  it('resolves titles an LLM named without ids', () => {
    const p = validatePlan(
      { searchText: '', constraints: {}, likeTitles: ['The Godfather'], source: 'llm' },
      ctx,
    );
    expect(p.likeIds).toEqual([idOf('The Godfather')]);
  });
  it('survives garbage', () => {
    const p = validatePlan('not a plan', ctx);
    expect(p).toMatchObject({ searchText: '', constraints: {}, likeIds: [], quality: null, source: 'rules' });
  });
});
