/**
 * What the app layer needs from the workers and the conversation pipeline, as small local
 * interfaces. The real modules (workers/*.worker.ts, src/core/pipeline.ts) are adapted to these
 * in wiring.ts, so the UI compiles and is testable whatever shape those modules settle on.
 */
import type { LlmEngine } from '../core/conversation/llm-port.ts';
import type { RemoteSearchConfig, SearchReport } from '../qdrant/remote-search.ts';
export type { SearchReport } from '../qdrant/remote-search.ts';
import type { Constraints, LoadProgress, Movie, QueryPlan, RankedMovie, WhyReason } from '../core/types.ts';

export type { LoadProgress, Movie, QueryPlan, RankedMovie, WhyReason, Constraints };

/** A result as the UI shows it: the movie, and why it was picked. */
export interface ResultItem {
  movie: Movie;
  score: number;
  why: WhyReason[];
}

export type { Chip } from '../core/conversation/chips.ts';
import type { Chip } from '../core/conversation/chips.ts';

/** Person-level steering the pipeline applies to every turn. */
export interface Preferences {
  likedIds: number[];
  dislikedIds: number[];
  hiddenIds: number[];
  /** Movies rated 👍 or on the watchlist, most recent first: they steer open-ended recommendations. */
  tasteIds?: number[];
}

/** A structured action on the conversation that is not free text (run by the engine's pipeline). */
export type { CardAction as Refinement } from '../core/pipeline.ts';
import type { CardAction as Refinement } from '../core/pipeline.ts';

export interface TurnInput {
  message: string;
  refinement?: Refinement;
  preferences: Preferences;
  /** Streamed answer text (LLM tokens, or the whole template answer at once). */
  onText?: (textSoFar: string) => void;
}

export interface TurnOutput {
  reply: string;
  results: ResultItem[];
  chips: Chip[];
  /** Set when the turn started a new request: the chips of the one it set aside. */
  previousChips?: Chip[];
  intent: string;
  plan: QueryPlan | null;
  /** Which index answered (this device or a Qdrant server) and any fallback notice. */
  search?: SearchReport;
}

/** The conversation as the app drives it; state lives inside, reset() starts over. */
export interface ChatPort {
  handle(input: TurnInput): Promise<TurnOutput>;
  reset(): void;
}

export interface LoadReport {
  /** Movies in the index and rows with vectors. */
  count: number;
  embedderId: string;
  dims: number;
  /** Load-time breakdown from the engine worker (ms), for Settings and benchmarks. */
  stepsMs?: Record<string, number>;
}

/** Loads everything a search needs (index + embedder) with one progress stream. */
export interface EnginePort {
  load(onProgress: (p: LoadProgress) => void): Promise<LoadReport>;
  chat(): ChatPort;
  /** Movies by id (for the watchlist and history views). */
  movies(ids: number[]): Promise<Movie[]>;
  embedderInfo(): Promise<{ id: string; dims: number; state: string; loadMs?: number } | null>;
  /** Hands a loaded LLM to the pipeline (null: rules and templates only). */
  setLlm(llm: LlmEngine | null): Promise<void>;
  /** Vector search on a Qdrant server with local fallback (null: this device only). */
  setRemoteSearch?(config: RemoteSearchConfig | null): Promise<void>;
}
