import type { Movie, VectorIndex } from '../types.ts';
import type { Bm25Index } from './bm25.ts';
import type { PriorStats } from './prior.ts';

/** What every ranking stage reads: the movies and the indexes over them, built once per retriever. */
export interface RankCorpus {
  readonly movies: readonly Movie[];
  readonly index: VectorIndex;
  readonly bm25: Bm25Index & { k1: number };
  readonly stats: PriorStats;
  /**
   * Scratch buffer for the text's BM25 scores (one per retriever, no allocation per request). Filled and
   * read in one synchronous step, so concurrent requests cannot see each other's scores.
   */
  readonly bmScores: Float32Array;
  rowOf(id: number): number | undefined;
  /** Row r's unit vector, or null when it has none (title-only rows, or no `vectorsFor`). */
  vec(row: number): Float32Array | null;
}

/** The rows of `ids` that exist, in order (unknown ids are dropped). */
export function rowsOf(ids: readonly number[], rowOf: (id: number) => number | undefined): number[] {
  return ids.map(rowOf).filter((r): r is number => r !== undefined);
}

/** The vectors of `rows` that have one, in order. */
export function vectorsOf(
  rows: readonly number[],
  vec: (row: number) => Float32Array | null,
): Float32Array[] {
  return rows.map(vec).filter((v): v is Float32Array => v !== null);
}
