import { describe, expect, it } from 'vitest';
import { createPlannerContext, planQuery } from '../../src/core/plan/rule-planner.ts';
import { exactTitleRows } from '../../src/core/query/titles.ts';
import { loadFixtureMovies } from './fixture.ts';

const movies = loadFixtureMovies();
const ctx = createPlannerContext(movies);
// Well-known fixture movies whose several-word title names only them (picked by rule, not by hand).
const named = movies.filter(
  (m) =>
    m.year !== null &&
    m.votes >= 100 &&
    /^[A-Za-z]+(?: [A-Za-z]+)+$/.test(m.title) &&
    exactTitleRows(ctx.titles, m.title).length === 1,
);
const [a, b] = named;
const plan = (text: string) => planQuery(text, ctx);

describe('"Title (Year)" mentions', () => {
  it('name the movie as liked, and the year is no year filter', () => {
    expect(named.length).toBeGreaterThan(5);
    const p = plan(`I really enjoyed ${a.title} (${a.year}) and also ${b.title} (${b.year}).`);
    expect(p.likeIds).toEqual([a.id, b.id]);
    expect(p.constraints.years).toBeUndefined();
    expect(p.searchText).not.toContain(String(a.year));
  });

  it('for every picked title, in any sentence around it', () => {
    for (const m of named.slice(0, 20)) {
      expect(plan(`have you seen ${m.title} (${m.year})?`).likeIds).toEqual([m.id]);
      // A year off by one still names it (release dates differ by country).
      expect(plan(`${m.title} (${m.year! + 1}) is one of my favourites`).likeIds).toEqual([m.id]);
    }
  });

  it('a clause saying the person disliked it makes it a movie to avoid; not having seen it does not', () => {
    expect(plan(`I hated ${a.title} (${a.year}), too slow`).unlikeIds).toEqual([a.id]);
    expect(plan(`${a.title} (${a.year}) was boring`).likeIds).toEqual([]);
    expect(plan(`I have not seen ${a.title} (${a.year}) yet`).likeIds).toEqual([a.id]);
  });

  it('a parenthesised year after words that are no title stays a year filter', () => {
    const p = plan('comedies from (1995)');
    expect(p.likeIds).toEqual([]);
    expect(p.constraints.years).toEqual([1995, 1995]);
    // The year must match: the title with a year far from its release is not read as a mention.
    expect(plan(`${a.title} (${a.year! + 30})`).likeIds).not.toContain(a.id);
  });
});
