/** Pure state transitions: follow-up detection and refinement arithmetic, no embedder. */
import { describe, expect, it } from 'vitest';
import { createPlannerContext, planQuery } from '../../src/core/plan/rule-planner.ts';
import {
  initialState,
  mergeConstraints,
  resetTopic,
  withResults,
} from '../../src/core/conversation/state.ts';
import { applyRefinement, detectFollowUp, referencedIndex } from '../../src/core/conversation/refine.ts';
import { parseMovieQuestion } from '../../src/core/conversation/movie-question.ts';
import { loadFixtureMovies } from './harness.ts';

const movies = loadFixtureMovies();
const ctx = createPlannerContext(movies);
const byId = (id: number) => movies.find((m) => m.id === id);
const comedies = movies.filter((m) => m.genres.includes('Comedy') && m.runtime).slice(0, 5);
const shown = comedies.map((m) => ({ id: m.id, title: m.title, year: m.year, why: [] }));
const state = withResults(initialState(), planQuery('comedies', ctx), shown);

describe('follow-up detection', () => {
  it.each([
    ['shorter ones', 'refine'],
    ['not horror', 'refine'],
    ['from the 90s instead', 'refine'],
    ['only french ones', 'refine'],
    ['more like the second one', 'more-like'],
    ['something else', 'something-else'],
    ['show me more', 'something-else'],
    ['why did you pick that?', 'why'],
    ['a heist movie set in Paris', 'new-topic'],
    ['space operas with robots', 'new-topic'],
  ])('%s → %s', (text, kind) => {
    expect(
      detectFollowUp(text, planQuery(text, ctx, { previousIds: shown.map((s) => s.id) }), state).kind,
    ).toBe(kind);
  });

  it('is always a new topic before anything was shown', () => {
    expect(detectFollowUp('shorter ones', planQuery('shorter ones', ctx), initialState()).kind).toBe(
      'new-topic',
    );
  });

  it('resolves ordinals, numbers, titles and "that"', () => {
    expect(referencedIndex('the third one', state)).toBe(2);
    expect(referencedIndex('number 2', state)).toBe(1);
    expect(referencedIndex(`tell me about ${shown[3].title}`, state)).toBe(3);
    expect(referencedIndex('why that?', state)).toBe(0);
    expect(referencedIndex('the last one', state)).toBe(4);
  });
});

describe('refinement arithmetic', () => {
  it('"shorter" caps runtime under the median shown runtime, and stacks', () => {
    const f = { kind: 'refine' as const, shorter: true, replace: false };
    const p1 = applyRefinement(state, f, planQuery('shorter ones', ctx), byId);
    const runtimes = comedies.map((m) => m.runtime!).sort((a, b) => a - b);
    expect(p1.constraints.runtime).toEqual([null, Math.max(40, runtimes[2] - 10)]);
    const s2 = withResults(state, p1, shown);
    const p2 = applyRefinement(s2, f, planQuery('even shorter', ctx), byId);
    expect(p2.constraints.runtime![1]!).toBeLessThan(p1.constraints.runtime![1]!);
    expect(p2.constraints.genres).toEqual(['Comedy']);
  });

  it('merges constraints: exclusions remove genres, decades replace, "instead" swaps genres', () => {
    const base = { genres: ['Comedy', 'Romance'], years: [1990, 1999] as [number, number] };
    expect(mergeConstraints(base, { excludeGenres: ['Romance'] }, false)).toEqual({
      genres: ['Comedy'],
      years: [1990, 1999],
      excludeGenres: ['Romance'],
    });
    expect(mergeConstraints(base, { years: [1980, 1989] }, false).years).toEqual([1980, 1989]);
    expect(mergeConstraints(base, { genres: ['Horror'] }, true).genres).toEqual(['Horror']);
    expect(mergeConstraints(base, { genres: ['Horror'] }, false).genres).toEqual([
      'Comedy',
      'Romance',
      'Horror',
    ]);
    // Asking for a genre again lifts its exclusion (and the empty list goes away).
    expect(mergeConstraints({ excludeGenres: ['Horror'] }, { genres: ['Horror'] }, false)).toEqual({
      genres: ['Horror'],
    });
  });

  it('a new topic keeps rejections but forgets the request and what was shown', () => {
    const s = resetTopic({ ...state, negatives: [1, 2] });
    expect(s.active).toBeNull();
    expect(s.shownIds).toEqual([]);
    expect(s.negatives).toEqual([1, 2]);
    // Plain data: survives JSON (IndexedDB / postMessage) unchanged.
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe('movie questions', () => {
  it.each([
    ['who directed Jaws?', 'director', 'Jaws'],
    ['how long is Titanic?', 'runtime', 'Titanic'],
    ['what year did Alien come out', 'year', 'Alien'],
    ['who stars in The Usual Suspects?', 'cast', 'The Usual Suspects'],
    ['what is Heat about?', 'plot', 'Heat'],
    ['is Casino any good?', 'rating', 'Casino'],
    ['how long is it?', 'runtime', null],
    ['who directed the second one?', 'director', null],
  ])('%s', (text, aspect, title) => {
    expect(parseMovieQuestion(text)).toEqual({ aspect, titlePhrase: title });
  });
  it('is null for requests', () => {
    expect(parseMovieQuestion('comedies from the 90s')).toBeNull();
  });
});
