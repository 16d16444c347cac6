import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { VectorIndex } from '../../src/core/types.ts';
import { chooseDefaultEngine, isEngineKind } from '../../src/search/factory.ts';
import { BENCH_ENGINE_KINDS, createBenchIndex, isBenchEngineKind } from '../../src/search/bench-engines.ts';
import { createFloat32ExactIndex } from '../../src/search/float32-exact.ts';
import { cosineScales, quantizeRows, unitRow, type Int8VectorData } from '../../src/core/quantize.ts';
import { createInt8JsIndex, scanInt8Js } from '../../src/search/int8-js.ts';
import { createInt8WasmIndex } from '../../src/search/int8-wasm.ts';
import { quantizeQuery, strideFor } from '../../src/search/query-quant.ts';
import { createInt8Kernel, supportsWasmSimd } from '../../src/search/wasm-kernel.ts';
import { randomQuery, randomRows, separatedData } from './synthetic.ts';

/**
 * Brute-force int8 reference, written independently of the engines: integer dot of the int8 codes with
 * the int16 query, then f32(dot) * scale * qscale with f32 rounding at each step; full sort.
 */
function int8Reference(data: Int8VectorData, query: Float32Array) {
  const { q, qscale } = quantizeQuery(query, data.dims, data.dims);
  const scores: number[] = [];
  for (let r = 0; r < data.rows; r++) {
    let dot = 0;
    for (let j = 0; j < data.dims; j++) dot += data.codes[r * data.dims + j] * q[j];
    scores.push(Math.fround(Math.fround(Math.fround(dot) * data.scales[r]) * qscale));
  }
  const ranked = scores
    .map((score, row) => ({ row, score }))
    .sort((a, b) => b.score - a.score || a.row - b.row);
  return { scores, ranked };
}

const rowsOf = (hits: { row: number }[]) => hits.map((h) => h.row);
/** The data as the engines score it by default: scales 1 / ||codes||. */
const asCosine = (data: Int8VectorData): Int8VectorData => ({ ...data, scales: cosineScales(data) });

describe('int8 scans', () => {
  it('runs WASM SIMD in this Node', () => {
    expect(supportsWasmSimd()).toBe(true);
    expect(chooseDefaultEngine()).toBe('int8-wasm');
  });

  // 512 = the shipped USE-lite size; 100 and 37 exercise the zero padding to a multiple of 16.
  it.each([512, 100, 37])(
    'WASM and JS scores equal the brute-force int8 reference bit for bit (dims %i)',
    async (dims) => {
      const data = quantizeRows(randomRows(300, dims, dims));
      for (const cosine of [true, false]) {
        const kernel = await createInt8Kernel(data, { cosine });
        const scored = cosine ? asCosine(data) : data;
        const jsScores = new Float32Array(data.rows);
        for (const seed of [1, 2, 3]) {
          const query = randomQuery(dims, 1000 + seed);
          const ref = int8Reference(scored, query);
          expect(Array.from(kernel.scan(query))).toEqual(ref.scores);
          const { q, qscale } = quantizeQuery(query, dims, dims);
          scanInt8Js(scored, q, qscale, jsScores);
          expect(Array.from(jsScores)).toEqual(ref.scores);
        }
      }
      expect(strideFor(dims) % 16).toBe(0);
    },
  );

  it('cosine scales make every dequantized row unit length; unitRow returns those rows', () => {
    const raw = quantizeRows(randomRows(50, 100, 4));
    const data = asCosine(raw);
    for (let r = 0; r < data.rows; r++) {
      let n = 0;
      for (let j = 0; j < data.dims; j++) n += (data.codes[r * data.dims + j] * data.scales[r]) ** 2;
      expect(Math.sqrt(n)).toBeCloseTo(1, 5);
      expect(Array.from(unitRow(raw, r)!)).toEqual(
        Array.from(data.codes.subarray(r * 100, r * 100 + 100), (c) => Math.fround(c * data.scales[r])),
      );
    }
    expect(unitRow(raw, 50)).toBeNull();
    expect(unitRow({ ...raw, codes: new Int8Array(raw.codes.length) }, 0)).toBeNull();
  });

  it('top-k of both engines equals the reference ranking, also for k > rows', async () => {
    const data = quantizeRows(randomRows(257, 512, 7));
    const engines = [await createInt8WasmIndex(data), createInt8JsIndex(data)];
    const query = randomQuery(512, 77);
    const ref = int8Reference(asCosine(data), query).ranked;
    for (const engine of engines) {
      expect(await engine.search(query, 10)).toEqual(ref.slice(0, 10));
      const all = await engine.search(query, 1000);
      expect(all).toHaveLength(257);
      expect(all).toEqual(ref);
    }
  });

  it('finds the same top-k as float32 exact search on well-separated data', async () => {
    const { float, int8, topicVectors } = separatedData(8, 20, 512, 3);
    const exact = createFloat32ExactIndex(float);
    const wasm = await createInt8WasmIndex(int8);
    for (const topic of topicVectors) {
      const want = rowsOf(await exact.search(topic, 10));
      expect(rowsOf(await wasm.search(topic, 10))).toEqual(want);
    }
  });

  it('scores approximate the cosine similarity', async () => {
    const { float, int8 } = separatedData(4, 10, 512, 5);
    const exact = createFloat32ExactIndex(float);
    const wasm = await createInt8WasmIndex(int8);
    const query = randomQuery(512, 9);
    const [a, b] = [await exact.search(query, 40), await wasm.search(query, 40)];
    const exactByRow = new Map(a.map((h) => [h.row, h.score]));
    for (const h of b) expect(Math.abs(h.score - exactByRow.get(h.row)!)).toBeLessThan(0.01);
  });

  it('rejects a query of the wrong dimension and NaN values with a clear message', async () => {
    const wasm = await createInt8WasmIndex(quantizeRows(randomRows(10, 32, 1)));
    await expect(wasm.search(new Float32Array(16), 3)).rejects.toThrow(/16 dimensions; the index has 32/);
    await expect(wasm.search(new Float32Array(32).fill(NaN), 3)).rejects.toThrow(/NaN/);
  });
});

