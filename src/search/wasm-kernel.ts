/**
 * Loads the int8 scan module (src/search/wasm/int8scan.wat, bytes in int8scan.generated.ts) and lays out
 * one index in its memory. Used by the `int8-wasm` and `binary-rerank` engines.
 */
import { INT8SCAN_WASM_BASE64 } from './wasm/int8scan.generated.ts';
import { scaleFromSquares, type Int8VectorData } from '../core/quantize.ts';
import { quantizeQuery, strideFor } from './query-quant.ts';

interface ScanExports {
  memory: WebAssembly.Memory;
  scan(
    codes: number,
    scales: number,
    q: number,
    out: number,
    rows: number,
    stride: number,
    qscale: number,
  ): void;
  scan_rows(
    codes: number,
    scales: number,
    q: number,
    out: number,
    ids: number,
    n: number,
    stride: number,
    qscale: number,
  ): void;
  hamming(bits: number, q: number, out: number, rows: number, words: number): void;
  row_norms(codes: number, out: number, rows: number, stride: number): void;
}

let bytesCache: Uint8Array<ArrayBuffer> | undefined;
function wasmBytes(): Uint8Array<ArrayBuffer> {
  // atob exists in browsers, workers and Node >= 16.
  bytesCache ??= Uint8Array.from(atob(INT8SCAN_WASM_BASE64), (c) => c.charCodeAt(0));
  return bytesCache;
}

let simdSupport: boolean | undefined;
/** Whether this runtime runs WASM SIMD: the module itself uses SIMD, so validating it is the feature test. */
export function supportsWasmSimd(): boolean {
  if (simdSupport === undefined) {
    try {
      simdSupport = typeof WebAssembly === 'object' && WebAssembly.validate(wasmBytes());
    } catch {
      simdSupport = false;
    }
  }
  return simdSupport;
}

const align16 = (n: number): number => (n + 15) & ~15;

export interface Int8Kernel {
  readonly rows: number;
  readonly dims: number;
  /** Bytes of WASM linear memory this index holds. */
  readonly memoryBytes: number;
  /** Scores of all rows for `query` (a view into WASM memory, valid until the next call). */
  scan(query: Float32Array): Float32Array;
  /** Scores of rows ids[0..n) for `query` (view, valid until the next call). `ids` is the kernel's own buffer. */
  scanRows(query: Float32Array, n: number): Float32Array;
  /** Buffer to write row ids into before `scanRows` (rows entries). */
  readonly ids: Int32Array;
  /** Equal sign bits between each row and the query (view); only when created with `binary: true`. */
  hamming(query: Float32Array): Int32Array;
}

/**
 * Copy `data` into a fresh WASM instance. Rows are padded to a multiple of 16 dims with zeros (a zero code
 * adds nothing to a dot product), so any dimension works. The caller may drop `data` afterwards.
 */
export interface KernelOptions {
  /** Also build 1-bit sign codes (binary-rerank). */
  binary?: boolean;
  /** Replace the scales by 1 / ||codes|| (cosine with the quantized rows; see cosineScales). Default true. */
  cosine?: boolean;
}

export async function createInt8Kernel(
  data: Int8VectorData,
  options: KernelOptions = {},
): Promise<Int8Kernel> {
  if (!supportsWasmSimd()) throw new Error('This browser has no WebAssembly SIMD; use the int8-js engine.');
  const { rows, dims } = data;
  const stride = strideFor(dims);
  const words = Math.ceil(dims / 64);

  const codesPtr = 0;
  const scalesPtr = align16(codesPtr + rows * stride);
  const queryPtr = align16(scalesPtr + rows * 4);
  const outPtr = align16(queryPtr + stride * 2);
  const idsPtr = align16(outPtr + rows * 4);
  const rowsOutPtr = align16(idsPtr + rows * 4);
  const bitsPtr = align16(rowsOutPtr + rows * 4);
  const qbitsPtr = align16(bitsPtr + (options.binary ? rows * words * 8 : 0));
  const end = align16(qbitsPtr + words * 8);

  const { instance } = await WebAssembly.instantiate(wasmBytes(), {});
  const ex = instance.exports as unknown as ScanExports;
  const pages = Math.ceil(end / 65536);
  const have = ex.memory.buffer.byteLength / 65536;
  if (pages > have) ex.memory.grow(pages - have);
  const buf = ex.memory.buffer;

  const codes = new Int8Array(buf, codesPtr, rows * stride);
  if (stride === dims) codes.set(data.codes.subarray(0, rows * dims));
  else for (let r = 0; r < rows; r++) codes.set(data.codes.subarray(r * dims, r * dims + dims), r * stride);
  const scales = new Float32Array(buf, scalesPtr, rows);
  const ids = new Int32Array(buf, idsPtr, rows);
  if (options.cosine ?? true) {
    // Exact integer sums of squares in WASM, the same f32 rounding as cosineScales() in JS.
    ex.row_norms(codesPtr, idsPtr, rows, stride);
    for (let r = 0; r < rows; r++) scales[r] = scaleFromSquares(ids[r]);
  } else scales.set(data.scales.subarray(0, rows));

  const qView = new Int16Array(buf, queryPtr, stride);
  const out = new Float32Array(buf, outPtr, rows);
  const rowsOut = new Float32Array(buf, rowsOutPtr, rows);
  const hamOut = new Int32Array(buf, outPtr, rows);
  const qbits = new Uint8Array(buf, qbitsPtr, words * 8);

  if (options.binary) {
    // Sign bits: bit j of a row is set when its code j is positive; the same layout for the query.
    const bits = new Uint8Array(buf, bitsPtr, rows * words * 8);
    for (let r = 0; r < rows; r++) {
      const src = r * dims;
      const dst = r * words * 8;
      for (let j = 0; j < dims; j++) if (data.codes[src + j] > 0) bits[dst + (j >> 3)] |= 1 << (j & 7);
    }
  }

  return {
    rows,
    dims,
    memoryBytes: buf.byteLength,
    ids,
    scan(query) {
      const { qscale } = quantizeQuery(query, dims, stride, qView);
      ex.scan(codesPtr, scalesPtr, queryPtr, outPtr, rows, stride, qscale);
      return out;
    },
    scanRows(query, n) {
      if (n < 0 || n > rows) throw new Error(`scanRows: n=${n} out of range.`);
      const { qscale } = quantizeQuery(query, dims, stride, qView);
      ex.scan_rows(codesPtr, scalesPtr, queryPtr, rowsOutPtr, idsPtr, n, stride, qscale);
      return rowsOut.subarray(0, n);
    },
    hamming(query) {
      if (!options.binary) throw new Error('Kernel was created without binary codes.');
      if (query.length !== dims)
        throw new Error(`Query has ${query.length} dimensions; the index has ${dims}.`);
      qbits.fill(0);
      for (let j = 0; j < dims; j++) if (query[j] > 0) qbits[j >> 3] |= 1 << (j & 7);
      ex.hamming(bitsPtr, qbitsPtr, outPtr, rows, words);
      return hamOut;
    },
  };
}
