/** Seeded synthetic vectors for the engine tests (deterministic across runs). */
import { quantizeRows, type Float32VectorData, type Int8VectorData } from '../../src/core/quantize.ts';
import { mulberry32 as rng } from '../../build-index/quantization-recall.ts';

export function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

/** `rows` random unit vectors (Gaussian-ish), row-major. */
export function randomRows(rows: number, dims: number, seed: number): Float32VectorData {
  const r = rng(seed);
  const vectors = new Float32Array(rows * dims);
  for (let i = 0; i < rows; i++) {
    const v = new Float32Array(dims);
    for (let j = 0; j < dims; j++) v[j] = r() + r() + r() - 1.5;
    vectors.set(normalize(v), i * dims);
  }
  return { vectors, rows, dims };
}

export function randomQuery(dims: number, seed: number): Float32Array {
  return randomRows(1, dims, seed).vectors;
}

/**
 * Well-separated data: rows are near-copies of a few far-apart "topics"; each query is one topic, so
 * the right top-k (that topic's rows, ordered by their distance to it) has wide margins to the rest.
 */
export function separatedData(
  topics: number,
  perTopic: number,
  dims: number,
  seed: number,
): { float: Float32VectorData; int8: Int8VectorData; topicVectors: Float32Array[] } {
  const r = rng(seed);
  const topicVectors = Array.from({ length: topics }, (_, t) => {
    const v = new Float32Array(dims);
    // Disjoint supports make topics orthogonal.
    const width = Math.floor(dims / topics);
    for (let j = t * width; j < (t + 1) * width; j++) v[j] = r() - 0.5;
    return normalize(v);
  });
  const rows = topics * perTopic;
  const vectors = new Float32Array(rows * dims);
  for (let i = 0; i < rows; i++) {
    const topic = topicVectors[i % topics];
    // The n-th row of a topic has n+1 times the base noise, so the in-topic order has wide margins too.
    const noise = 0.1 * (1 + Math.floor(i / topics));
    const v = new Float32Array(dims);
    for (let j = 0; j < dims; j++) v[j] = topic[j] + noise * (r() - 0.5) * 0.2;
    vectors.set(normalize(v), i * dims);
  }
  const float = { vectors, rows, dims };
  return { float, int8: quantizeRows(float), topicVectors };
}
