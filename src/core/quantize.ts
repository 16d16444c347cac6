/**
 * Int8 vectors with one float32 scale per row — the one owner of quantization: the build writes, the
 * engines scan, the retriever reads back and the bench compares through these functions.
 * Row r's float vector ≈ codes[r*dims + j] * scales[r] (`decodeVectors()` in index-format.ts returns this shape).
 */
export interface QuantizedVectors {
  scales: Float32Array;
  codes: Int8Array;
  rows: number;
  dims: number;
}
/** The engines' name for the same shape. */
export type Int8VectorData = QuantizedVectors;

/** Plain float32 vectors, row-major (`rows * dims`). Used as truth by the bench and tests. */
export interface Float32VectorData {
  vectors: Float32Array;
  rows: number;
  dims: number;
}

/** Check the shape once so a truncated or mismatched asset fails with a clear message, not NaN scores. */
export function assertInt8Data(data: Int8VectorData): void {
  const { rows, dims, scales, codes } = data;
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(dims) || dims <= 0) {
    throw new Error(`Invalid vector data: rows=${rows}, dims=${dims}.`);
  }
  if (scales.length < rows) throw new Error(`Vector data has ${scales.length} scales for ${rows} rows.`);
  if (codes.length < rows * dims) {
    throw new Error(
      `Vector data has ${codes.length} codes; ${rows} rows x ${dims} dims need ${rows * dims}.`,
    );
  }
}

/** Dequantize int8 rows to float32 (codes * scale). */
export function dequantize(data: Int8VectorData): Float32VectorData {
  const { rows, dims, scales, codes } = data;
  const vectors = new Float32Array(rows * dims);
  for (let r = 0; r < rows; r++) {
    const s = scales[r];
    const base = r * dims;
    for (let j = 0; j < dims; j++) vectors[base + j] = codes[base + j] * s;
  }
  return { vectors, rows, dims };
}

/** Quantize float rows the way the index build does (quantizeRow per row). Tests and the bench use it. */
export function quantizeRows(data: Float32VectorData): Int8VectorData {
  const { rows, dims, vectors } = data;
  const scales = new Float32Array(rows);
  const codes = new Int8Array(rows * dims);
  for (let r = 0; r < rows; r++)
    scales[r] = quantizeRow(vectors.subarray(r * dims, (r + 1) * dims), codes, r * dims);
  return { scales, codes, rows, dims };
}

/** Scale from a row's exact sum of squared codes: 1 / ||codes||, in f32 (0 for a zero row). */
export function scaleFromSquares(sumSquares: number): number {
  return sumSquares > 0 ? Math.fround(1 / Math.sqrt(sumSquares)) : 0;
}

/**
 * Per-row scales that make every dequantized row unit length, so scores are cosines with the quantized
 * rows rather than dot products with rows whose norm drifted by the rounding. Measured on the GloVe dev
 * index: recall@10 vs float32 0.885 -> 0.952 (self-queries); `npm run bench` prints both variants.
 * The direction (the codes) is unchanged, so nothing else about the data changes.
 */
export function cosineScales(data: Int8VectorData): Float32Array {
  const { rows, dims, codes } = data;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    const base = r * dims;
    for (let j = 0; j < dims; j++) s += codes[base + j] * codes[base + j];
    out[r] = scaleFromSquares(s);
  }
  return out;
}

/** Row r as a unit float vector (codes / ||codes||), or null when r has no vector or is all zeros. */
export function unitRow(data: Int8VectorData, r: number): Float32Array | null {
  if (!Number.isInteger(r) || r < 0 || r >= data.rows) return null;
  const { dims, codes } = data;
  const base = r * dims;
  let s = 0;
  for (let j = 0; j < dims; j++) s += codes[base + j] * codes[base + j];
  if (s === 0) return null;
  const scale = scaleFromSquares(s);
  const out = new Float32Array(dims);
  for (let j = 0; j < dims; j++) out[j] = codes[base + j] * scale;
  return out;
}

/** Pack a list of equal-length vectors (e.g. an FAQ collection's) into row-major float data for an engine. */
export function fromVectorList(list: readonly Float32Array[]): Float32VectorData {
  const dims = list[0]?.length ?? 0;
  const vectors = new Float32Array(list.length * dims);
  list.forEach((v, r) => {
    if (v.length !== dims) throw new Error(`Vector ${r} has ${v.length} dimensions; the first has ${dims}.`);
    vectors.set(v, r * dims);
  });
  return { vectors, rows: list.length, dims };
}

/** Quantize one L2-normalized vector into `codes` at `offset`; returns its scale. */
export function quantizeRow(v: Float32Array, codes: Int8Array, offset: number): number {
  let maxAbs = 0;
  for (let j = 0; j < v.length; j++) maxAbs = Math.max(maxAbs, Math.abs(v[j]));
  if (maxAbs === 0) return 0; // zero vector: codes stay 0
  const k = 127 / maxAbs;
  for (let j = 0; j < v.length; j++) codes[offset + j] = Math.round(v[j] * k);
  return maxAbs / 127;
}

export function quantizeVectors(vectors: Float32Array[], dims: number): QuantizedVectors {
  const rows = vectors.length;
  const scales = new Float32Array(rows);
  const codes = new Int8Array(rows * dims);
  vectors.forEach((v, r) => {
    if (v.length !== dims) throw new Error(`Vector ${r} has ${v.length} dims, expected ${dims}`);
    scales[r] = quantizeRow(v, codes, r * dims);
  });
  return { scales, codes, rows, dims };
}

/** Row r as float32 (codes × scale). */
export function dequantizeRow(q: QuantizedVectors, r: number): Float32Array {
  const out = new Float32Array(q.dims);
  const s = q.scales[r];
  for (let j = 0; j < q.dims; j++) out[j] = q.codes[r * q.dims + j] * s;
  return out;
}
