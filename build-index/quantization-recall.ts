/**
 * The recall cost of int8 quantization: for a seeded random sample of rows, use each row's float32
 * vector as a query and compare the top-10 of an exhaustive float32 search with the top-10 of the
 * same search over the int8 vectors (the query stays float32, as at runtime). The row itself is
 * excluded from both lists, so the figure measures neighbours, not self-matches.
 */
import type { QuantizedVectors } from '../src/core/quantize.ts';

/** Small deterministic PRNG (mulberry32): the same sample on every build. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function topK(scores: Float32Array, k: number, skip: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (i === skip) continue;
    if (best.length < k || scores[i] > scores[best[best.length - 1]]) {
      let p = Math.min(best.length, k - 1);
      if (best.length < k) best.push(i);
      while (p > 0 && scores[best[p - 1]] < scores[i]) {
        best[p] = best[p - 1];
        p--;
      }
      best[p] = i;
    }
  }
  return best;
}

export function int8RecallAt10(
  floats: Float32Array[],
  q: QuantizedVectors,
  sample: number,
  seed = 42,
): number {
  const rows = floats.length;
  const dims = q.dims;
  const k = Math.min(10, rows - 1);
  if (k <= 0) return 1;
  const rand = mulberry32(seed);
  const picked = new Set<number>();
  while (picked.size < Math.min(sample, rows)) picked.add(Math.floor(rand() * rows));
  const exact = new Float32Array(rows);
  const approx = new Float32Array(rows);
  let total = 0;
  for (const r of picked) {
    const query = floats[r];
    for (let i = 0; i < rows; i++) {
      const v = floats[i];
      let s = 0;
      let c = 0;
      const off = i * dims;
      for (let j = 0; j < dims; j++) {
        s += query[j] * v[j];
        c += query[j] * q.codes[off + j];
      }
      exact[i] = s;
      approx[i] = c * q.scales[i];
    }
    const truth = new Set(topK(exact, k, r));
    total += topK(approx, k, r).filter((i) => truth.has(i)).length / k;
  }
  return total / picked.size;
}
