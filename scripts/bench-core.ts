/**
 * Runtime-neutral part of `npm run bench`: times engines over the same queries and masks and scores their
 * recall against precomputed truth, and times conversation turns through the engine host. Runs in Node
 * (scripts/bench.ts) and in Chromium (scripts/bench-harness/: the engines in a bench worker, turns on the
 * page against the app's engine worker), so both report the same figures the same way.
 */
import type { VectorIndex, VectorSearchOptions } from '../src/core/types.ts';
import type { BenchEngineKind } from '../src/search/bench-engines.ts';
import type { Int8VectorData } from '../src/core/quantize.ts';
import type { VoyModule } from '../src/search/voy.ts';

export interface BenchFilter {
  name: string;
  /** Rows allowed (1) or not (0); absent for the unfiltered run. */
  allowed?: Uint8Array;
  allowedRows: number;
}

export interface BenchInput {
  data: Int8VectorData;
  /** Unit query vectors. */
  queries: Float32Array[];
  filters: BenchFilter[];
  /** truth[f][q] = the true top-10 rows for filter f, query q. */
  truth: number[][][];
  k: number;
  /** Warm-up queries before timing (JIT, caches). */
  warmup: number;
  /** Timed rounds over all queries for fast engines; the figures are medians across rounds. */
  rounds: number;
  /** Rounds for engines whose first round's p50 exceeds 5 ms (voy, the plain-JS scans). */
  slowRounds: number;
}

/** Latency percentiles: per round, then the median of each across `rounds` rounds of n samples. */
export interface LatencyStats {
  p50: number;
  p95: number;
  mean: number;
  /** Samples per round. */
  n: number;
  rounds: number;
  /** Each round's p50, for the JSON (how much rounds disagree). */
  roundP50s?: number[];
}

export interface FilterResult {
  filter: string;
  allowedRows: number;
  latencyMs: LatencyStats;
  recallAt10: number;
  /** Mean number of hits returned (k when enough allowed rows exist). */
  meanHits: number;
}

export interface EngineResult {
  engine: string;
  ok: boolean;
  error?: string;
  /** Build time from the decoded int8 data (copy into WASM, k-d tree, ...). */
  buildMs?: number;
  /** WASM linear memory the engine holds, where known. */
  wasmMemoryBytes?: number | null;
  /** JS heap + array buffers growth while building, where the runtime reports it. */
  heapDeltaBytes?: number | null;
  /** Engine-specific facts (voy: serialized size, deserialize time). */
  extra?: Record<string, number | string | null>;
  filters?: FilterResult[];
}

/** What one conversation turn reported, besides its wall time (measured by timeTurns). */
export interface TurnReport {
  /** Time spent inside embed() calls during the turn (the embedder; in the browser, page <-> embedder worker). */
  embedMs: number;
  embedCalls: number;
  results: number;
  intent: string;
}

/** One query set through the engine host's turn(): medians across rounds; failed turns are not timed. */
export interface TurnSetStats {
  set: string;
  /** Wall time of turn() as its caller sees it. */
  total: LatencyStats;
  /** Inside embed() (1-2 calls a turn: the routing vector, then the plan's search text). */
  embed: LatencyStats;
  /** total - embed: understand, plan, retrieve, answer, and in the browser the worker round trip. */
  engine: LatencyStats;
  /** Turns attempted per round, and how many threw (over all rounds). */
  turnsPerRound: number;
  failed: number;
  firstError?: string;
  meanEmbedCalls: number;
  meanResults: number;
  /** Intents of the timed turns in round 1. */
  intents: Record<string, number>;
}

/**
 * Time `runTurn` (one fresh-conversation turn per text) over `texts`: the first `warmup` texts once,
 * untimed; then `rounds` rounds over the rest. A turn that throws is counted, not timed.
 */
