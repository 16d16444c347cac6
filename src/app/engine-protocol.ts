/** Types shared by the engine worker and its main-thread client (type-only on the page side). */
import type { ConversationState } from '../core/conversation/state.ts';
import type { Movie, QueryPlan, WhyReason } from '../core/types.ts';
import type { Refinement } from './ports.ts';

export interface EngineTurnInput {
  message: string;
  refinement?: Refinement;
  hidden: number[];
}

export interface EngineTurnOutput {
  reply: string;
  results: Array<{ movie: Movie; score: number; why: WhyReason[] }>;
  intent: string;
  plan: QueryPlan | null;
  state: ConversationState;
}

export interface EngineLoadInfo {
  count: number;
  embeddedCount: number;
  embedderId: string;
  dims: number;
  engine: string;
  loadMs: number;
  /** Retriever set-up (BM25 + planner context). */
  buildMs: { bm25: number; planner: number };
  /** Where load time went, in ms (download + checks, decode, vector engine, retriever, intent router + FAQ). */
  stepsMs: { fetch: number; decode: number; engine: number; retriever: number; router: number };
}
