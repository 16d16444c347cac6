/**
 * Baseline vectors for the eval: each movie's overview embedded alone (what the original system
 * did), written by `npm run build-index -- --baseline` into .cache/baseline/<embedder>/.
 * Files: vectors.f32.bin (rows × dims float32 little-endian, L2-normalized) and meta.json
 * ({ embedderId, dims, ids }), ids[r] being the TMDB id of row r.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { embedderDirName } from './embedding-cache.ts';

export interface BaselineVectors {
  embedderId: string;
  dims: number;
  /** TMDB id per row. */
  ids: number[];
  /** rows × dims, row-major. */
  vectors: Float32Array;
}

export interface BaselineMeta {
  embedderId: string;
  dims: number;
  ids: number[];
  builtAt: string;
  text: 'overview';
}

export const BASELINE_VECTORS_FILE = 'vectors.f32.bin';
export const BASELINE_META_FILE = 'meta.json';

/** Default folder of one embedder's baseline: <repo>/.cache/baseline/<embedder>/. */
export function baselineDir(repoRoot: string, embedderId = 'use-lite'): string {
  return path.join(repoRoot, '.cache', 'baseline', embedderDirName(embedderId));
}

export async function loadBaselineVectors(dir: string): Promise<BaselineVectors> {
  let meta: BaselineMeta;
  try {
    meta = JSON.parse(await fs.readFile(path.join(dir, BASELINE_META_FILE), 'utf8')) as BaselineMeta;
  } catch {
    throw new Error(`No baseline vectors in ${dir}. Make them with: npm run build-index -- --baseline`);
  }
  const buf = await fs.readFile(path.join(dir, BASELINE_VECTORS_FILE));
  const expected = meta.ids.length * meta.dims * 4;
  if (buf.byteLength !== expected)
    throw new Error(`${dir}: ${buf.byteLength} bytes of vectors, expected ${expected}`);
  // Copy into an aligned buffer (a Node Buffer may sit at an odd offset in its pool).
  const vectors = new Float32Array(meta.ids.length * meta.dims);
  new Uint8Array(vectors.buffer).set(buf);
  return { embedderId: meta.embedderId, dims: meta.dims, ids: meta.ids, vectors };
}
