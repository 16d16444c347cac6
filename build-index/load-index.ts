/**
 * Node loader of a built index directory, decoded (Qdrant upload, tests). The engine reads the same
 * files through src/engine/node.ts and decodes them with the same pure decoders.
 */
import {
  decodeMovies,
  decodeVectors,
  type EncodedMovies,
  type IndexManifest,
} from '../src/core/index-format.ts';
import { type QuantizedVectors } from '../src/core/quantize.ts';
import type { Movie } from '../src/core/types.ts';
import { readIndexDir } from '../src/engine/node.ts';

export { readManifest } from '../src/engine/node.ts';

export interface LoadedIndex {
  manifest: IndexManifest;
  movies: Movie[];
  vectors: QuantizedVectors;
}

export async function loadIndexFromDir(dir: string): Promise<LoadedIndex> {
  const { manifest, files } = await readIndexDir(dir);
  const movies = decodeMovies(JSON.parse(new TextDecoder().decode(files.movies)) as EncodedMovies);
  if (movies.length !== manifest.count) {
    throw new Error(`${manifest.files.movies}: ${movies.length} movies, manifest says ${manifest.count}`);
  }
  return { manifest, movies, vectors: decodeVectors(files.vectors, manifest) };
}
