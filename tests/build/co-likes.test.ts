import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  associate,
  buildCoLikesAsset,
  CoLikeCounter,
  DEFAULT_CO_LIKE_PARAMS,
  findRatings,
  streamRatings,
} from '../../build-index/co-likes.ts';
import { decodeCoLikes, type EncodedCoLikes } from '../../src/core/rank/co-likes.ts';

const P = { ...DEFAULT_CO_LIKE_PARAMS, minSupport: 2, minCo: 2, k: 5 };
const r = (movie: number, rating = 5) => ({ movie, rating });

describe('co-likes build', () => {
  it('counts likes and co-likes and keeps the strongest neighbours, seed-free', () => {
    const c = new CoLikeCounter(P);
    // 1 and 2 are liked together by 4 people; 1 and 3 by 2; 4 is only ever rated low.
    for (let u = 0; u < 4; u++) c.addUser(u, [r(1), r(2), r(4, 2)]);
    c.addUser(10, [r(1), r(3)]);
    c.addUser(11, [r(1), r(3), r(5)]);
    const { encoded, stats } = c.finish('test');
    const co = decodeCoLikes(encoded);
    expect(c.users).toBe(6);
    expect(co.likes(1)).toBe(6);
    expect(co.likes(4)).toBe(0); // rating 2 is no like
    const n1 = co.neighbours(1);
    expect(n1.map((n) => n.id)).toEqual([2, 3]);
    expect(n1[0].co).toBe(4);
    expect(n1.every((n) => n.id !== 1)).toBe(true);
    expect(co.neighbours(5)).toEqual([]); // 1 like: below the support threshold
    expect(stats.belowSupport).toBe(1);
    expect(stats.moviesWithNeighbours).toBe(3);
  });

  it('debiases popular neighbours with α and shrinks small counts', () => {
    const base = { ...P, measure: 'cosine-alpha', shrink: 0 };
    // Same co-count, the second neighbour 10× as popular: it scores lower with α > 0, equal with α = 0.
    expect(associate({ ...base, alpha: 0.5 }, 10, 20, 200, 1000)).toBeLessThan(
      associate({ ...base, alpha: 0.5 }, 10, 20, 20, 1000),
    );
    expect(associate({ ...base, alpha: 0 }, 10, 20, 200, 1000)).toBeCloseTo(0.5);
    expect(associate({ ...base, alpha: 0, shrink: 10 }, 10, 20, 200, 1000)).toBeCloseTo(0.25);
    expect(() => associate({ ...base, measure: 'nope' }, 1, 1, 1, 1)).toThrow(/Unknown/);
  });

  it('stays within a fixed pair budget by dropping the rarest pairs (lossy counting)', () => {
    const c = new CoLikeCounter({ ...P, maxLikesPerUser: 1000 }, { maxPairSlots: 1 << 12 });
    // 60 people each like the same 3 movies plus 40 movies of their own: thousands of singleton pairs.
    for (let u = 0; u < 60; u++)
      c.addUser(u, [r(1), r(2), r(3), ...Array.from({ length: 40 }, (_, i) => r(1000 + u * 40 + i))]);
    const { encoded, stats } = c.finish('test');
    expect(stats.prunes).toBeGreaterThan(0);
    expect(stats.pairs).toBeLessThanOrEqual(1 << 12);
    const co = decodeCoLikes(encoded);
    expect(co.neighbours(1).map((n) => n.id)).toEqual([2, 3]);
    expect(co.neighbours(1)[0].co).toBe(60);
  });

  it('caps likes per person with a seeded choice', () => {
    const c = new CoLikeCounter({ ...P, maxLikesPerUser: 10 });
    c.addUser(
      1,
      Array.from({ length: 30 }, (_, i) => r(i + 1)),
    );
    expect(c.likeCount).toBe(10);
    expect(c.cappedLikes).toBe(20);
  });

  it('streams a gzipped ratings file, maps ids and reports what it dropped', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'colikes-'));
    const gz = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), zlib.gzipSync(text));
    gz('links_small.csv.gz', 'movieId,imdbId,tmdbId\n1,0001,101\n2,0002,102\n3,0003,103\n4,0004,\n');
    const rows = ['userId,movieId,rating,timestamp'];
    for (let u = 1; u <= 5; u++)
      rows.push(`${u},1,5,0`, `${u},2,4.5,0`, `${u},3,4,0`, `${u},4,5,0`, `${u},9,5,0`);
    rows.push('6,1,oops,0');
    gz('ratings_small.csv.gz', rows.join('\n') + '\n');
    expect(findRatings(dir)?.ratings).toMatch(/ratings_small\.csv\.gz$/);
    const out = path.join(dir, 'out');
    // 103 is not in the index: counted, skipped.
    const res = await buildCoLikesAsset(dir, out, new Set([101, 102]), { params: { minSupport: 2 } });
    expect(res.report).toMatchObject({
      rows: 26,
      badRows: 1,
      unmappedRatings: 10, // movieId 4 (empty tmdbId) and 9 (no link)
      unmappedMovieIds: 2,
      notInIndexRatings: 5,
      notInIndexMovies: 1,
      users: 5,
      likes: 10,
      moviesWithNeighbours: 2,
    });
    const file = path.join(out, res.file!.name);
    expect(res.file!.name).toMatch(/^colikes\.[0-9a-f]{16}\.json$/);
    const enc = JSON.parse(fs.readFileSync(file, 'utf8')) as EncodedCoLikes;
    expect(enc.license).toMatch(/MovieLens.*non-commercial/);
    expect(decodeCoLikes(enc).neighbours(101)).toEqual([expect.objectContaining({ id: 102, co: 5 })]);
    // Same input, same bytes.
    const again = await buildCoLikesAsset(dir, path.join(dir, 'out2'), new Set([101, 102]), {
      params: { minSupport: 2 },
    });
    expect(again.file!.hash).toBe(res.file!.hash);
    // The full ratings.csv wins over ratings_small when dropped in (plain csv, links.csv).
    fs.writeFileSync(path.join(dir, 'ratings.csv'), 'userId,movieId,rating,timestamp\n1,1,5,0\n');
    fs.writeFileSync(path.join(dir, 'links.csv'), 'movieId,imdbId,tmdbId\n1,0001,101\n');
    expect(findRatings(dir)).toEqual({
      ratings: path.join(dir, 'ratings.csv'),
      links: path.join(dir, 'links.csv'),
    });
    const seen: number[] = [];
    await streamRatings(findRatings(dir)!, (u, rs) => seen.push(u, ...rs.map((x) => x.movie)));
    expect(seen).toEqual([1, 101]);
  });

  it('returns no asset when the data has no ratings', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'colikes-none-'));
    expect(await buildCoLikesAsset(dir, path.join(dir, 'o'), new Set())).toEqual({
      file: null,
      report: null,
    });
  });
});
