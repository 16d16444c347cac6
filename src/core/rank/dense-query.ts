import { vectorsOf } from './corpus.ts';
import { averageVectorQuery, type RecommendStrategy } from './recommend.ts';
import { l2normalize } from './vec.ts';

/** Positive and negative example vectors and how to combine them (Qdrant's recommend strategies). */
export interface Examples {
  positives: Float32Array[];
  negatives: Float32Array[];
  strategy: RecommendStrategy;
}

/** The example rows' vectors (rows without one are dropped); average_vector unless told otherwise. */
export function examplesOf(
  seedRows: readonly number[],
  negRows: readonly number[],
  vec: (row: number) => Float32Array | null,
  strategy: RecommendStrategy = 'average_vector',
): Examples {
  return { positives: vectorsOf(seedRows, vec), negatives: vectorsOf(negRows, vec), strategy };
}

export interface DenseQuery {
  /** The vector to search with, or null when there is neither text nor a positive example. */
  q: Float32Array | null;
  /** The text's own vector, when the plan has text and the caller embedded it. */
  textVec: Float32Array | null;
}

/** Share of the text next to positive examples: it refines them ("like Jurassic Park but underwater"). */
const TEXT_SHARE = 0.6;

/** How far the query moves away from what the person wants less of ("less confusing"). */
const AVOID_SHARE = 0.5;

/**
 * The dense query: the text, the positive examples and the negatives, combined like Qdrant's recommend,
 * then moved away from the embedded avoid-text (a negative example in words) when there is one.
 */
export function denseQuery(
  searchText: string,
  queryVector: Float32Array | null,
  examples: Examples,
  avoidVector?: Float32Array | null,
): DenseQuery {
  const d = combine(searchText, queryVector, examples);
  if (!d.q || !avoidVector) return d;
  const q = new Float32Array(d.q.length);
  for (let j = 0; j < q.length; j++) q[j] = d.q[j] - AVOID_SHARE * avoidVector[j];
  return { q: l2normalize(q), textVec: d.textVec };
}

function combine(
  searchText: string,
  queryVector: Float32Array | null,
  { positives, negatives }: Examples,
): DenseQuery {
  const textVec = queryVector && searchText ? queryVector : null;
  if (positives.length) {
    const rec = averageVectorQuery(positives, negatives)!;
    if (!textVec) return { q: rec, textVec };
    const q = new Float32Array(rec.length);
    for (let j = 0; j < q.length; j++) q[j] = rec[j] + TEXT_SHARE * textVec[j];
    return { q: l2normalize(q), textVec };
  }
  if (textVec) return { q: negatives.length ? averageVectorQuery([textVec], negatives) : textVec, textVec };
  return { q: null, textVec };
}
