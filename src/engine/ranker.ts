/**
 * The shipped re-ranker model (made by `npm run train-ranker`; see scripts/train-ranker.ts). Bundled with
 * the engine: a few kilobytes of JSON, versioned by its file name and `version` field.
 */
import { checkRankerModel, type RankerModel } from '../core/rank/learned.ts';
import shipped from './ranker.v1.json';

export const SHIPPED_RANKER: RankerModel | null = Object.keys(shipped.kinds).length
  ? checkRankerModel(shipped as RankerModel)
  : null;