export async function timeTurns(
  set: string,
  texts: string[],
  runTurn: (text: string) => Promise<TurnReport>,
  opts: { rounds: number; warmup?: number },
): Promise<TurnSetStats> {
  const warmup = Math.min(opts.warmup ?? 5, Math.max(0, texts.length - 1));
  const timed = texts.slice(warmup);
  for (const text of texts.slice(0, warmup)) await runTurn(text).catch(() => undefined);
  const rounds = { total: [] as number[][], embed: [] as number[][], engine: [] as number[][] };
  let failed = 0;
  let firstError: string | undefined;
  let embedCalls = 0;
  let results = 0;
  let ok = 0;
  const intents: Record<string, number> = {};
  for (let round = 0; round < opts.rounds; round++) {
    const t = { total: [] as number[], embed: [] as number[], engine: [] as number[] };
    for (const text of timed) {
      const a = performance.now();
      let r: TurnReport;
      try {
        r = await runTurn(text);
      } catch (err) {
        failed++;
        firstError ??= err instanceof Error ? err.message : String(err);
        continue;
      }
      const total = performance.now() - a;
      t.total.push(total);
      t.embed.push(r.embedMs);
      t.engine.push(total - r.embedMs);
      embedCalls += r.embedCalls;
      results += r.results;
      ok++;
      if (round === 0) intents[r.intent] = (intents[r.intent] ?? 0) + 1;
    }
    rounds.total.push(t.total);
    rounds.embed.push(t.embed);
    rounds.engine.push(t.engine);
  }
  return {
    set,
    total: acrossRounds(rounds.total),
    embed: acrossRounds(rounds.embed),
    engine: acrossRounds(rounds.engine),
    turnsPerRound: timed.length,
    failed,
    ...(firstError !== undefined ? { firstError } : {}),
    meanEmbedCalls: ok ? embedCalls / ok : 0,
    meanResults: ok ? results / ok : 0,
    intents,
  };
}

const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '-');

/** "p50 12.34 ms (median of 3 rounds, n=50 turns each)". */
export function describeStats(s: LatencyStats, unit = 'queries'): string {
  return `p50 ${f2(s.p50)} ms, p95 ${f2(s.p95)} ms (median of ${s.rounds} round${s.rounds === 1 ? '' : 's'}, n=${s.n} ${unit} each)`;
}

export function formatTurnSet(e: TurnSetStats): string {
  const failed = e.failed ? `; ${e.failed} FAILED turn(s), not timed: ${e.firstError}` : '';
  return (
    `  ${e.set}: turn ${describeStats(e.total, 'turns')}; p50 embed ${f2(e.embed.p50)} ms ` +
    `(${e.meanEmbedCalls.toFixed(1)} calls/turn), engine ${f2(e.engine.p50)} ms; ` +
    `${e.meanResults.toFixed(1)} results/turn${failed}`
  );
}

/** Percentiles of one sample list (one round). */
export function stats(samples: number[]): LatencyStats {
  const s = [...samples].sort((a, b) => a - b);
  if (s.length === 0) return { p50: NaN, p95: NaN, mean: NaN, n: 0, rounds: 1 };
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return {
    p50: at(0.5),
    p95: at(0.95),
    mean: s.reduce((a, b) => a + b, 0) / s.length,
    n: s.length,
    rounds: 1,
  };
}

