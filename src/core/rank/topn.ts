/**
 * Indices of the n largest scores (optionally only where mask[i] = 1 and score > floor), best first.
 * A bounded min-heap: O(N log n), no full sort of 45k scores (a comparator sort costs ~10 ms there).
 */
export function topN(scores: Float32Array, n: number, mask?: Uint8Array, floor = -Infinity): number[] {
  const heap: number[] = [];
  const less = (a: number, b: number) => scores[a] < scores[b];
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i], heap[p])) break;
      [heap[i], heap[p]] = [heap[p], heap[i]];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l], heap[m])) m = l;
      if (r < heap.length && less(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  const len = mask ? Math.min(mask.length, scores.length) : scores.length;
  for (let i = 0; i < len; i++) {
    if ((mask && !mask[i]) || !(scores[i] > floor)) continue;
    if (heap.length < n) {
      heap.push(i);
      up(heap.length - 1);
    } else if (n > 0 && scores[i] > scores[heap[0]]) {
      heap[0] = i;
      down(0);
    }
  }
  return heap.sort((a, b) => scores[b] - scores[a]);
}
