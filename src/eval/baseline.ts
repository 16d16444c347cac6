import fs from 'node:fs/promises';
import path from 'node:path';
import type { Embedder, Movie } from '../core/types.ts';

export interface BaselineData {
  ids: number[];
  vectors: Float32Array;
  dims: number;
  source: string;
}

/**
 * Overview-only float embeddings for the baseline. Prefers the build's `.cache/baseline/<embedder>/`
 * (build-index/baseline-vectors.ts); when absent, embeds the overviews here once and caches them under
 * .cache/eval/ (same format), so a fresh checkout still gets the baseline in the same run.
 */
export async function loadOrComputeBaseline(
  repoRoot: string,
  embedder: Embedder,
  movies: readonly Movie[],
  log: (s: string) => void,
): Promise<BaselineData> {
  try {
    const mod = await import('../../build-index/baseline-vectors.ts');
    const dir = mod.baselineDir(repoRoot, embedder.id);
    const b = await mod.loadBaselineVectors(dir);
    if (b.embedderId === embedder.id) return { ids: b.ids, vectors: b.vectors, dims: b.dims, source: dir };
  } catch (e) {
    log(`(build baseline not available: ${(e as Error).message.split('\n')[0]})`);
  }
  const dir = path.join(repoRoot, '.cache', 'eval', `baseline-${embedder.id.replace(/[^a-z0-9.-]+/gi, '_')}`);
  try {
    const meta = JSON.parse(await fs.readFile(path.join(dir, 'meta.json'), 'utf8')) as {
      ids: number[];
      dims: number;
    };
    const buf = await fs.readFile(path.join(dir, 'vectors.f32.bin'));
    const vectors = new Float32Array(meta.ids.length * meta.dims);
    new Uint8Array(vectors.buffer).set(buf);
    return { ids: meta.ids, vectors, dims: meta.dims, source: dir };
  } catch {
    // not cached yet
  }
  const withOverview = movies.filter((m) => m.overview.trim() !== '');
  log(`embedding ${withOverview.length} overviews for the baseline (cached in ${dir}) …`);
  const vectors = new Float32Array(withOverview.length * embedder.dims);
  const t0 = Date.now();
  for (let i = 0; i < withOverview.length; i += 64) {
    const batch = withOverview.slice(i, i + 64);
    const vs = await embedder.embed(batch.map((m) => m.overview));
    vs.forEach((v, j) => vectors.set(v, (i + j) * embedder.dims));
    if ((i / 64) % 20 === 0)
      log(`  ${i + batch.length}/${withOverview.length} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  await fs.mkdir(dir, { recursive: true });
  const ids = withOverview.map((m) => m.id);
  await fs.writeFile(path.join(dir, 'vectors.f32.bin'), new Uint8Array(vectors.buffer));
  await fs.writeFile(
    path.join(dir, 'meta.json'),
    JSON.stringify({ embedderId: embedder.id, dims: embedder.dims, ids, text: 'overview' }),
  );
  return { ids, vectors, dims: embedder.dims, source: dir };
}
