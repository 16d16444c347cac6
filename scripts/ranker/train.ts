/**
 * Listwise training of the re-ranker (rank/learned.ts KindModel): for each pool the softmax over the
 * candidates' scores should put its mass on the target (ListNet top-1 / softmax cross-entropy), minimised
 * with Adam, L2-regularised, seeded. Scores by `modelScores`, the function the browser runs.
 */
import { FEATURE_COUNT } from '../../src/core/rank/features.ts';
import { modelScores, type KindModel } from '../../src/core/rank/learned.ts';
import type { Pool } from './collect.ts';
import { mulberry32 } from '../../build-index/quantization-recall.ts';

export interface TrainOptions {
  epochs: number;
  hidden: number;
  l2: number;
  lr: number;
  seed: number;
  batch: number;
  /** Feature indexes forced to 0 weight (ablation). */
  drop?: ReadonlySet<number>;
  /** Candidates per pool the model re-orders. */
  pool: number;
}

export interface PoolMetrics {
  n: number;
  'hit@1': number;
  'hit@10': number;
  'MRR@10': number;
  'hit@100': number;
}

/** Mean and standard deviation of each feature over every candidate of the pools (first `pool` of each). */
export function standardise(pools: readonly Pool[], pool: number): { mean: number[]; std: number[] } {
  const sum = new Float64Array(FEATURE_COUNT);
  const sq = new Float64Array(FEATURE_COUNT);
  let rows = 0;
  for (const p of pools)
    for (let i = 0; i < Math.min(p.n, pool); i++, rows++)
      for (let j = 0; j < FEATURE_COUNT; j++) {
        const x = p.X[i * FEATURE_COUNT + j];
        sum[j] += x;
        sq[j] += x * x;
      }
  const mean = Array.from(sum, (s) => s / Math.max(1, rows));
  const std = Array.from(sq, (s, j) =>
    Math.max(1e-3, Math.sqrt(Math.max(0, s / Math.max(1, rows) - mean[j] ** 2))),
  );
  return { mean, std };
}

/** Rank (0-based) of the pool's target after re-ordering its first `model.pool` candidates; -1: absent. */
export function rerankedRank(model: KindModel | null, p: Pool): number {
  if (p.label < 0) return -1;
  if (!model || p.label >= model.pool) return p.label;
  const n = Math.min(p.n, model.pool);
  const s = modelScores(model, p.X, n);
  let rank = 0;
  for (let i = 0; i < n; i++) if (s[i] > s[p.label] || (s[i] === s[p.label] && i < p.label)) rank++;
  return rank;
}

/** Known-item metrics over pools; a pool with no target counts as a miss (the eval counts it too). */
export function poolMetrics(model: KindModel | null, pools: readonly Pool[]): PoolMetrics {
  let h1 = 0;
  let h10 = 0;
  let mrr = 0;
  let h100 = 0;
  for (const p of pools) {
    const r = rerankedRank(model, p);
    if (r < 0) continue;
    if (r < 1) h1++;
    if (r < 10) {
      h10++;
      mrr += 1 / (r + 1);
    }
    if (r < 100) h100++;
  }
  const n = Math.max(1, pools.length);
  return { n: pools.length, 'hit@1': h1 / n, 'hit@10': h10 / n, 'MRR@10': mrr / n, 'hit@100': h100 / n };
}

interface Params {
  w: Float64Array;
  /** hidden × (FEATURE_COUNT + 1) */
  u: Float64Array;
  v: Float64Array;
}

function toModel(p: Params, mean: number[], std: number[], hidden: number, pool: number): KindModel {
  const m: KindModel = { mean, std, weights: Array.from(p.w), pool };
  if (hidden > 0) {
    m.hidden = Array.from({ length: hidden }, (_, h) =>
      Array.from(p.u.subarray(h * (FEATURE_COUNT + 1), (h + 1) * (FEATURE_COUNT + 1))),
    );
    m.outWeights = Array.from(p.v);
  }
  return m;
}

