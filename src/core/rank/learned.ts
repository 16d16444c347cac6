import { candidateFeatures, FEATURE_COUNT, FEATURE_NAMES } from './features.ts';
import type { Cand } from './candidates.ts';
import type { RankCorpus } from './corpus.ts';
import type { QueryPlan } from '../types.ts';
import type { RequestKind } from './weights.ts';

/**
 * A learned re-ranker (trained by `npm run train-ranker` from real tip-of-the-tongue posts): per request
 * kind, a linear model over standardised features plus an optional hidden layer (tanh). Shipped as a small
 * versioned JSON asset; a model whose feature list differs from the code's is refused, not misread.
 */
export interface KindModel {
  mean: number[];
  std: number[];
  /** Output weights over the standardised features. */
  weights: number[];
  /** Optional hidden layer: hidden[h] are FEATURE_COUNT weights then a bias; out adds outWeights · tanh(h). */
  hidden?: number[][];
  outWeights?: number[];
  /** How many of the best rule-scored candidates the model re-orders (the rest keep their order below). */
  pool: number;
}

export interface RankerModel {
  version: 1;
  features: string[];
  kinds: Partial<Record<RequestKind, KindModel>>;
  /**
   * Learned query-term weights (idf multipliers, by search token) for describe/lookup requests: words of
   * chatter count less, plot words more, in the keyword candidates and the features.
   */
  termWeights?: Record<string, number>;
  /** How it was made: the training command, data, dev figures (informational). */
  trained?: Record<string, unknown>;
}

/** The model, or an error saying why it cannot be used with this code. */
export function checkRankerModel(model: RankerModel): RankerModel {
  if (model.version !== 1) throw new Error(`Ranker model version ${String(model.version)} is not supported.`);
  if (model.features.join(',') !== FEATURE_NAMES.join(','))
    throw new Error('Ranker model was trained on other features than this code computes; retrain it.');
  for (const [kind, m] of Object.entries(model.kinds))
    if (m && (m.weights.length !== FEATURE_COUNT || m.mean.length !== FEATURE_COUNT))
      throw new Error(`Ranker model for ${kind} has the wrong number of weights.`);
  return model;
}

/** The model's score for each feature row (n rows of FEATURE_COUNT). */
export function modelScores(m: KindModel, X: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n);
  const z = new Float64Array(FEATURE_COUNT);
  for (let i = 0; i < n; i++) {
    const o = i * FEATURE_COUNT;
    for (let j = 0; j < FEATURE_COUNT; j++) z[j] = (X[o + j] - m.mean[j]) / m.std[j];
    let s = 0;
    for (let j = 0; j < FEATURE_COUNT; j++) s += m.weights[j] * z[j];
    if (m.hidden && m.outWeights)
      for (let h = 0; h < m.hidden.length; h++) {
        const wh = m.hidden[h];
        let a = wh[FEATURE_COUNT];
        for (let j = 0; j < FEATURE_COUNT; j++) a += wh[j] * z[j];
        s += m.outWeights[h] * Math.tanh(a);
      }
    out[i] = s;
  }
  return out;
}

/**
 * Re-orders the best `pool` of the rule-ranked candidates (best first) by the kind's model; the rest follow
 * in their rule order. Scores stay comparable: re-ranked candidates get rank-preserving scores above the rest.
 */
export function rerank(
  corpus: RankCorpus,
  plan: QueryPlan,
  ranked: Cand[],
  model: KindModel,
  termWeights?: ReadonlyMap<string, number>,
): Cand[] {
  const head = ranked.slice(0, model.pool);
  const tail = ranked.slice(model.pool);
  const X = candidateFeatures(corpus, plan, head, termWeights);
  const s = modelScores(model, X, head.length);
  const order = head.map((_, i) => i).sort((a, b) => s[b] - s[a] || a - b);
  const floor = tail.length ? tail[0].score : 0;
  const top = order.map((i, r) => ({ ...head[i], score: floor + 1 + (order.length - r) / order.length }));
  return [...top, ...tail];
}
