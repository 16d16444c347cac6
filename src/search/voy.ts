import type { VectorHit, VectorIndex, VectorSearchOptions } from '../core/types.ts';
import { cosineScales, type Float32VectorData, type Int8VectorData } from '../core/quantize.ts';
import { countAllowed } from './topk.ts';

/** The parts of voy-search 0.6.3 this adapter uses. */
export interface VoyModule {
  Voy: {
    new (resource?: VoyResource): VoyInstance;
    deserialize(serialized: string): VoyInstance;
  };
}
export interface VoyInstance {
  search(query: Float32Array, k: number): { neighbors: { id: string }[] };
  add(resource: VoyResource): void;
  serialize(): string;
  size(): number;
  free(): void;
}
interface VoyResource {
  embeddings: { id: string; title: string; url: string; embeddings: number[] }[];
}

/** voy-search through the bundler (vite-plugin-wasm in the app, an alias in vitest). Loaded on first use. */
export const loadVoyModule = (): Promise<VoyModule> => import('voy-search') as Promise<VoyModule>;

export interface VoyIndexOptions {
  /** Index only these rows of `data` (a small collection: liked movies, an FAQ). Default: all rows. */
  rows?: ArrayLike<number>;
  /** Module loader; Node scripts pass one that instantiates the .wasm themselves (scripts/bench-voy-node.ts). */
  load?: () => Promise<VoyModule>;
  /** A string from a previous `serialize()` of the same rows: skips building the k-d tree. */
  serialized?: string;
  /** Rows per `add()` call while building; bounds the JSON string voy parses at once. */
  batch?: number;
}

export type VoyVectorIndex = VectorIndex & {
  /** voy's own serialized index (what would have to be shipped to skip the build). */
  serialize(): string;
  /** Release voy's WASM-side memory. */
  free(): void;
};

/**
 * `voy`: voy-search's k-d tree (Euclidean; on unit vectors the same order as cosine).
 *
 * Vectors go to voy as JSON numbers, dequantized from int8, renormalized and rounded to 1e-4 (finer than
 * the int8 step of ~1e-3) to keep that JSON under V8's string limit at full scale. Hits are re-scored
 * here (cosine with the quantized row, as int8-wasm does), so scores are comparable across engines.
 *
 * Filters: voy has none, so this adapter over-fetches (k scaled by rows / allowed rows, x4 until enough
 * allowed rows come back, at worst every row) and filters afterwards. That is exact but degrades to a
 * full k-d tree walk for selective filters; building a per-query voy index of the allowed rows would cost
 * far more (JSON + tree build per query). For small collections (the intended use) either is cheap.
 */
export async function createVoyIndex(
  data: Int8VectorData | Float32VectorData,
  options: VoyIndexOptions = {},
): Promise<VoyVectorIndex> {
  const { Voy } = await (options.load ?? loadVoyModule)();
  const { dims } = data;
  const rowList: number[] = options.rows
    ? Array.from(options.rows)
    : Array.from({ length: data.rows }, (_, i) => i);
  for (const r of rowList) {
    if (!Number.isInteger(r) || r < 0 || r >= data.rows)
      throw new Error(`voy: row ${r} is not in the index.`);
  }
  // int8 rows are scored as cosines with the quantized rows, like the default engine.
  const scales = 'vectors' in data ? null : cosineScales(data);
  const vectorOf = (r: number): Float32Array => {
    const v = new Float32Array(dims);
    if ('vectors' in data) v.set(data.vectors.subarray(r * dims, r * dims + dims));
    else for (let j = 0; j < dims; j++) v[j] = data.codes[r * dims + j] * data.scales[r];
    let n = 0;
    for (let j = 0; j < dims; j++) n += v[j] * v[j];
    n = Math.sqrt(n) || 1;
    for (let j = 0; j < dims; j++) v[j] /= n;
    return v;
  };

  let voy: VoyInstance;
  if (options.serialized !== undefined) {
    voy = Voy.deserialize(options.serialized);
  } else {
    voy = new Voy();
    const batch = options.batch ?? 4096;
    for (let i = 0; i < rowList.length; i += batch) {
      const embeddings = rowList.slice(i, i + batch).map((r) => ({
        id: String(r),
        title: '',
        url: '',
        embeddings: Array.from(vectorOf(r), (x) => Math.round(x * 1e4) / 1e4),
      }));
      voy.add({ embeddings });
    }
  }
  const size = rowList.length;

  const score = (query: Float32Array, r: number): number => {
    let s = 0;
    const base = r * dims;
    if ('vectors' in data) for (let j = 0; j < dims; j++) s += data.vectors[base + j] * query[j];
    else {
      for (let j = 0; j < dims; j++) s += data.codes[base + j] * query[j];
      s *= scales![r];
    }
    return s;
  };

  return {
    name: 'voy',
    size,
    dims,
    serialize: () => voy.serialize(),
    free: () => voy.free(),
    async search(query: Float32Array, k: number, opts: VectorSearchOptions = {}): Promise<VectorHit[]> {
      if (query.length !== dims)
        throw new Error(`Query has ${query.length} dimensions; the index has ${dims}.`);
      if (k <= 0 || size === 0) return [];
      const { allowed, exclude } = opts;
      const excluded = exclude?.size ?? 0;
      // Expected over-fetch for a filter keeping `allowedCount` of `data.rows` rows, then x4 per retry.
      const share = allowed ? Math.max(countAllowed(allowed, data.rows), 1) / data.rows : 1;
      let want = Math.min(size, Math.ceil((k + excluded) / share) + (allowed ? k : 0));
      for (;;) {
        const hits: VectorHit[] = [];
        for (const { id } of voy.search(query, want).neighbors) {
          const r = Number(id);
          if (allowed && !allowed[r]) continue;
          if (exclude?.has(r)) continue;
          hits.push({ row: r, score: score(query, r) });
        }
        if (hits.length >= k || want >= size) {
          hits.sort((a, b) => b.score - a.score || a.row - b.row);
          return hits.slice(0, k);
        }
        want = Math.min(size, want * 4);
      }
    },
  };
}