/** Adds the gradient of one pool's softmax cross-entropy to `g`; returns the loss. */
function poolGradient(p: Pool, z: Float64Array, n: number, P: Params, H: number, g: Params): number {
  const D = FEATURE_COUNT;
  const s = new Float64Array(n);
  const act = new Float64Array(n * H);
  for (let i = 0; i < n; i++) {
    let x = 0;
    for (let j = 0; j < D; j++) x += P.w[j] * z[i * D + j];
    for (let h = 0; h < H; h++) {
      let a = P.u[h * (D + 1) + D];
      for (let j = 0; j < D; j++) a += P.u[h * (D + 1) + j] * z[i * D + j];
      act[i * H + h] = Math.tanh(a);
      x += P.v[h] * act[i * H + h];
    }
    s[i] = x;
  }
  let max = -Infinity;
  for (const x of s) max = Math.max(max, x);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.exp(s[i] - max);
  for (let i = 0; i < n; i++) {
    const gi = Math.exp(s[i] - max) / sum - (i === p.label ? 1 : 0);
    if (Math.abs(gi) < 1e-7) continue;
    for (let j = 0; j < D; j++) g.w[j] += gi * z[i * D + j];
    for (let h = 0; h < H; h++) {
      const a = act[i * H + h];
      g.v[h] += gi * a;
      const back = gi * P.v[h] * (1 - a * a);
      for (let j = 0; j < D; j++) g.u[h * (D + 1) + j] += back * z[i * D + j];
      g.u[h * (D + 1) + D] += back;
    }
  }
  return Math.log(sum) + max - s[p.label];
}

function standardised(p: Pool, n: number, mean: number[], std: number[], drop?: ReadonlySet<number>) {
  const D = FEATURE_COUNT;
  const z = new Float64Array(n * D);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < D; j++) z[i * D + j] = drop?.has(j) ? 0 : (p.X[i * D + j] - mean[j]) / std[j];
  return z;
}

/**
 * Trains on the pools whose target is within the first `pool` candidates; after each epoch `onEpoch` gets the
 * model (to select the epoch on dev pools; returning 'stop' ends training). Returns the last epoch's model.
 */
export function trainModel(
  pools: readonly Pool[],
  o: TrainOptions,
  onEpoch?: (epoch: number, model: KindModel, loss: number) => 'stop' | void,
): KindModel {
  const D = FEATURE_COUNT;
  const H = o.hidden;
  const rand = mulberry32(o.seed);
  const { mean, std } = standardise(pools, o.pool);
  const usable = pools.filter((p) => p.label >= 0 && p.label < o.pool);
  const data = usable.map((p) => {
    const n = Math.min(p.n, o.pool);
    return { p, n, z: standardised(p, n, mean, std, o.drop) };
  });
  const P: Params = {
    w: new Float64Array(D),
    u: Float64Array.from({ length: H * (D + 1) }, () => (rand() - 0.5) * 0.2),
    v: Float64Array.from({ length: H }, () => (rand() - 0.5) * 0.2),
  };
  const zeros = (): Params => ({
    w: new Float64Array(D),
    u: new Float64Array(H * (D + 1)),
    v: new Float64Array(H),
  });
  const m1 = zeros();
  const m2 = zeros();
  let step = 0;
  let model = toModel(P, mean, std, H, o.pool);
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const order = data.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let loss = 0;
    for (let b = 0; b < order.length; b += o.batch) {
      const g = zeros();
      const batch = order.slice(b, b + o.batch);
      for (const i of batch) loss += poolGradient(data[i].p, data[i].z, data[i].n, P, H, g);
      step++;
      for (const k of ['w', 'u', 'v'] as const) adam(P[k], g[k], m1[k], m2[k], batch.length, step, o);
      if (o.drop) for (const j of o.drop) P.w[j] = 0;
    }
    model = toModel(P, mean, std, H, o.pool);
    if (onEpoch?.(epoch, model, loss / Math.max(1, data.length)) === 'stop') break;
  }
  return model;
}

function adam(
  x: Float64Array,
  g: Float64Array,
  m: Float64Array,
  v: Float64Array,
  batch: number,
  t: number,
  o: TrainOptions,
): void {
  const b1 = 0.9;
  const b2 = 0.999;
  for (let i = 0; i < x.length; i++) {
    const gi = g[i] / batch + o.l2 * x[i];
    m[i] = b1 * m[i] + (1 - b1) * gi;
    v[i] = b2 * v[i] + (1 - b2) * gi * gi;
    const mh = m[i] / (1 - b1 ** t);
    const vh = v[i] / (1 - b2 ** t);
    x[i] -= (o.lr * mh) / (Math.sqrt(vh) + 1e-8);
  }
}
