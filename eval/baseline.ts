/**
 * Overview-only float embeddings for the baseline (what the original system searched). Cached in
 * .cache/eval/baseline-<embedder>/ with the embedder id and a digest of the (id, overview) list they
 * came from; a cache from another embedder or another movie set is rebuilt, never trusted.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Embedder, Movie } from '../src/core/types.ts';

export interface BaselineData {
  ids: number[];
  vectors: Float32Array;
  dims: number;
  source: string;
}

interface BaselineMeta {
  embedderId: string;
  dims: number;
  moviesDigest: string;
  ids: number[];
}

const BATCH = 64;

function moviesDigest(movies: readonly Movie[]): string {
  const h = createHash('sha256');
  for (const m of movies) h.update(`${m.id}\u0000${m.overview}\u0001`);
  return h.digest('hex').slice(0, 16);
}

async function readCache(dir: string, want: Omit<BaselineMeta, 'ids'>): Promise<BaselineData | null> {
  try {
    const meta = JSON.parse(await fs.readFile(path.join(dir, 'meta.json'), 'utf8')) as BaselineMeta;
    if (
      meta.embedderId !== want.embedderId ||
      meta.dims !== want.dims ||
      meta.moviesDigest !== want.moviesDigest
    )
      return null;
    const buf = await fs.readFile(path.join(dir, 'vectors.f32.bin'));
    const vectors = new Float32Array(meta.ids.length * meta.dims);
    new Uint8Array(vectors.buffer).set(buf);
    return { ids: meta.ids, vectors, dims: meta.dims, source: `${dir} (cached)` };
  } catch {
    return null;
  }
}

export async function loadOrComputeBaseline(
  repoRoot: string,
  embedder: Embedder,
  movies: readonly Movie[],
  log: (s: string) => void,
  /** Embeds all the overviews at once (default: `embedder`, in batches). */
  embedAll?: (embedderId: string, texts: string[]) => Promise<Float32Array[]>,
): Promise<BaselineData> {
  const withOverview = movies.filter((m) => m.overview.trim() !== '');
  const want = { embedderId: embedder.id, dims: embedder.dims, moviesDigest: moviesDigest(withOverview) };
  const dir = path.join(repoRoot, '.cache', 'eval', `baseline-${embedder.id.replace(/[^a-z0-9.-]+/gi, '_')}`);
  const cached = await readCache(dir, want);
  if (cached) return cached;
  log(`embedding ${withOverview.length} overviews for the baseline (once; cached in ${dir}) …`);
  const vectors = new Float32Array(withOverview.length * embedder.dims);
  const t0 = Date.now();
  if (embedAll) {
    const vs = await embedAll(
      embedder.id,
      withOverview.map((m) => m.overview),
    );
    vs.forEach((v, i) => vectors.set(v, i * embedder.dims));
    log(`  ${withOverview.length} overviews in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  for (let i = 0; !embedAll && i < withOverview.length; i += BATCH) {
    const batch = withOverview.slice(i, i + BATCH);
    const vs = await embedder.embed(batch.map((m) => m.overview));
    vs.forEach((v, j) => vectors.set(v, (i + j) * embedder.dims));
    if ((i / BATCH) % 40 === 0)
      log(`  ${i + batch.length}/${withOverview.length} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  const ids = withOverview.map((m) => m.id);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'vectors.f32.bin'), new Uint8Array(vectors.buffer));
  await fs.writeFile(path.join(dir, 'meta.json'), JSON.stringify({ ...want, ids } satisfies BaselineMeta));
  return { ids, vectors, dims: embedder.dims, source: dir };
}
