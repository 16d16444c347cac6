/**
 * Node loader of a built index directory (tests, eval, benchmarks). Browser code fetches the same
 * files and uses the same pure decoders from src/core/index-format.ts.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  decodeMovies,
  decodeVectors,
  MANIFEST_FILE,
  type EncodedMovies,
  type IndexManifest,
  type QuantizedVectors,
} from '../src/core/index-format.ts';
import type { Movie } from '../src/core/types.ts';

export interface LoadedIndex {
  manifest: IndexManifest;
  movies: Movie[];
  vectors: QuantizedVectors;
}

export async function readManifest(dir: string): Promise<IndexManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new Error(`No index at ${dir} (missing ${MANIFEST_FILE}). Build one with: npm run build-index`);
  }
  const manifest = JSON.parse(text) as IndexManifest;
  if (manifest.formatVersion !== 1)
    throw new Error(`${file}: unsupported formatVersion ${manifest.formatVersion}`);
  return manifest;
}

export async function loadIndexFromDir(dir: string): Promise<LoadedIndex> {
  const manifest = await readManifest(dir);
  const [moviesText, vectorBytes] = await Promise.all([
    fs.readFile(path.join(dir, manifest.files.movies), 'utf8'),
    fs.readFile(path.join(dir, manifest.files.vectors)),
  ]);
  const movies = decodeMovies(JSON.parse(moviesText) as EncodedMovies);
  if (movies.length !== manifest.count) {
    throw new Error(`${manifest.files.movies}: ${movies.length} movies, manifest says ${manifest.count}`);
  }
  return { manifest, movies, vectors: decodeVectors(new Uint8Array(vectorBytes), manifest) };
}
