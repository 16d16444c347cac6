/**
 * The co-likes build on a large generated ratings file (Kaggle's ratings.csv shape: userId,movieId,rating,
 * timestamp, grouped by user): streamed with bounded memory, and the asset is byte for byte what the counter
 * makes from the same ratings held in memory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildCoLikesAsset, CoLikeCounter, DEFAULT_CO_LIKE_PARAMS } from '../../build-index/co-likes.ts';
import { mulberry32 } from '../../build-index/quantization-recall.ts';

const USERS = 12_000;
const PER_USER = 100;
const MOVIES = 6_000;
const SLOTS = 1 << 18;

/** Person u's ratings: movies drawn with a popularity skew, ratings 0.5..5 (seeded). */
function ratingsOf(u: number): { movie: number; rating: number }[] {
  const rand = mulberry32(u + 1);
  const out: { movie: number; rating: number }[] = [];
  for (let i = 0; i < PER_USER; i++)
    out.push({ movie: 1 + Math.floor(MOVIES * rand() ** 2), rating: Math.ceil(rand() * 10) / 2 });
  return out;
}

function* csvLines(): Generator<string> {
  yield 'userId,movieId,rating,timestamp\n';
  for (let u = 1; u <= USERS; u++)
    yield ratingsOf(u)
      .map((r) => `${u},${r.movie},${r.rating},1260759144\n`)
      .join('');
}

describe('co-likes build on a large file', () => {
  it('streams 1.2 M rows with bounded memory into the same asset as the in-memory counter', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'colikes-big-'));
    // MovieLens id m ↔ TMDB id 10 000 + m.
    const links = [
      'movieId,imdbId,tmdbId',
      ...Array.from({ length: MOVIES }, (_, i) => `${i + 1},0,${10_001 + i}`),
    ];
    fs.writeFileSync(path.join(dir, 'links.csv'), links.join('\n') + '\n');
    await pipeline(
      Readable.from(csvLines()),
      zlib.createGzip(),
      fs.createWriteStream(path.join(dir, 'ratings.csv.gz')),
    );
    const ids = new Set(Array.from({ length: MOVIES }, (_, i) => 10_001 + i));

    let peak = 0;
    const base = process.memoryUsage().heapUsed;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed - base)), 20);
    const res = await buildCoLikesAsset(dir, path.join(dir, 'out'), ids, { maxPairSlots: SLOTS });
    clearInterval(timer);

    expect(res.report).toMatchObject({
      rows: USERS * PER_USER,
      users: USERS,
      badRows: 0,
      unmappedRatings: 0,
    });
    expect(res.report!.prunes).toBeGreaterThan(0); // the pair table was full: counting stayed in its budget
    expect(res.report!.pairs).toBeLessThanOrEqual(SLOTS);
    // The file (~30 MB of text, 1.2 M rows) never sits in memory: the JS heap grew by 8 MB when measured (the
    // pair table's typed arrays are off-heap, bounded by SLOTS above); holding the rows would take far more.
    expect(peak).toBeLessThan(24 * 2 ** 20);

    const counter = new CoLikeCounter(DEFAULT_CO_LIKE_PARAMS, { maxPairSlots: SLOTS });
    for (let u = 1; u <= USERS; u++)
      counter.addUser(
        u,
        ratingsOf(u).map((r) => ({ movie: r.movie + 10_000, rating: r.rating })),
      );
    const expected = JSON.stringify(counter.finish('ratings.csv.gz').encoded);
    expect(fs.readFileSync(path.join(dir, 'out', res.file!.name), 'utf8')).toBe(expected);
  });
});
