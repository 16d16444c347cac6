/**
 * Query quantization shared by the WASM and the JS int8 scans, so both compute bit-identical scores.
 *
 * The query goes to int16 (not int8): it adds no visible error (~1e-5 relative) and the integer dot
 * product stays exact. The largest magnitude is chosen so that dims * 127 * qmax fits in an i32, i.e. the
 * SIMD accumulators can never overflow whatever the dimension.
 */
export interface QuantizedQuery {
  /** `stride` int16 values, zero beyond `dims`. */
  q: Int16Array;
  /** Float32-representable factor: float score = dot_int * scale[row] * qscale. */
  qscale: number;
}

export function maxQueryMagnitude(dims: number): number {
  return Math.min(32767, Math.floor(0x7fffffff / (127 * dims)));
}

export function quantizeQuery(
  query: Float32Array,
  dims: number,
  stride: number,
  out?: Int16Array,
): QuantizedQuery {
  if (query.length !== dims) {
    throw new Error(`Query has ${query.length} dimensions; the index has ${dims}.`);
  }
  const q = out ?? new Int16Array(stride);
  q.fill(0);
  let maxabs = 0;
  for (let j = 0; j < dims; j++) {
    const v = query[j];
    if (!Number.isFinite(v)) throw new Error('Query vector contains NaN or infinite values.');
    const a = Math.abs(v);
    if (a > maxabs) maxabs = a;
  }
  // A zero query (e.g. an empty text) scores every row 0: valid, just uninformative.
  if (maxabs === 0) return { q, qscale: 0 };
  const qmax = maxQueryMagnitude(dims);
  for (let j = 0; j < dims; j++) q[j] = Math.round((query[j] / maxabs) * qmax);
  return { q, qscale: Math.fround(maxabs / qmax) };
}

/** Row stride in bytes for the SIMD kernel: dims rounded up to 16 (one v128 of int8). */
export function strideFor(dims: number): number {
  return Math.ceil(dims / 16) * 16;
}
