/** Types shared by the engine worker and its main-thread client (type-only on the page side). */
import type { ConversationState } from '../core/conversation/state.ts';
import type { Movie, QueryPlan, WhyReason } from '../core/types.ts';
import type { Refinement } from './ports.ts';
import type { SearchReport } from './remote-search.ts';

export interface EngineTurnInput {
  message: string;
  refinement?: Refinement;
  hidden: number[];
  /** Liked and watchlisted movies, most recent first (a soft prior for open-ended requests). */
  taste?: number[];
}

export interface EngineTurnOutput {
  reply: string;
  results: Array<{ movie: Movie; score: number; why: WhyReason[] }>;
  intent: string;
  plan: QueryPlan | null;
  state: ConversationState;
  /** Which index answered (local or a Qdrant server) and, on fallback, the notice to show. */
  search?: SearchReport;
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
