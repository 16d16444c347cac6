// Top-k selection has one owner, src/core/rank/topk.ts; the engines use it from there.
export { selectTopK, type TopKOptions } from '../core/rank/topk.ts';

/** Number of allowed rows in [0, rows). */
export function countAllowed(allowed: Uint8Array, rows: number): number {
  let c = 0;
  const n = Math.min(rows, allowed.length);
  for (let i = 0; i < n; i++) if (allowed[i] !== 0) c++;
  return c;
}

/** Rows in [0, rows) that are allowed and not excluded, written into `out` (which must hold them); returns the count. */
export function collectRows(
  allowed: Uint8Array,
  rows: number,
  exclude: ReadonlySet<number> | undefined,
  out: Int32Array,
): number {
  let c = 0;
  const n = Math.min(rows, allowed.length);
  for (let i = 0; i < n; i++) if (allowed[i] !== 0 && !(exclude && exclude.has(i))) out[c++] = i;
  return c;
}
