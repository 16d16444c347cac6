import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collectRows, countAllowed, selectTopK } from '../../src/search/topk.ts';

/** Reference: filter, full sort by (score desc, row asc), slice. */
function reference(scores: number[], k: number, allowed?: Uint8Array, exclude?: Set<number>) {
  return scores
    .map((score, row) => ({ row, score }))
    .filter(({ row, score }) => !Number.isNaN(score) && (!allowed || allowed[row]) && !exclude?.has(row))
    .sort((a, b) => b.score - a.score || a.row - b.row)
    .slice(0, Math.max(k, 0));
}

describe('selectTopK', () => {
  it('matches a full sort, including ties, masks, exclusions and k > n', () => {
    fc.assert(
      fc.property(
        // Few distinct values force many ties.
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 0, maxLength: 200 }),
        fc.integer({ min: 0, max: 250 }),
        fc.option(fc.array(fc.boolean(), { minLength: 200, maxLength: 200 }), { nil: undefined }),
        fc.array(fc.integer({ min: 0, max: 199 }), { maxLength: 20 }),
        (ints, k, mask, excl) => {
          const scores = Float32Array.from(ints, (x) => x / 4);
          const allowed = mask ? Uint8Array.from(mask, (b) => (b ? 1 : 0)) : undefined;
          const exclude = new Set(excl);
          const got = selectTopK(scores, scores.length, k, { allowed, exclude });
          expect(got).toEqual(reference(Array.from(scores), k, allowed, exclude));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('breaks ties by lower row first and returns all rows when k exceeds them', () => {
    const scores = new Float32Array([0.5, 0.9, 0.5, 0.9, 0.1]);
    expect(selectTopK(scores, 5, 3).map((h) => h.row)).toEqual([1, 3, 0]);
    expect(selectTopK(scores, 5, 50).map((h) => h.row)).toEqual([1, 3, 0, 2, 4]);
    expect(selectTopK(scores, 5, 0)).toEqual([]);
  });

  it('skips NaN scores and treats rows beyond the mask as not allowed', () => {
    const scores = new Float32Array([NaN, 0.2, 0.3, 0.4]);
    expect(selectTopK(scores, 4, 10).map((h) => h.row)).toEqual([3, 2, 1]);
    const allowed = new Uint8Array([1, 1, 1]); // row 3 not covered
    expect(selectTopK(scores, 4, 10, { allowed }).map((h) => h.row)).toEqual([2, 1]);
  });

  it('maps positions to rows through ids, filtering by row', () => {
    const scores = new Float32Array([0.1, 0.8, 0.5]);
    const ids = new Int32Array([40, 7, 12]);
    const allowed = new Uint8Array(50).fill(1);
    allowed[7] = 0;
    expect(selectTopK(scores, 3, 2, { ids, allowed })).toEqual([
      { row: 12, score: 0.5 },
      { row: 40, score: Math.fround(0.1) },
    ]);
  });

  it('counts and collects allowed rows, minus exclusions', () => {
    const allowed = new Uint8Array([1, 0, 1, 1, 0, 1]);
    expect(countAllowed(allowed, 6)).toBe(4);
    expect(countAllowed(allowed, 3)).toBe(2);
    const out = new Int32Array(6);
    const n = collectRows(allowed, 6, new Set([2]), out);
    expect(Array.from(out.subarray(0, n))).toEqual([0, 3, 5]);
  });
});
