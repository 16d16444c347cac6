import { describe, expect, it } from 'vitest';
import { createInt8WasmIndex } from '../../src/search/int8-wasm.ts';
import { createVoyIndex } from '../../src/search/voy.ts';
import { fromVectorList } from '../../src/core/quantize.ts';
import { separatedData } from './synthetic.ts';

const rowsOf = (hits: { row: number }[]) => hits.map((h) => h.row);

describe('voy engine', () => {
  const { float, int8, topicVectors } = separatedData(6, 15, 96, 21);

  it('returns the same top-k as the default engine on well-separated data', async () => {
    const voy = await createVoyIndex(int8);
    const wasm = await createInt8WasmIndex(int8);
    expect(voy.size).toBe(int8.rows);
    for (const topic of topicVectors) {
      const a = await wasm.search(topic, 8);
      const b = await voy.search(topic, 8);
      expect(rowsOf(b)).toEqual(rowsOf(a));
      // Scores are re-computed from the int8 rows, so they agree with the default engine closely.
      b.forEach((h, i) => expect(Math.abs(h.score - a[i].score)).toBeLessThan(1e-3));
    }
    voy.free();
  });

  it('applies allowed masks by over-fetching, still returning k rows, and honours exclude', async () => {
    const voy = await createVoyIndex(int8);
    const wasm = await createInt8WasmIndex(int8);
    // Keep one row in five: the allowed rows are mostly outside any topic's nearest few.
    const allowed = Uint8Array.from({ length: int8.rows }, (_, r) => (r % 5 === 0 ? 1 : 0));
    for (const topic of topicVectors.slice(0, 3)) {
      const want = await wasm.search(topic, 6, { allowed, exclude: new Set([0]) });
      const got = await voy.search(topic, 6, { allowed, exclude: new Set([0]) });
      expect(got).toHaveLength(6);
      expect(rowsOf(got)).toEqual(rowsOf(want));
    }
    voy.free();
  });

  it('indexes a small subset of rows (e.g. liked movies) and maps hits back to index rows', async () => {
    const liked = [3, 9, 40, 41, 77];
    const voy = await createVoyIndex(float, { rows: liked });
    expect(voy.size).toBe(5);
    const hits = await voy.search(topicVectors[3], 3);
    expect(hits).toHaveLength(3);
    expect(hits.every((h) => liked.includes(h.row))).toBe(true);
    // Rows 3 and 9 are the closest members of topic 3 (noise grows with the row's rank in its topic).
    expect(rowsOf(hits).slice(0, 2)).toEqual([3, 9]);
    await expect(createVoyIndex(float, { rows: [5000] })).rejects.toThrow(/row 5000 is not in the index/);
    voy.free();
  });

  it('serves a small collection given as a list of vectors (an FAQ)', async () => {
    const list = topicVectors.map((v) => v.slice());
    const voy = await createVoyIndex(fromVectorList(list));
    for (let t = 0; t < list.length; t++) {
      const [hit] = await voy.search(topicVectors[t], 1);
      expect(hit.row).toBe(t);
      expect(hit.score).toBeCloseTo(1, 5);
    }
    expect(() => fromVectorList([new Float32Array(3), new Float32Array(4)])).toThrow(
      /Vector 1 has 4 dimensions/,
    );
    voy.free();
  });

  it('round-trips through serialize / deserialize', async () => {
    const voy = await createVoyIndex(int8);
    const again = await createVoyIndex(int8, { serialized: voy.serialize() });
    expect(rowsOf(await again.search(topicVectors[1], 5))).toEqual(
      rowsOf(await voy.search(topicVectors[1], 5)),
    );
    voy.free();
    again.free();
  });
});