describe('filters and exclusions, every engine', () => {
  const data = quantizeRows(randomRows(600, 64, 11));
  const query = randomQuery(64, 12);
  const truthScores = int8Reference(asCosine(data), query).ranked;

  const build = async (): Promise<VectorIndex[]> =>
    Promise.all(
      BENCH_ENGINE_KINDS.filter((k) => k !== 'voy' && k !== 'float32-exact').map((k) =>
        // Enough candidates that binary-rerank is exact on this small set.
        createBenchIndex(k, data, { candidates: 600 }),
      ),
    );

  // Dense (non-selective scan path) and sparse (allowed-rows-only path) masks.
  it.each([
    ['dense', (r: number) => r % 3 !== 0],
    ['sparse', (r: number) => r % 17 === 0],
  ])('%s allowed mask: only allowed rows, and k of them when enough exist', async (_name, keep) => {
    const allowed = Uint8Array.from({ length: data.rows }, (_, r) => (keep(r) ? 1 : 0));
    const exclude = new Set(
      truthScores
        .filter((h) => allowed[h.row])
        .slice(0, 3)
        .map((h) => h.row),
    );
    const want = truthScores.filter((h) => allowed[h.row] && !exclude.has(h.row)).slice(0, 10);
    for (const engine of await build()) {
      const hits = await engine.search(query, 10, { allowed, exclude });
      expect(hits, engine.name).toHaveLength(10);
      expect(
        hits.every((h) => allowed[h.row] === 1 && !exclude.has(h.row)),
        engine.name,
      ).toBe(true);
      expect(rowsOf(hits), engine.name).toEqual(rowsOf(want));
    }
  });

  it('returns every allowed row when fewer than k are allowed, and none for an empty mask', async () => {
    const allowed = new Uint8Array(data.rows);
    for (const r of [5, 50, 500]) allowed[r] = 1;
    for (const engine of await build()) {
      expect(
        rowsOf(await engine.search(query, 10, { allowed })).sort((a, b) => a - b),
        engine.name,
      ).toEqual([5, 50, 500]);
      expect(await engine.search(query, 10, { allowed: new Uint8Array(data.rows) }), engine.name).toEqual([]);
    }
  });

  it('exclude removes rows without shrinking the result', async () => {
    const top = rowsOf(truthScores.slice(0, 12));
    for (const engine of await build()) {
      const hits = await engine.search(query, 10, { exclude: new Set(top.slice(0, 2)) });
      expect(rowsOf(hits), engine.name).toEqual(top.slice(2, 12));
    }
  });
});

describe('factory', () => {
  it('knows its engine names; the app factory has only the shipped engines', () => {
    expect(isEngineKind('int8-wasm')).toBe(true);
    expect(isEngineKind('int8-js')).toBe(true);
    expect(isEngineKind('voy')).toBe(false);
    expect(isEngineKind('hnsw')).toBe(false);
    expect(isBenchEngineKind('voy')).toBe(true);
    expect(isBenchEngineKind('float32-exact')).toBe(true);
    expect(isBenchEngineKind('hnsw')).toBe(false);
  });

  it('keeps bench-only engines out of the app factory (no static import of them)', () => {
    const source = fs.readFileSync(new URL('../../src/search/factory.ts', import.meta.url), 'utf8');
    for (const file of ['voy', 'binary-rerank', 'float32-exact', 'bench-engines'])
      expect(source, file).not.toMatch(new RegExp(`from '\\./${file}\\.ts'`));
  });
});
