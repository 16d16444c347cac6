/**
 * The one way to open a built index: manifest + file bytes in, the objects a conversation needs out
 * (movies, vectors, the vector index, the retriever, the intent router, the FAQ). The app's worker
 * passes bytes it fetched (src/engine/fetch-index.ts), Node passes bytes it read from disk
 * (src/engine/node.ts); nothing after this point knows which.
 */
import { decodeMovies, decodeVectors, type EncodedMovies, type IndexManifest } from '../core/index-format.ts';
import { dequantizeRow } from '../core/quantize.ts';
import type { QuantizedVectors } from '../core/quantize.ts';
import type { Embedder, Movie } from '../core/types.ts';
import { createRetriever, type Retriever } from '../core/retrieve.ts';
import { decodeCoLikes, type CoLikeIndex, type EncodedCoLikes } from '../core/rank/co-likes.ts';
import { createIntentRouter, type IntentRouter } from '../core/intent/router.ts';
import type { IntentExample } from '../core/intent/examples.ts';
import { createFaqIndex, decodeCollection, type FaqIndex } from '../core/faq/index.ts';
import { chooseDefaultEngine, createVectorIndex, type EngineKind } from '../search/factory.ts';
import { createSwitchableIndex, type SwitchableIndex } from '../qdrant/remote-search.ts';
import type { VectorIndex } from '../core/types.ts';
import type { RankerModel } from '../core/rank/learned.ts';
import { SHIPPED_RANKER } from './ranker.ts';

export interface IndexFiles {
  movies: Uint8Array;
  vectors: Uint8Array;
  /** Prebuilt FAQ and intent-example vectors; null or absent: embedded at open (about a second). */
  faq?: Uint8Array | null;
  intents?: Uint8Array | null;
  /** Item-to-item co-likes (src/core/rank/co-likes.ts); null or absent: "like X" is content-only. */
  coLikes?: Uint8Array | null;
}

export interface OpenIndexOptions {
  /** The sentence embedder the index was built with (the manifest names it). */
  embedder: Embedder;
  /** A vector index over the rows instead of the default engine (bench-only engines). */
  vectorIndex?: (vectors: QuantizedVectors) => Promise<VectorIndex>;
  /** The re-ranker model; absent: the shipped one (src/engine/ranker.v1.json); null: rule ranking only. */
  ranker?: RankerModel | null;
}

export interface OpenedIndex {
  manifest: IndexManifest;
  movies: Movie[];
  vectors: QuantizedVectors;
  /** The retriever's vector index: local, or a Qdrant server with local fallback. */
  index: SwitchableIndex;
  engine: EngineKind | 'custom';
  retriever: Retriever;
  router: IntentRouter;
  faq: FaqIndex;
  embedder: Embedder;
  stepsMs: { decode: number; engine: number; retriever: number; router: number };
}

const json = (bytes: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(bytes));

/** A prebuilt collection, or null when it is absent or unreadable (then it is embedded again). */
function collection<T>(bytes: Uint8Array | null | undefined, name: 'faq' | 'intents') {
  if (!bytes) return null;
  try {
    return decodeCollection<T>(json(bytes), name);
  } catch {
    return null;
  }
}

/** The co-likes asset, or null when absent or unreadable (then "like X" ranks by content alone). */
function readCoLikes(bytes: Uint8Array | null | undefined): CoLikeIndex | null {
  if (!bytes) return null;
  try {
    return decodeCoLikes(json(bytes) as EncodedCoLikes);
  } catch {
    return null;
  }
}

export async function openIndex(
  manifest: IndexManifest,
  files: IndexFiles,
  opts: OpenIndexOptions,
): Promise<OpenedIndex> {
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = now - t;
    t = now;
    return ms;
  };
  const vectors = decodeVectors(files.vectors, manifest);
  const movies = decodeMovies(json(files.movies) as EncodedMovies);
  if (movies.length !== manifest.count)
    throw new Error(`The movie file has ${movies.length} movies; the manifest says ${manifest.count}.`);
  const decode = lap();
  const engine = opts.vectorIndex ? 'custom' : chooseDefaultEngine();
  const local = opts.vectorIndex
    ? await opts.vectorIndex(vectors)
    : await createVectorIndex(engine as EngineKind, vectors);
  const index = createSwitchableIndex(local, { movieIds: () => movies.map((m) => m.id) });
  const engineMs = lap();
  const coLikes = readCoLikes(files.coLikes);
  const retriever = createRetriever({
    coLikes,
    ranker: opts.ranker === undefined ? SHIPPED_RANKER : opts.ranker,
    movies,
    index,
    vectorsFor: (row) => (row < vectors.rows ? dequantizeRow(vectors, row) : null),
  });
  const retrieverMs = lap();
  const [router, faq] = await Promise.all([
    createIntentRouter(opts.embedder, { prebuilt: collection<IntentExample>(files.intents, 'intents') }),
    createFaqIndex(opts.embedder, collection<{ id: string }>(files.faq, 'faq')),
  ]);
  return {
    manifest,
    movies,
    vectors,
    index,
    engine,
    retriever,
    router,
    faq,
    embedder: opts.embedder,
    stepsMs: { decode, engine: engineMs, retriever: retrieverMs, router: lap() },
  };
}
