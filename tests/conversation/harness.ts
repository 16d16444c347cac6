/**
 * Real pipeline over a fixed slice of the dataset (tests/core/fixtures/movies.json: 414 movies of
 * The Movies Dataset) with the real USE-lite embedder, the retrieval module's retriever and an exact
 * float32 index. Built once per test file; the fixed texts' vectors are computed once per run
 * (tests/support/global-setup.ts), every query is embedded by the real model.
 */
import fs from 'node:fs';
import type { Embedder, Movie } from '../../src/core/types.ts';
import { embeddingText } from '../../src/core/document-text.ts';
import { createFloat32ExactIndex } from '../../src/search/float32-exact.ts';
import { createRetriever, type Retriever } from '../../src/core/retrieve.ts';
import { createIntentRouter, type IntentRouter } from '../../src/core/intent/index.ts';
import { createFaqIndex, type FaqIndex } from '../../src/core/faq/index.ts';
import { createChatPipeline, type ChatPipeline } from '../../src/core/pipeline.ts';
import type { LlmEngine } from '../../src/core/conversation/llm-port.ts';

export interface Harness {
  embedder: Embedder;
  movies: Movie[];
  retriever: Retriever;
  router: IntentRouter;
  faq: FaqIndex;
  pipeline(
    llm?: LlmEngine | null,
    options?: Parameters<typeof createChatPipeline>[0]['options'],
  ): ChatPipeline;
  byTitle(title: string): Movie;
}

export function loadFixtureMovies(): Movie[] {
  return JSON.parse(fs.readFileSync(new URL('../core/fixtures/movies.json', import.meta.url), 'utf8'));
}

/** `embedder`: defaults to the run's fixture embedder (real USE-lite, fixed texts precomputed). */
export async function createHarness(
  patch?: (movies: Movie[]) => void,
  embedder?: Embedder,
): Promise<Harness> {
  embedder ??= await (await import('../support/test-embedder.ts')).createFixtureEmbedder();
  const movies = loadFixtureMovies();
  patch?.(movies);
  const vecs = await embedder.embed(movies.map(embeddingText));
  const dims = embedder.dims;
  const flat = new Float32Array(movies.length * dims);
  vecs.forEach((v, r) => flat.set(v, r * dims));
  const index = createFloat32ExactIndex({ vectors: flat, rows: movies.length, dims });
  const retriever = createRetriever({ movies, index, vectorsFor: (row) => vecs[row] ?? null });
  const router = await createIntentRouter(embedder);
  const faq = await createFaqIndex(embedder);
  return {
    embedder,
    movies,
    retriever,
    router,
    faq,
    pipeline: (llm, options) =>
      createChatPipeline({ embedder, router, faq, movies, retriever, llm, options }),
    byTitle(title) {
      const m = movies.find((x) => x.title === title);
      if (!m) throw new Error(`fixture has no "${title}"`);
      return m;
    },
  };
}
