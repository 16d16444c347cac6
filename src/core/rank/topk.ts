import type { VectorHit } from '../types.ts';

/**
 * Partial top-k selection with a bounded min-heap: O(n log k), and for most rows a single comparison
 * against the heap's worst entry. A full sort with a comparator over 45k scores costs 8-10 ms, more than
 * the whole SIMD scan, so the engines never sort all scores.
 *
 * Order: score descending, then row ascending (deterministic ties). NaN scores are skipped.
 */
export interface TopKOptions {
  /** 1 = row may be returned. Absent = all rows. */
  allowed?: Uint8Array;
  exclude?: ReadonlySet<number>;
  /**
   * Row number of each score (scores[i] belongs to row ids[i]); absent = scores[i] is row i.
   * `allowed` and `exclude` are checked against the row, not the position.
   */
  ids?: Int32Array | Uint32Array;
  /** Only scores above this count (default: any number; NaN never). */
  floor?: number;
}

export type Scores = Float32Array | Float64Array | Int32Array;

/** The k best of scores[0..n). Returns fewer than k only when fewer than k rows qualify. */
export function selectTopK(scores: Scores, n: number, k: number, options: TopKOptions = {}): VectorHit[] {
  const { allowed, exclude, ids, floor = -Infinity } = options;
  if (k <= 0 || n <= 0) return [];
  const cap = Math.min(k, n);
  const hs = new Float64Array(cap);
  const hr = new Int32Array(cap);
  let size = 0;
  const hasExclude = exclude !== undefined && exclude.size > 0;

  // a is worse than b: lower score, or equal score and higher row.
  const worse = (sa: number, ra: number, sb: number, rb: number): boolean =>
    sa < sb || (sa === sb && ra > rb);

  const siftDown = (i: number): void => {
    const s = hs[i];
    const r = hr[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const rr = l + 1;
      let m = l;
      if (rr < size && worse(hs[rr], hr[rr], hs[l], hr[l])) m = rr;
      if (!worse(hs[m], hr[m], s, r)) break;
      hs[i] = hs[m];
      hr[i] = hr[m];
      i = m;
    }
    hs[i] = s;
    hr[i] = r;
  };

  const siftUp = (i: number): void => {
    const s = hs[i];
    const r = hr[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!worse(s, r, hs[p], hr[p])) break;
      hs[i] = hs[p];
      hr[i] = hr[p];
      i = p;
    }
    hs[i] = s;
    hr[i] = r;
  };

  for (let i = 0; i < n; i++) {
    const s = scores[i];
    // Cheap rejection first: once the heap is full, most rows lose to its worst entry.
    if (size === cap && s < hs[0]) continue;
    if (!(s > floor)) continue; // NaN, or at or under the floor
    const row = ids ? ids[i] : i;
    if (allowed !== undefined && !allowed[row]) continue; // out of range = not allowed
    if (hasExclude && exclude.has(row)) continue;
    if (size < cap) {
      hs[size] = s;
      hr[size] = row;
      size++;
      siftUp(size - 1);
    } else if (worse(hs[0], hr[0], s, row)) {
      hs[0] = s;
      hr[0] = row;
      siftDown(0);
    }
  }

  const hits: VectorHit[] = [];
  for (let i = 0; i < size; i++) hits.push({ row: hr[i], score: hs[i] });
  // Only k entries: sorting them is negligible.
  hits.sort((a, b) => b.score - a.score || a.row - b.row);
  return hits;
}

/**
 * Rows of the n largest scores (only where mask[i] = 1 and score > floor), best first, ties by row.
 * The ranking stages' form of selectTopK.
 */
export function topN(scores: Float32Array, n: number, mask?: Uint8Array, floor = -Infinity): number[] {
  const len = mask ? Math.min(mask.length, scores.length) : scores.length;
  return selectTopK(scores, len, n, { allowed: mask, floor }).map((h) => h.row);
}
