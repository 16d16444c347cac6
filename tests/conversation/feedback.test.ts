import { describe, expect, it } from 'vitest';
import {
  createFeedback,
  exportFeedback,
  polarity,
  rate,
  type FeedbackRecord,
} from '../../src/core/feedback/index.ts';
import { loadFixtureMovies } from './harness.ts';

const movies = loadFixtureMovies().slice(0, 3);
const results = movies.map((m) => ({
  id: m.id,
  title: m.title,
  year: m.year,
  genres: m.genres,
  overview: m.overview,
  why: [{ kind: 'semantic' as const, score: 0.5 }],
}));

const base = (id: string, answer: string, input = 'toys that come alive') => ({
  id,
  createdAt: '2026-01-01T00:00:00.000Z',
  input,
  intent: 'recommend' as const,
  plan: null,
  results,
  answer,
  model: 'template',
});

const parse = (jsonl: string) => {
  expect(jsonl === '' || jsonl.endsWith('\n')).toBe(true);
  return jsonl
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
};

describe('feedback model', () => {
  it('validates stars and derives polarity (stars win over thumbs)', () => {
    const r = createFeedback(base('a', 'x'), { thumb: 'up' });
    expect(polarity(r)).toBe(1);
    expect(polarity(rate(r, { stars: 2 }))).toBe(-1);
    expect(polarity(rate(r, { stars: 3 }))).toBe(0);
    expect(polarity(rate(r, { thumb: null }))).toBe(0);
    expect(() => rate(r, { stars: 6 })).toThrow(/1 to 5/);
    expect(() => rate(r, { stars: 2.5 })).toThrow(/whole number/);
  });
});

describe('JSONL export', () => {
  const good = createFeedback(base('c1:1', `Try **${movies[0].title}**.`), { thumb: 'up' });
  const bad = createFeedback(base('c1:2', 'Watch something.'), { thumb: 'down', stars: 1 });
  const other = createFeedback(base('c2:1', 'Nice pick.', 'space movies'), { stars: 5 });
  const unrated = createFeedback(base('c3:1', 'meh'), {});
  const all: FeedbackRecord[] = [good, bad, other, unrated];

  it('sft: one chat-messages line per liked answer, with the run-time prompt', () => {
    const lines = parse(exportFeedback(all, 'sft'));
    expect(lines.map((l) => l.metadata.id)).toEqual(['c1:1', 'c2:1']);
    const [first] = lines;
    expect(first.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user', 'assistant']);
    expect(first.messages[2].content).toBe(good.answer);
    const user = JSON.parse(first.messages[1].content);
    expect(user.request).toBe('toys that come alive');
    expect(user.movies.map((m: { id: number }) => m.id)).toEqual(results.map((r) => r.id));
    expect(first.metadata).toMatchObject({
      rating: 'up',
      stars: null,
      model: 'template',
      intent: 'recommend',
    });
  });

  it('preference: chosen/rejected pairs only within the same request and results', () => {
    const lines = parse(exportFeedback(all, 'preference'));
    expect(lines).toHaveLength(1);
    expect(lines[0].chosen).toEqual([{ role: 'assistant', content: good.answer }]);
    expect(lines[0].rejected).toEqual([{ role: 'assistant', content: bad.answer }]);
    expect(lines[0].prompt.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    expect(lines[0].metadata).toMatchObject({ chosenId: 'c1:1', rejectedId: 'c1:2' });
  });

  it('exports nothing for unrated records, and keeps newlines inside answers escaped', () => {
    expect(exportFeedback([unrated], 'sft')).toBe('');
    const multi = createFeedback(base('m', 'line one\nline two'), { thumb: 'up' });
    const out = exportFeedback([multi], 'sft');
    expect(out.split('\n').filter(Boolean)).toHaveLength(1);
    expect(parse(out)[0].messages[2].content).toBe('line one\nline two');
  });
});
