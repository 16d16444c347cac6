import { describe, expect, it } from 'vitest';
import { CoLikeCounter, DEFAULT_CO_LIKE_PARAMS } from '../../build-index/co-likes.ts';
import { coLikeEvidence, decodeCoLikes, type CoLikeIndex } from '../../src/core/rank/co-likes.ts';
import { createRetriever } from '../../src/core/retrieve.ts';
import type { QueryPlan } from '../../src/core/types.ts';
import { DEFAULT_WEIGHTS } from '../../src/core/rank/weights.ts';
import { exactIndex, genreVector, loadFixtureMovies } from './fixture.ts';

const movies = loadFixtureMovies();
const vectors = movies.map((m) => genreVector(m));
const byTitle = (t: string) => movies.find((m) => m.title === t)!;
const seed = byTitle('Toy Story');
// A movie sharing no genre with Toy Story that "people who liked Toy Story" like a lot.
const paired = movies.find((m) => m.genres.length && !m.genres.some((g) => seed.genres.includes(g)))!;
const noRatings = movies.find((m) => m.id !== seed.id && m.id !== paired.id && m.genres.includes('Drama'))!;

function coLikes(): CoLikeIndex {
  const c = new CoLikeCounter({ ...DEFAULT_CO_LIKE_PARAMS, minSupport: 2 });
  for (let u = 0; u < 30; u++)
    c.addUser(u, [
      { movie: seed.id, rating: 5 },
      { movie: paired.id, rating: 4 },
    ]);
  return decodeCoLikes(c.finish('test').encoded);
}
const co = coLikes();
const plan = (ids: number[]): QueryPlan => ({
  searchText: '',
  constraints: {},
  likeTitles: [],
  unlikeTitles: [],
  likeIds: ids,
  unlikeIds: [],
  quality: null,
  source: 'rules',
});
const retriever = createRetriever({
  movies,
  index: exactIndex(vectors),
  vectorsFor: (r) => vectors[r] ?? null,
  coLikes: co,
});

describe('co-likes at runtime', () => {
  it('evidence averages over the seeds with data and never contains a seed', () => {
    const e = coLikeEvidence(co, [seed.id, noRatings.id]);
    expect([...e.keys()]).toEqual([paired.id]);
    expect(e.get(paired.id)).toMatchObject({ seedId: seed.id, co: 30 });
    expect(coLikeEvidence(co, [paired.id, seed.id]).size).toBe(0); // each is the other's seed
    expect(coLikeEvidence(null, [seed.id]).size).toBe(0);
  });

  it('"like X" blends co-likes in, says why, and excludes the seed', async () => {
    const res = await retriever.retrieve(plan([seed.id]), null, { k: 10 });
    expect(res.map((r) => r.id)).not.toContain(seed.id);
    const hit = res.find((r) => r.id === paired.id);
    expect(hit).toBeDefined();
    expect(hit!.why).toContainEqual({ kind: 'co-liked', id: seed.id, title: seed.title, count: 30 });
    // Content only: the genre-less pairing is not in the top 10.
    const content = await retriever.retrieve(plan([seed.id]), null, { k: 10, weights: { coLike: 0 } });
    expect(content.map((r) => r.id)).not.toContain(paired.id);
    expect(content.flatMap((r) => r.why).some((w) => w.kind === 'co-liked')).toBe(false);
  });

  it('constraints still filter, movies already named are never returned', async () => {
    const p = { ...plan([seed.id]), constraints: { genres: seed.genres.slice(0, 1) } };
    const res = await retriever.retrieve(p, null, { k: 10, exclude: [] });
    expect(res.map((r) => r.id)).not.toContain(paired.id);
    const ex = await retriever.retrieve(plan([seed.id]), null, { k: 10, exclude: [paired.id] });
    expect(ex.map((r) => r.id)).not.toContain(paired.id);
  });

  it('a seed without ratings falls back to content (same ranking as with co-likes off)', async () => {
    const a = await retriever.retrieve(plan([noRatings.id]), null, { k: 10 });
    const b = await retriever.retrieve(plan([noRatings.id]), null, { k: 10, weights: { coLike: 0 } });
    expect(a.map((r) => r.id)).toEqual(b.map((r) => r.id));
    expect(a.length).toBe(10);
  });

  it('negatives ("less like this") take their co-likes off; a seed is never its own evidence', () => {
    const e = coLikeEvidence(co, [], [seed.id]);
    expect(e.get(paired.id)!.score).toBeLessThan(0);
    expect(coLikeEvidence(co, [seed.id], [seed.id]).has(seed.id)).toBe(false);
  });

  it("open requests: the taste's co-likes are a bounded nudge, a rejected movie's push down", async () => {
    const open = { ...plan([]), constraints: { genres: paired.genres.slice(0, 1) } };
    const score = async (p: QueryPlan, opts: { taste?: number[]; coLike?: number }) => {
      const res = await retriever.retrieve(p, null, {
        k: 40,
        depth: 400,
        taste: opts.taste,
        ...(opts.coLike !== undefined ? { weights: { coLike: opts.coLike } } : {}),
      });
      return res.find((r) => r.id === paired.id)!.score;
    };
    const nudge =
      (await score(open, { taste: [seed.id] })) - (await score(open, { taste: [seed.id], coLike: 0 }));
    expect(nudge).toBeGreaterThan(0);
    expect(nudge).toBeLessThanOrEqual(DEFAULT_WEIGHTS.explore.coLike + 1e-6);
    const less = { ...open, unlikeIds: [seed.id] };
    expect(await score(less, {})).toBeLessThan(await score(less, { coLike: 0 }));
  });

  it('rejects a file of another format', () => {
    expect(() => decodeCoLikes({ format: 'x' } as never)).toThrow(/co-likes/);
  });
});
