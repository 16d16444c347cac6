/**
 * A real index, in memory, over the 414-movie fixture slice: the same encoders the build uses write the
 * bytes, and the engine opens them with openIndex — the path the app's worker and `npm run eval` take.
 */
import { createFixtureEmbedder } from '../support/test-embedder.ts';
import { embeddingText } from '../../src/core/document-text.ts';
import { encodeMovies, encodeVectors, type IndexManifest } from '../../src/core/index-format.ts';
import { quantizeVectors } from '../../src/core/quantize.ts';
import { openIndex, type OpenedIndex } from '../../src/engine/open-index.ts';
import { loadFixtureMovies } from '../conversation/harness.ts';

export async function openFixtureIndex(): Promise<OpenedIndex> {
  const embedder = await createFixtureEmbedder();
  const movies = loadFixtureMovies();
  const vectors = await embedder.embed(movies.map(embeddingText));
  const bytes = (s: string) => new TextEncoder().encode(s);
  const files = {
    movies: bytes(JSON.stringify(encodeMovies(movies))),
    vectors: encodeVectors(quantizeVectors(vectors, embedder.dims)),
  };
  const manifest: IndexManifest = {
    formatVersion: 1,
    builtAt: new Date(0).toISOString(),
    embedder: { id: embedder.id, dims: embedder.dims },
    count: movies.length,
    embeddedCount: movies.length,
    quantization: { kind: 'int8-per-vector' },
    files: { movies: 'movies.json', vectors: 'vectors.bin' },
    hashes: {},
    sizes: {},
    report: { rowsRead: movies.length, kept: movies.length, dropped: {}, repaired: {} },
  };
  return openIndex(manifest, files, { embedder });
}
