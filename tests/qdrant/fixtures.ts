/**
 * A fixed slice of the real dataset (first 1500 kept movies of data/movies) with seeded unit vectors,
 * quantized exactly like the shipped index. Vectors are synthetic on purpose: these tests are about
 * requests, ids, payloads and fallbacks, not about embedding quality (the integration test uses a real index).
 */
import { type IndexManifest } from '../../src/core/index-format.ts';
import { quantizeVectors } from '../../src/core/quantize.ts';
import type { Movie } from '../../src/core/types.ts';
import { readDataset } from '../../src/data/read-dataset.ts';
import type { LoadedIndex } from '../../build-index/load-index.ts';
import { mulberry32 as rng } from '../../build-index/quantization-recall.ts';

let cached: Promise<Movie[]> | null = null;

export function sliceMovies(): Promise<Movie[]> {
  cached ??= readDataset('data/movies', { limit: 1500 }).then((d) => d.movies);
  return cached;
}

export function unitVectors(rows: number, dims: number, seed = 7): Float32Array[] {
  const next = rng(seed);
  return Array.from({ length: rows }, () => {
    const v = new Float32Array(dims);
    let n = 0;
    for (let j = 0; j < dims; j++) {
      v[j] = next() * 2 - 1;
      n += v[j] * v[j];
    }
    const s = 1 / Math.sqrt(n);
    for (let j = 0; j < dims; j++) v[j] *= s;
    return v;
  });
}

export async function sliceIndex(rows: number, dims = 16): Promise<LoadedIndex> {
  const movies = (await sliceMovies()).slice(0, rows);
  const vectors = quantizeVectors(unitVectors(rows, dims), dims);
  const manifest: IndexManifest = {
    formatVersion: 1,
    builtAt: '2024-01-02T03:04:05.000Z',
    embedder: { id: 'test-seeded', dims },
    count: rows,
    embeddedCount: rows,
    quantization: { kind: 'int8-per-vector' },
    files: { movies: 'movies.x.json', vectors: 'vectors.x.bin' },
    hashes: {},
    sizes: {},
    report: { rowsRead: rows, kept: rows, dropped: {}, repaired: {} },
  };
  return { manifest, movies, vectors };
}
