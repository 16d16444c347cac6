import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Movie, VectorHit, VectorIndex, VectorSearchOptions } from '../../src/core/types.ts';

/** 414 real movies (src/eval/make-fixture.ts): the dataset's first rows plus chosen ambiguous titles. */
export function loadFixtureMovies(): Movie[] {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'movies.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Movie[];
}

export const GENRE_AXES = [
  'Action',
  'Adventure',
  'Animation',
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Family',
  'Fantasy',
  'History',
  'Horror',
  'Music',
  'Mystery',
  'Romance',
  'Science Fiction',
  'Thriller',
  'War',
  'Western',
];

/**
 * Deterministic stand-in vectors for unit tests (no embedder in unit tests): one axis per genre plus one
 * per collection bucket, L2-normalised. Movies sharing genres are close, as with a real embedder.
 */
export function genreVector(m: Movie, dims = GENRE_AXES.length + 8): Float32Array {
  const v = new Float32Array(dims);
  for (const g of m.genres) {
    const i = GENRE_AXES.indexOf(g);
    if (i >= 0) v[i] = 1;
  }
  if (m.collection) v[GENRE_AXES.length + (m.collection.id % 8)] = 1.5;
  let n = 0;
  for (const x of v) n += x * x;
  if (n > 0) for (let i = 0; i < dims; i++) v[i] /= Math.sqrt(n);
  return v;
}

/** A tiny exact VectorIndex honouring `allowed` and `exclude` the way the real engines must. */
export function exactIndex(vectors: Float32Array[]): VectorIndex {
  return {
    name: 'test-exact',
    size: vectors.length,
    dims: vectors[0]?.length ?? 0,
    async search(q: Float32Array, k: number, o: VectorSearchOptions = {}): Promise<VectorHit[]> {
      const hits: VectorHit[] = [];
      vectors.forEach((v, row) => {
        if (o.allowed && !o.allowed[row]) return;
        if (o.exclude?.has(row)) return;
        let s = 0;
        for (let j = 0; j < v.length; j++) s += v[j] * q[j];
        hits.push({ row, score: s });
      });
      return hits.sort((a, b) => b.score - a.score).slice(0, k);
    },
  };
}
