/**
 * Maximal Marginal Relevance (Carbonell & Goldstein 1998): pick, one at a time, the candidate with the best
 *   λ · relevance − (1 − λ) · max similarity to what is already picked,
 * so ten results are not ten sequels of one film. Relevance is min-max normalised over the candidates so λ
 * means the same thing whatever the score scale.
 */
export interface MmrItem {
  row: number;
  score: number;
}

export function mmrSelect<T extends MmrItem>(
  candidates: readonly T[],
  k: number,
  lambda: number,
  similarity: (a: number, b: number) => number,
): T[] {
  if (candidates.length <= 1 || lambda >= 1)
    return [...candidates].sort((a, b) => b.score - a.score).slice(0, k);
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of candidates) {
    lo = Math.min(lo, c.score);
    hi = Math.max(hi, c.score);
  }
  const span = hi - lo || 1;
  const rel = candidates.map((c) => (c.score - lo) / span);
  const maxSim = new Float64Array(candidates.length).fill(0);
  const used = new Uint8Array(candidates.length);
  const out: T[] = [];
  while (out.length < Math.min(k, candidates.length)) {
    let best = -1;
    let bestVal = -Infinity;
    for (let i = 0; i < candidates.length; i++) {
      if (used[i]) continue;
      const v = lambda * rel[i] - (1 - lambda) * (out.length ? maxSim[i] : 0);
      if (v > bestVal) {
        bestVal = v;
        best = i;
      }
    }
    used[best] = 1;
    const picked = candidates[best];
    out.push(picked);
    for (let i = 0; i < candidates.length; i++) {
      if (!used[i]) maxSim[i] = Math.max(maxSim[i], similarity(picked.row, candidates[i].row));
    }
  }
  return out;
}