function median(xs: number[]): number {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Per-round percentiles, then the median of each across rounds: on a shared 2-core machine a preempted
 * time slice lands on a whole run of sub-millisecond queries; the median round is the typical one (not
 * the luckiest). n is the sample count of one round (the smallest, when failures made them differ).
 */
export function acrossRounds(rounds: number[][]): LatencyStats {
  const per = rounds.map(stats).filter((r) => r.n > 0);
  if (per.length === 0) return { p50: NaN, p95: NaN, mean: NaN, n: 0, rounds: 0, roundP50s: [] };
  return {
    p50: median(per.map((r) => r.p50)),
    p95: median(per.map((r) => r.p95)),
    mean: median(per.map((r) => r.mean)),
    n: Math.min(...per.map((r) => r.n)),
    rounds: per.length,
    roundP50s: per.map((r) => r.p50),
  };
}

export function recallAt(got: number[], truth: number[]): number {
  if (truth.length === 0) return got.length === 0 ? 1 : 0;
  const t = new Set(truth);
  return got.filter((r) => t.has(r)).length / truth.length;
}

/**
 * Time `index.search` for every query (or the first `limit`) under every filter, in rounds (medians across
 * rounds, see acrossRounds); score recall against `input.truth` (from round 1: the engines are deterministic).
 */
export async function runQueries(
  index: VectorIndex,
  input: BenchInput,
  limit = Infinity,
): Promise<FilterResult[]> {
  const results: FilterResult[] = [];
  const nq = Math.min(limit, input.queries.length);
  for (let f = 0; f < input.filters.length; f++) {
    const filter = input.filters[f];
    const opts: VectorSearchOptions = filter.allowed ? { allowed: filter.allowed } : {};
    for (let i = 0; i < input.warmup; i++)
      await index.search(input.queries[i % input.queries.length], input.k, opts);
    const rounds: number[][] = [];
    let recall = 0;
    let hits = 0;
    for (let round = 0; round < Math.max(1, input.rounds); round++) {
      const times: number[] = [];
      for (let q = 0; q < nq; q++) {
        const t0 = performance.now();
        const res = await index.search(input.queries[q], input.k, opts);
        times.push(performance.now() - t0);
        if (round > 0) continue;
        recall += recallAt(
          res.map((h) => h.row),
          input.truth[f][q],
        );
        hits += res.length;
      }
      rounds.push(times);
      // Slow engines: preemption noise (a few ms) is small next to their query time; fewer rounds do.
      if (round + 1 >= input.slowRounds && stats(rounds[0]).p50 > 5) break;
    }
    results.push({
      filter: filter.name,
      allowedRows: filter.allowedRows,
      latencyMs: acrossRounds(rounds),
      recallAt10: recall / nq,
      meanHits: hits / nq,
    });
  }
  return results;
}

export interface EngineRunOptions {
  /** Returns current JS heap + array-buffer bytes, or null when the runtime does not say. */
  heapBytes: () => number | null;
  /** voy: how to load the module, and its WASM memory size (the adapter cannot see it). */
  voy?: { load: () => Promise<VoyModule>; memoryBytes: () => number | null };
  createIndex: (kind: BenchEngineKind, data: Int8VectorData, options?: object) => Promise<VectorIndex>;
  log?: (s: string) => void;
  /** Time only the first n queries for slow engines (voy at full scale: ~0.2 s per query). */
  queryLimit?: Partial<Record<BenchEngineKind, number>>;
}

/** Build one engine, measure it, free it. Failures (e.g. voy out of memory) become a result, not a crash. */
export async function benchEngine(
  kind: BenchEngineKind,
  input: BenchInput,
  opts: EngineRunOptions,
): Promise<EngineResult> {
  const log = opts.log ?? (() => {});
  const heap0 = opts.heapBytes();
  const wasm0 = kind === 'voy' ? (opts.voy?.memoryBytes() ?? null) : null;
  const extra: Record<string, number | string | null> = {};
  let index: VectorIndex | undefined;
  try {
    const t0 = performance.now();
    index = await opts.createIndex(kind, input.data, kind === 'voy' ? { voy: { load: opts.voy?.load } } : {});
    const buildMs = performance.now() - t0;
    log(`  ${kind}: built in ${buildMs.toFixed(0)} ms`);
    const heap1 = opts.heapBytes();
    let wasmMemoryBytes: number | null = null;
    if ('memoryBytes' in index && typeof index.memoryBytes === 'number') wasmMemoryBytes = index.memoryBytes;
    if (kind === 'voy') {
      wasmMemoryBytes = opts.voy?.memoryBytes() ?? null;
      extra.wasmMemoryBeforeBytes = wasm0;
      const voyIndex = index as VectorIndex & { serialize(): string };
      try {
        const t1 = performance.now();
        const serialized = voyIndex.serialize();
        extra.serializeMs = performance.now() - t1;
        extra.serializedChars = serialized.length;
        const t2 = performance.now();
        const again = (await opts.createIndex('voy', input.data, {
          voy: { load: opts.voy?.load, serialized },
        })) as VectorIndex & { free(): void };
        extra.deserializeMs = performance.now() - t2;
        extra.wasmMemoryAfterDeserializeBytes = opts.voy?.memoryBytes() ?? null;
        again.free();
      } catch (err) {
        extra.serializeError = err instanceof Error ? err.message : String(err);
      }
    }
    const filters = await runQueries(index, input, opts.queryLimit?.[kind]);
    return {
      engine: kind,
      ok: true,
      buildMs,
      wasmMemoryBytes,
      heapDeltaBytes: heap0 !== null && heap1 !== null ? heap1 - heap0 : null,
      extra,
      filters,
    };
  } catch (err) {
    return { engine: kind, ok: false, error: err instanceof Error ? err.message : String(err), extra };
  } finally {
    if (index && 'free' in index && typeof index.free === 'function') (index as { free(): void }).free();
  }
}

/** voy_search_bg.js: the wasm-bindgen glue (its exports are the wasm's imports, plus the JS API). */
export type VoyGlue = Record<string, unknown> & { __wbg_set_wasm(exports: WebAssembly.Exports): void };

/** Instantiate voy-search's wasm-bindgen output by hand, so the caller can read its memory size. */
export async function instantiateVoy(
  wasmBytes: BufferSource,
  bg: VoyGlue,
): Promise<{ module: VoyModule; memory: WebAssembly.Memory }> {
  const { instance } = await WebAssembly.instantiate(wasmBytes, {
    './voy_search_bg.js': bg as unknown as WebAssembly.ModuleImports,
  });
  bg.__wbg_set_wasm(instance.exports);
  return { module: bg as unknown as VoyModule, memory: instance.exports.memory as WebAssembly.Memory };
}
