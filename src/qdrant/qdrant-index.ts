/**
 * The movie index on a Qdrant server, behind the same `VectorIndex` interface as the local engines.
 *
 * Points are keyed by TMDB id (see build-index/qdrant-upload.ts); hits are mapped back to rows of the local
 * index with `rowOfId`, so everything downstream (ranking, cards, "why") works unchanged. Structured
 * constraints become a Qdrant filter (src/qdrant/filters.ts); `exclude` rows become `must_not has_id`.
 */
import type { QdrantClient, Schemas } from '@qdrant/js-client-rest';
import type { Constraints, VectorHit, VectorIndex, VectorSearchOptions } from '../core/types.ts';
import { callQdrant, createQdrantClient, type QdrantConnectionOptions } from './client.ts';
import { QdrantUnavailableError } from './errors.ts';
import { constraintsToFilter, type QdrantFilter } from './filters.ts';

export type RecommendStrategy = 'average_vector' | 'best_score' | 'sum_scores';

/** An example for recommend: a TMDB id (the server looks up its vector) or a raw query vector. */
export type RecommendExample = number | Float32Array;

export interface RecommendRequest {
  positive: RecommendExample[];
  negative?: RecommendExample[];
  /** Default 'average_vector' (one nearest-neighbour query); 'best_score' scores each candidate per example. */
  strategy?: RecommendStrategy;
  constraints?: Constraints;
  /** Rows never to return (on top of the examples, which Qdrant already leaves out). */
  exclude?: ReadonlySet<number>;
  k: number;
  signal?: AbortSignal;
}

export interface QdrantIndexOptions {
  client: QdrantClient;
  collection: string;
  /** Dimensions of the local index; `check()` verifies the collection has the same. */
  dims: number;
  /** TMDB id → row of the local index. Points whose id is not in it are dropped from results. */
  rowOfId: ReadonlyMap<number, number>;
  /** Exhaustive search on the server (no HNSW): exact agreement with the local scan, slower on big sets. */
  exact?: boolean;
  /** Above this many allowed rows (and no structured constraints) the filter is applied after the search. */
  maxIdsInFilter?: number;
}

/**
 * Build the `rowOfId` map from the local index's movie ids (row = position), for the rows that have vectors.
 * A repeated id keeps its first row, as the uploader does (build-index/qdrant-upload.ts `uploadRows`).
 */
export function rowOfIdFromIds(ids: ArrayLike<number>, rows = ids.length): Map<number, number> {
  const map = new Map<number, number>();
  for (let row = 0; row < rows; row++) if (!map.has(ids[row])) map.set(ids[row], row);
  return map;
}

function toVectorInput(example: RecommendExample): Schemas['VectorInput'] {
  return typeof example === 'number' ? example : Array.from(example);
}

function pointIdToNumber(id: Schemas['ExtendedPointId']): number | null {
  const n = typeof id === 'number' ? id : Number(id);
  return Number.isSafeInteger(n) ? n : null;
}

export class QdrantIndex implements VectorIndex {
  readonly name: string;
  readonly size: number;
  readonly dims: number;
  private readonly client: QdrantClient;
  private readonly collection: string;
  private readonly rowOfId: ReadonlyMap<number, number>;
  private readonly idOfRow: Map<number, number>;
  private readonly exact: boolean;
  private readonly maxIdsInFilter: number;

  constructor(options: QdrantIndexOptions) {
    this.client = options.client;
    this.collection = options.collection;
    this.dims = options.dims;
    this.rowOfId = options.rowOfId;
    this.size = options.rowOfId.size;
    this.name = `qdrant:${options.collection}`;
    this.exact = options.exact ?? false;
    this.maxIdsInFilter = options.maxIdsInFilter ?? 2000;
    this.idOfRow = new Map();
    for (const [id, row] of options.rowOfId) this.idOfRow.set(row, id);
  }

  /** Verify that the collection exists and has the local index's vector size and cosine distance. */
  async check(signal?: AbortSignal): Promise<{ points: number }> {
    const info = await callQdrant(() => this.client.getCollection(this.collection), signal);
    const vectors = info.config.params.vectors;
    const params = vectors && 'size' in vectors && typeof vectors.size === 'number' ? vectors : null;
    if (!params)
      throw new QdrantUnavailableError('mismatch', `collection "${this.collection}" has no default vector`);
    if (params.size !== this.dims || params.distance !== 'Cosine') {
      throw new QdrantUnavailableError(
        'mismatch',
        `collection "${this.collection}" holds ${params.size}-d ${params.distance} vectors; the local index is ${this.dims}-d Cosine`,
      );
    }
    return { points: info.points_count ?? 0 };
  }

  private idsOfRows(rows: Iterable<number>): number[] {
    const ids: number[] = [];
    for (const row of rows) {
      const id = this.idOfRow.get(row);
      if (id !== undefined) ids.push(id);
    }
    return ids;
  }

