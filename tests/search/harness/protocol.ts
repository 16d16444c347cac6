/** Messages between scripts/bench-browser.ts (Node) and the harness page. Plain JSON-able data. */
import type { EndToEndStats, EngineResult, LatencyStats } from '../../../scripts/bench-core.ts';

export interface HarnessConfig {
  /** Origin + base path serving public/ (index/, models/, tfjs/). */
  baseUrl: string;
  embedderId: string;
  engines: string[];
  /** Query sets timed end to end (the first 5 of each are warm-up). */
  e2eSets: { set: string; texts: string[] }[];
  queries: number[][];
  filters: { name: string; allowedRows: number; allowedList: number[] | null }[];
  truth: number[][][];
  /** voy is timed on this many queries only. */
  voyQueries: number;
}

export interface HarnessResult {
  userAgent: string;
  crossOriginIsolated: boolean;
  /** Timer resolution seen in the bench worker (smallest non-zero step of performance.now()). */
  workerTimerResolutionMs: number;
  /** fetch (streaming) + sha256 + decode of the vectors file, in the bench worker. */
  indexLoadMs: number;
  engines: EngineResult[];
  searchWorker: {
    engine: string;
    loadMs: number;
    info: unknown;
    /** Page -> search worker -> page, comlink included. */
    roundTrip: ({ filter: string } & LatencyStats)[];
  } | null;
  endToEnd: { embedderLoadMs: number; sets: EndToEndStats[] } | { skipped: string } | null;
}
