/**
 * Writes the baseline vectors (overview alone per movie, see baseline-vectors.ts), sharing the
 * embedding cache with the index build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readDataset } from '../src/data/read-dataset.ts';
import { DEFAULT_CACHE_DIR, DEFAULT_DATA_DIR, embedWithCache, REPO_ROOT } from './build.ts';
import {
  BASELINE_META_FILE,
  BASELINE_VECTORS_FILE,
  baselineDir,
  type BaselineMeta,
} from './baseline-vectors.ts';

export interface BaselineOptions {
  embedder?: string;
  dataDir?: string;
  outDir?: string;
  cacheDir?: string;
  limit?: number;
  workers?: number;
  verbose?: boolean;
}

export async function buildBaseline(options: BaselineOptions = {}): Promise<{ dir: string; rows: number }> {
  const embedderId = options.embedder ?? 'use-lite';
  const verbose = options.verbose ?? true;
  const dir = options.outDir ?? baselineDir(REPO_ROOT, embedderId);
  const { movies } = await readDataset(options.dataDir ?? DEFAULT_DATA_DIR, { limit: options.limit });
  const withOverview = movies.filter((m) => m.overview !== '');
  const emb = await embedWithCache(
    withOverview.map((m) => m.overview),
    {
      embedderId,
      cacheDir: options.cacheDir ?? DEFAULT_CACHE_DIR,
      workers: options.workers ?? 2,
      verbose,
      label: 'baseline',
    },
  );
  fs.mkdirSync(dir, { recursive: true });
  const flat = new Float32Array(withOverview.length * emb.dims);
  emb.vectors.forEach((v, r) => flat.set(v, r * emb.dims));
  fs.writeFileSync(path.join(dir, BASELINE_VECTORS_FILE), new Uint8Array(flat.buffer));
  const meta: BaselineMeta = {
    embedderId,
    dims: emb.dims,
    ids: withOverview.map((m) => m.id),
    builtAt: new Date().toISOString(),
    text: 'overview',
  };
  fs.writeFileSync(path.join(dir, BASELINE_META_FILE), JSON.stringify(meta));
  if (verbose) {
    console.log(
      `Baseline: ${withOverview.length} overviews × ${emb.dims} → ${dir} ` +
        `(embedded ${emb.embedded}, cache hits ${emb.cacheHits})`,
    );
  }
  return { dir, rows: withOverview.length };
}