  /**
   * The server-side filter, and whether `allowed` must still be checked on the hits (when it could not be
   * expressed as a filter: no structured constraints and too many allowed rows to list their ids).
   */
  private planFilter(options: VectorSearchOptions): {
    filter: QdrantFilter | undefined;
    postFilter: Uint8Array | null;
  } {
    const excludeIds = options.exclude ? this.idsOfRows(options.exclude) : undefined;
    const { allowed, constraints } = options;
    if (constraints || !allowed) {
      // The structured constraints are the same ones `allowed` was computed from; checking `allowed` on the
      // hits as well keeps the two engines from disagreeing on edge cases (e.g. name spelling).
      return { filter: constraintsToFilter(constraints, { excludeIds }), postFilter: allowed ?? null };
    }
    let count = 0;
    for (let i = 0; i < allowed.length; i++) count += allowed[i] ? 1 : 0;
    if (count <= this.maxIdsInFilter) {
      const onlyIds: number[] = [];
      for (let row = 0; row < allowed.length; row++) {
        const id = allowed[row] ? this.idOfRow.get(row) : undefined;
        if (id !== undefined) onlyIds.push(id);
      }
      return { filter: constraintsToFilter(undefined, { excludeIds, onlyIds }), postFilter: null };
    }
    return { filter: constraintsToFilter(undefined, { excludeIds }), postFilter: allowed };
  }

  private toHits(points: Schemas['ScoredPoint'][], k: number, postFilter: Uint8Array | null): VectorHit[] {
    const hits: VectorHit[] = [];
    for (const point of points) {
      const id = pointIdToNumber(point.id);
      const row = id === null ? undefined : this.rowOfId.get(id);
      if (row === undefined) continue;
      if (postFilter && !postFilter[row]) continue;
      hits.push({ row, score: point.score });
      if (hits.length === k) break;
    }
    return hits;
  }

  private planSearch(
    query: Float32Array,
    k: number,
    options: VectorSearchOptions,
  ): { request: Schemas['QueryRequest']; postFilter: Uint8Array | null } {
    if (query.length !== this.dims) {
      throw new QdrantUnavailableError('mismatch', `query has ${query.length} dims, the index ${this.dims}`);
    }
    const { filter, postFilter } = this.planFilter(options);
    // When hits are filtered after the fact, ask for more so k usually survive.
    const limit = postFilter && !options.constraints ? Math.min(Math.max(k * 4, k + 50), 1000) : k;
    const request: Schemas['QueryRequest'] = { query: Array.from(query), limit, with_payload: false };
    if (filter) request.filter = filter;
    if (this.exact) request.params = { exact: true };
    return { request, postFilter };
  }

  /** The `query` request body this index sends for a search (for contract tests and debugging). */
  searchRequest(query: Float32Array, k: number, options: VectorSearchOptions = {}): Schemas['QueryRequest'] {
    return this.planSearch(query, k, options).request;
  }

  async search(query: Float32Array, k: number, options: VectorSearchOptions = {}): Promise<VectorHit[]> {
    if (k <= 0) return [];
    const { request, postFilter } = this.planSearch(query, k, options);
    const response = await callQdrant(() => this.client.query(this.collection, request));
    return this.toHits(response.points, k, postFilter);
  }

  /** The `query` request body for a recommendation (exported for contract tests). */
  recommendRequest(request: RecommendRequest): Schemas['QueryRequest'] {
    if (request.positive.length === 0 && (request.negative?.length ?? 0) === 0) {
      throw new QdrantUnavailableError('config', 'recommend needs at least one positive or negative example');
    }
    const excludeIds = request.exclude ? this.idsOfRows(request.exclude) : undefined;
    const recommend: Schemas['RecommendInput'] = {
      positive: request.positive.map(toVectorInput),
      strategy: request.strategy ?? 'average_vector',
    };
    if (request.negative && request.negative.length > 0)
      recommend.negative = request.negative.map(toVectorInput);
    const body: Schemas['QueryRequest'] = { query: { recommend }, limit: request.k, with_payload: false };
    const filter = constraintsToFilter(request.constraints, { excludeIds });
    if (filter) body.filter = filter;
    if (this.exact) body.params = { exact: true };
    return body;
  }

  /** "Like these, not like those" through Qdrant's recommend query (positive/negative ids or vectors). */
  async recommend(request: RecommendRequest): Promise<VectorHit[]> {
    if (request.k <= 0) return [];
    const body = this.recommendRequest(request);
    const response = await callQdrant(() => this.client.query(this.collection, body), request.signal);
    return this.toHits(response.points, request.k, null);
  }
}

export interface QdrantSearchOptions extends QdrantConnectionOptions {
  collection?: string;
  dims: number;
  rowOfId: ReadonlyMap<number, number>;
  exact?: boolean;
}

/** What the settings screen / search worker calls: a ready QdrantIndex for a URL (+ key) and collection. */
export function createQdrantSearch({
  url,
  apiKey,
  timeoutMs,
  collection = 'movies',
  dims,
  rowOfId,
  exact,
}: QdrantSearchOptions): QdrantIndex {
  const client = createQdrantClient({ url, apiKey, timeoutMs });
  return new QdrantIndex({ client, collection, dims, rowOfId, exact });
}
