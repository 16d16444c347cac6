import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeMovies,
  decodeVectors,
  encodeMovies,
  encodeVectors,
  type EncodedMovies,
} from '../../src/core/index-format.ts';
import { dequantizeRow, quantizeVectors } from '../../src/core/quantize.ts';
import { readDataset } from '../../src/data/read-dataset.ts';
import { l2normalize } from '../../src/core/rank/vec.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

describe('movies encoding', () => {
  it('round-trips the real slice and the quirk fixtures exactly', async () => {
    for (const dir of ['slice', 'kaggle-quirks']) {
      const { movies } = await readDataset(path.join(FIXTURES, dir));
      const encoded = JSON.parse(JSON.stringify(encodeMovies(movies))) as EncodedMovies;
      expect(decodeMovies(encoded)).toEqual(movies);
    }
  });

  it('is smaller than plain JSON of Movie[]', async () => {
    const { movies } = await readDataset(path.join(FIXTURES, 'slice'));
    const compact = JSON.stringify(encodeMovies(movies)).length;
    expect(compact).toBeLessThan(JSON.stringify(movies).length * 0.8);
  });

  it('refuses a file of another format', () => {
    expect(() => decodeMovies({ format: 'x' } as unknown as EncodedMovies)).toThrow(/cinechat-movies/);
  });
});

describe('int8 per-vector quantization', () => {
  const unitVector = (dims: number) =>
    fc
      .array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: dims, maxLength: dims })
      .filter((a) => a.some((x) => Math.abs(x) > 1e-3))
      .map((a) => l2normalize(Float32Array.from(a)));

  it('bounds every component error by half a step and keeps cosine ≥ 0.999 (512-d)', () => {
    fc.assert(
      fc.property(fc.array(unitVector(512), { minLength: 1, maxLength: 4 }), (vs) => {
        const q = quantizeVectors(vs, 512);
        vs.forEach((v, r) => {
          const back = dequantizeRow(q, r);
          let dotp = 0;
          let nb = 0;
          for (let j = 0; j < 512; j++) {
            expect(Math.abs(back[j] - v[j])).toBeLessThanOrEqual(q.scales[r] / 2 + 1e-7);
            dotp += back[j] * v[j];
            nb += back[j] * back[j];
          }
          expect(dotp / Math.sqrt(nb)).toBeGreaterThan(0.999);
        });
      }),
      { numRuns: 50 },
    );
  });

  it('uses the full int8 range and survives the file layout', () => {
    const vs = [l2normalize(Float32Array.from([3, -4, 0, 1])), new Float32Array(4)];
    const q = quantizeVectors(vs, 4);
    expect(Math.max(...Array.from(q.codes.slice(0, 4), Math.abs))).toBe(127);
    expect(Array.from(q.codes.slice(4))).toEqual([0, 0, 0, 0]); // zero vector stays zero
    const bytes = encodeVectors(q);
    expect(bytes.byteLength).toBe(2 * 4 + 2 * 4);
    const back = decodeVectors(bytes.slice().buffer, { embeddedCount: 2, embedder: { id: 't', dims: 4 } });
    expect(back.scales).toEqual(q.scales);
    expect(back.codes).toEqual(q.codes);
    expect(() => decodeVectors(bytes, { embeddedCount: 3, embedder: { id: 't', dims: 4 } })).toThrow(
      /implies/,
    );
  });
});
