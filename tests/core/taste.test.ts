import { describe, expect, it } from 'vitest';
import { createRetriever } from '../../src/core/retrieve.ts';
import { constraintPredicate } from '../../src/core/rank/filter.ts';
import {
  buildTaste,
  closestExample,
  MAX_EXAMPLES,
  relativeAffinities,
  tasteCosine,
} from '../../src/core/rank/taste.ts';
import { exactIndex, genreVector, loadFixtureMovies } from './fixture.ts';

const movies = loadFixtureMovies();
const embedded = movies.length - 14;
const vectors = movies.slice(0, embedded).map((m) => genreVector(m));
const vectorOf = (r: number) => vectors[r] ?? null;
const retriever = createRetriever({ movies, index: exactIndex(vectors), vectorsFor: vectorOf });
const byId = new Map(movies.map((m) => [m.id, m]));
const unit = (xs: number[]) => {
  const v = Float32Array.from(xs);
  const n = Math.hypot(...xs);
  return v.map((x) => x / n);
};

describe('taste profile', () => {
  it('is the normalised mean of the examples that have vectors', () => {
    const a = unit([1, 0, 0]);
    const b = unit([0, 1, 0]);
    const p = buildTaste([0, 1, 2], (r) => [a, b, null][r])!;
    expect(p.rows).toEqual([0, 1]);
    expect(Array.from(p.centroid).map((x) => +x.toFixed(4))).toEqual([0.7071, 0.7071, 0]);
    expect(buildTaste([2], () => null)).toBeNull();
    expect(buildTaste([], () => a)).toBeNull();
  });

  it('keeps the most recent examples only', () => {
    const rows = Array.from({ length: MAX_EXAMPLES + 20 }, (_, i) => i);
    expect(buildTaste(rows, () => unit([1, 1]))!.rows).toEqual(rows.slice(0, MAX_EXAMPLES));
  });

  it('scales affinities from the median candidate (0) to the closest (1), and names the closest example', () => {
    const p = buildTaste([0, 1], (r) => [unit([1, 0, 0]), unit([1, 1, 0])][r])!;
    expect(tasteCosine(p, p.centroid)).toBeCloseTo(1, 5);
    const cos = [0.9, 0.5, 0.7, NaN, 0.6, 0.2];
    expect(Array.from(relativeAffinities(cos)).map((x) => +x.toFixed(3))).toEqual([1, 0, 0.333, 0, 0, 0]);
    expect(Array.from(relativeAffinities([0.4, 0.4, 0.4]))).toEqual([0, 0, 0]);
    expect(Array.from(relativeAffinities([0.4]))).toEqual([0]);
    expect(closestExample(p, unit([1, 0.1, 0])).row).toBe(0);
    expect(closestExample(p, unit([0.2, 1, 0])).row).toBe(1);
  });
});

describe('taste in retrieval', () => {
  const romances = movies
    .slice(0, embedded)
    .filter((m) => m.genres.includes('Romance') && !m.genres.includes('Comedy'))
    .slice(0, 4)
    .map((m) => m.id);
  const romanceShare = (ids: number[]) => ids.filter((id) => byId.get(id)!.genres.includes('Romance')).length;

  it('nudges an open request towards liked movies, within its constraints, and says why', async () => {
    expect(romances.length).toBe(4);
    const plan = retriever.plan('comedies');
    const q = genreVector({ ...movies[0], genres: ['Comedy'], collection: null });
    const plain = await retriever.retrieve(plan, q, { k: 10 });
    const steered = await retriever.retrieve(plan, q, { k: 10, taste: romances });
    const ok = constraintPredicate(plan.constraints);
    for (const r of steered) expect(ok(byId.get(r.id)!)).toBe(true);
    expect(romanceShare(steered.map((r) => r.id))).toBeGreaterThan(romanceShare(plain.map((r) => r.id)));
    const liked = steered.flatMap((r) => r.why.filter((w) => w.kind === 'liked'));
    expect(liked.length).toBeGreaterThan(0);
    for (const w of liked) expect(romances).toContain(w.kind === 'liked' ? w.id : -1);
    expect(plain.some((r) => r.why.some((w) => w.kind === 'liked'))).toBe(false);
  });

  it('changes nothing without taste, and nothing for "like X" or one-movie lookups', async () => {
    const q = genreVector({ ...movies[0], genres: ['Comedy'], collection: null });
    const comedies = retriever.plan('comedies');
    expect(await retriever.retrieve(comedies, q, { k: 10, taste: [] })).toEqual(
      await retriever.retrieve(comedies, q, { k: 10 }),
    );
    for (const text of ['movies like Toy Story', 'a toy cowboy is jealous of a new space ranger toy']) {
      const plan = retriever.plan(text);
      expect(await retriever.retrieve(plan, q, { k: 10, taste: romances })).toEqual(
        await retriever.retrieve(plan, q, { k: 10 }),
      );
    }
  });
});
