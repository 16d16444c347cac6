/** Messages between scripts/bench-browser.ts (Node) and the harness page. Plain JSON-able data. */
import type { EngineResult, LatencyStats, TurnSetStats } from '../bench-core.ts';
import type { EngineLoadInfo } from '../../src/engine/protocol.ts';

export interface HarnessConfig {
  /** Origin + base path serving public/ (index/, models/, tfjs/). */
  baseUrl: string;
  embedderId: string;
  engines: string[];
  /** Query sets sent through the engine worker's turn() (the first 5 of each are warm-up). */
  e2eSets: { set: string; texts: string[] }[];
  queries: number[][];
  filters: { name: string; allowedRows: number; allowedList: number[] | null }[];
  truth: number[][][];
  /** voy is timed on this many queries only. */
  voyQueries: number;
  /** Timed rounds: engine microbenchmarks (fast / over 5 ms), round trips, turns. */
  rounds: number;
  slowRounds: number;
  turnRounds: number;
}

/** One engine-worker load as the page sees it, with the worker's own account of where the time went. */
export interface WorkerLoad {
  /** Page: new Worker() -> load() resolved. */
  pageMs: number;
  info: EngineLoadInfo;
}

export interface EngineWorkerResult {
  /** Fresh profile: index files over HTTP, sha256-checked, stored in the Cache API. */
  cold: WorkerLoad;
  /** A new engine worker after the first: index files from the Cache API (a return visit). */
  cached: WorkerLoad | null;
  /** Embedder worker load() (model files over HTTP, tfjs wasm compile, warm-up), started with the engine's. */
  embedderLoadMs: number;
  /** Page -> engine worker -> page for a call that does no work (movies([])): comlink's floor. */
  ping: LatencyStats;
  /** Page -> engine worker turn() -> page, embed() relayed through the page to the embedder worker. */
  turns: TurnSetStats[];
  /** Structured-clone size of one turn's output (JSON length of the first timed turn), bytes. */
  turnOutputBytes: number;
  /** The learned re-ranking stage inside the worker, over the turns' describe/lookup requests (null: none). */
  rerank: LatencyStats | null;
}

export interface HarnessResult {
  userAgent: string;
  crossOriginIsolated: boolean;
  /** Timer resolution seen in the bench worker (smallest non-zero step of performance.now()). */
  workerTimerResolutionMs: number;
  /** fetch (streaming) + sha256 + decode of the vectors file, in the bench worker. */
  indexLoadMs: number;
  engines: EngineResult[];
  engineWorker: EngineWorkerResult | { skipped: string } | { error: string };
}
