/**
 * The engine's API types, shared by the in-thread host (src/engine/host.ts), its worker adapter
 * (workers/engine.worker.ts) and the page-side client (src/app/engine.ts, type-only there).
 */
import type { CardAction } from '../core/pipeline.ts';
import type { ConversationState } from '../core/conversation/state.ts';
import type { Chip } from '../core/conversation/chips.ts';
import type { Movie, QueryPlan, WhyReason } from '../core/types.ts';
import type { SearchReport } from '../qdrant/remote-search.ts';

export interface EngineTurnInput {
  /** The typed message ('' for a card action). */
  message: string;
  /** A card or chip action instead of a message. */
  action?: CardAction;
  hidden: number[];
  /** Liked and watchlisted movies, most recent first (a soft prior for open-ended requests). */
  taste?: number[];
  /** Also return the ranked ids to this depth (eval); the first entries are the results. */
  depth?: number;
}

export interface EngineResult {
  movie: Movie;
  score: number;
  why: WhyReason[];
}

export interface EngineTurnOutput {
  reply: string;
  results: EngineResult[];
  /** With `depth`: TMDB ids ranked to that depth, the results first. */
  ranking?: number[];
  /** The standing request after this turn, as removable chips. */
  chips: Chip[];
  /** Set when this turn started a new request: the chips of the one it replaced ("keep the previous filters"). */
  previousChips?: Chip[];
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
