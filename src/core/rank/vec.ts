/** Vector math, one owner for the whole app (core, embedders, eval and scripts import it from here). */

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Scale to unit length in place; a zero vector stays zero. */
export function l2normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const n = Math.sqrt(s);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

/** The element-wise mean of equal-length vectors (zeros of `dims` when there are none). */
export function mean(vs: readonly Float32Array[], dims = vs[0]?.length ?? 0): Float32Array {
  const out = new Float32Array(dims);
  for (const v of vs) for (let j = 0; j < dims; j++) out[j] += v[j];
  if (vs.length) for (let j = 0; j < dims; j++) out[j] /= vs.length;
  return out;
}
