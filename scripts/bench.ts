/**
 * `npm run bench`: what ships, measured over the built index, in Node and in headless Chromium.
 * - Vector engines on raw query vectors (int8-wasm, int8-js and the bench-only binary-rerank, voy,
 *   float32-exact): build time, memory, k=10 latency p50/p95 without and with filters, recall@10 against
 *   exact float32 search. In Node, and in a Chromium worker (scripts/bench-harness/bench.worker.ts).
 * - The conversation engine as the app runs it: in Node the engine host (createNodeEngineHost: load time
 *   and its steps, then turn() over two query sets); in Chromium the app's own workers/engine.worker.ts
 *   (cold and cached load with stepsMs, page -> worker round trip, turn() with embed() relayed through the
 *   page to workers/embedder.worker.ts exactly as src/app/engine.ts does).
 * Latencies are medians across rounds (each round: every query once), with n per round. Failed turns are
 * counted and not timed. Prints tables; writes bench-out/bench.json.
 *
 *   npm run bench -- [--index public/index] [--queries 200] [--engines int8-wasm,voy,...] [--no-browser]
 *                    [--voy-queries 50] [--e2e 50] [--rounds 5] [--slow-rounds 3] [--turn-rounds 3]
 *                    [--out bench-out/bench.json]
 *
 * voy is timed on the first --voy-queries queries only (at full scale it takes ~0.2 s per query).
 *
 * Queries are real: ~200 texts from ../shared/eval (dev-mixed + dev-tomt), embedded with the index's
 * own embedder. Truth is exact float32 search over the build's float vectors (from the embedding cache,
 * .cache/embeddings) when all are there, else over the dequantized int8 vectors (then recall only
 * measures query-side error; the JSON says which).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmbeddingCache } from '../build-index/embedding-cache.ts';
import { embeddingText } from '../src/core/document-text.ts';
import type { Embedder, Movie } from '../src/core/types.ts';
import { createNodeEmbedder } from '../src/embed/node.ts';
import { createNodeEngineHost, readManifest } from '../src/engine/node.ts';
import { chooseDefaultEngine } from '../src/search/factory.ts';
import {
  BENCH_ENGINE_KINDS,
  createBenchIndex,
  isBenchEngineKind,
  type BenchEngineKind,
} from '../src/search/bench-engines.ts';
import { createFloat32ExactIndex } from '../src/search/float32-exact.ts';
import { dequantize, type Float32VectorData } from '../src/core/quantize.ts';
import {
  benchEngine,
  formatTurnSet,
  timeTurns,
  type BenchFilter,
  type BenchInput,
  type EngineResult,
  type TurnSetStats,
} from './bench-core.ts';
import { loadVoyNode } from './bench-voy-node.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EVAL_DIR = process.env.CINECHAT_EVAL_DIR ?? path.resolve(ROOT, '../shared/eval');

function parseArgs(argv: string[]) {
  const opts = {
    index: path.join(ROOT, 'public/index'),
    queries: 200,
    engines: [...BENCH_ENGINE_KINDS] as BenchEngineKind[],
    browser: true,
    out: path.join(ROOT, 'bench-out/bench.json'),
    e2e: 50,
    voyQueries: 50,
    rounds: 5,
    slowRounds: 3,
    turnRounds: 3,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--index') opts.index = path.resolve(next());
    else if (a === '--queries') opts.queries = Number(next());
    else if (a === '--e2e') opts.e2e = Number(next());
    else if (a === '--voy-queries') opts.voyQueries = Number(next());
    else if (a === '--rounds') opts.rounds = Number(next());
    else if (a === '--slow-rounds') opts.slowRounds = Number(next());
    else if (a === '--turn-rounds') opts.turnRounds = Number(next());
    else if (a === '--out') opts.out = path.resolve(next());
    else if (a === '--no-browser') opts.browser = false;
    else if (a === '--engines') {
      const list = next().split(',');
      const bad = list.filter((e) => !isBenchEngineKind(e));
      if (bad.length)
        throw new Error(`Unknown engine(s) ${bad.join(', ')}; known: ${BENCH_ENGINE_KINDS.join(', ')}`);
      opts.engines = list as BenchEngineKind[];
    } else throw new Error(`Unknown option ${a}`);
  }
  for (const name of ['queries', 'e2e', 'voyQueries', 'rounds', 'slowRounds', 'turnRounds'] as const)
    if (!Number.isInteger(opts[name]) || opts[name] < 1)
      throw new Error(`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be a positive integer`);
  return opts;
}

function readQueries(file: string): string[] {
  return fs
    .readFileSync(path.join(EVAL_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { query: string }).query)
    .filter((q) => typeof q === 'string' && q.trim() !== '');
}

/** n items spread evenly over `list` (so end-to-end timing mixes query kinds: constraints, plots, posts). */
function spread<T>(list: T[], n: number): T[] {
  if (n >= list.length) return list;
  return Array.from({ length: n }, (_, i) => list[Math.floor((i * list.length) / n)]);
}

/** Genre + decade (selective) and a broad year filter, as the planner would produce them. */
function buildFilters(movies: Movie[], rows: number): BenchFilter[] {
  const mask = (keep: (m: Movie) => boolean): BenchFilter['allowed'] =>
    Uint8Array.from(movies, (m, r) => (r < rows && keep(m) ? 1 : 0));
  const count = (m: Uint8Array) => m.reduce((a, b) => a + b, 0);
  const comedy90s = mask(
    (m) => m.genres.includes('Comedy') && m.year !== null && m.year >= 1990 && m.year <= 1999,
  )!;
  const since1980 = mask((m) => m.year !== null && m.year >= 1980)!;
  return [
    { name: 'none', allowedRows: rows },
    { name: 'Comedy+1990s', allowed: comedy90s, allowedRows: count(comedy90s) },
    { name: 'year>=1980', allowed: since1980, allowedRows: count(since1980) },
  ];
}

/** The build's float32 vectors from its embedding cache, or null when any row is missing there. */
function floatVectorsFromCache(
  embedderId: string,
  movies: Movie[],
  rows: number,
  dims: number,
): Float32VectorData | null {
  const cacheDir = path.join(ROOT, '.cache/embeddings');
  if (!fs.existsSync(cacheDir)) return null;
  const cache = EmbeddingCache.open(cacheDir, embedderId);
  if (cache.dims !== dims) return null;
  const vectors = new Float32Array(rows * dims);
  for (let r = 0; r < rows; r++) {
    const v = cache.get(embeddingText(movies[r]));
    if (!v) return null;
    vectors.set(v, r * dims);
  }
  return { vectors, rows, dims };
}

const heapBytes = () => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

const mb = (b: number | null | undefined) => (b === null || b === undefined ? '-' : (b / 1048576).toFixed(1));
const ms = (x: number | undefined) => (x === undefined ? '-' : x < 10 ? x.toFixed(3) : x.toFixed(1));

function printEngineTable(title: string, results: EngineResult[], filters: BenchFilter[]) {
  console.log(`\n${title}`);
  const head = ['engine', 'rounds x n', 'build ms', 'wasm MB', 'heap MB'];
  for (const f of filters) head.push(`${f.name} p50`, 'p95', 'recall@10');
  const lines = [head];
  for (const r of results) {
    if (!r.ok) {
      lines.push([r.engine, `FAILED: ${r.error}`]);
      continue;
    }
    const l = r.filters?.[0]?.latencyMs;
    const row = [
      r.engine,
      l ? `${l.rounds} x ${l.n}` : '-',
      ms(r.buildMs),
      mb(r.wasmMemoryBytes),
      mb(r.heapDeltaBytes),
    ];
    for (const f of r.filters ?? [])
      row.push(ms(f.latencyMs.p50), ms(f.latencyMs.p95), f.recallAt10.toFixed(3));
    lines.push(row);
  }
  const widths = head.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
  for (const l of lines)
    console.log(l.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  const voy = results.find((r) => r.engine === 'voy' && r.ok);
  if (voy?.extra) {
    const x = voy.extra;
    const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
    console.log(
      `voy: serialized index ${mb(num(x.serializedChars))} M chars (what shipping it would mean), serialize ` +
        `${ms(num(x.serializeMs))} ms, deserialize ${ms(num(x.deserializeMs))} ms, WASM memory ` +
        `${mb(voy.wasmMemoryBytes)} MB after build, ${mb(num(x.wasmMemoryAfterDeserializeBytes))} MB after deserialize` +
        (x.serializeError ? `; serialize failed: ${x.serializeError}` : ''),
    );
  }
}

/** An embedder that adds the time spent in embed() to a counter the turn runner reads and resets. */
function timedEmbedder(inner: Embedder) {
  const meter = { ms: 0, calls: 0 };
  const embedder: Embedder = {
    id: inner.id,
    dims: inner.dims,
    async embed(texts) {
      const t = performance.now();
      try {
        return await inner.embed(texts);
      } finally {
        meter.ms += performance.now() - t;
        meter.calls++;
      }
    },
  };
  return { embedder, meter };
}

const stepsText = (s: Record<string, number>) =>
  Object.entries(s)
    .map(([k, v]) => `${k} ${v.toFixed(0)}`)
    .join(', ');

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(opts.index, 'manifest.json'))) {
    throw new Error(
      `No index at ${path.relative(ROOT, opts.index) || opts.index} (no manifest.json): the bench measures the ` +
        `built index. Build it first: npm run build-index (or pass --index DIR).`,
    );
  }
  const manifest = await readManifest(opts.index);

  // The engine host, opened exactly as npm run eval and the parity checks open it. Its vectors and
  // movies are the ones the engine microbenchmarks below scan.
  const embedderStart = performance.now();
  const baseEmbedder = await createNodeEmbedder(manifest.embedder.id);
  const embedderLoadMs = performance.now() - embedderStart;
  const { embedder, meter } = timedEmbedder(baseEmbedder);
  const { host, opened } = await createNodeEngineHost({
    indexDir: opts.index,
    embedder: async () => embedder,
  });
  const hostInfo = host.info();
  const { movies, vectors: data } = opened;
  const vectorsBytes = manifest.sizes[manifest.files.vectors];
  console.log(
    `Index ${path.relative(ROOT, opts.index) || opts.index}: ${data.rows} vectors x ${data.dims} (${manifest.embedder.id}), ` +
      `${movies.length} movies; vectors file ${mb(vectorsBytes)} MB`,
  );
  console.log(
    `Node engine host (createNodeEngineHost, engine ${hostInfo.engine}): load ${hostInfo.loadMs.toFixed(0)} ms ` +
      `(steps ms: ${stepsText(hostInfo.stepsMs)}; read files = load - steps); embedder load ${embedderLoadMs.toFixed(0)} ms`,
  );

  // Queries: real texts, embedded with the index's embedder.
  // All of dev-mixed (short, varied kinds), then dev-tomt (long known-item posts).
  const mixed = readQueries('dev-mixed.jsonl');
  const tomt = readQueries('dev-tomt.jsonl');
  const texts = [...mixed, ...tomt].slice(0, opts.queries);
  // Turn sets, timed separately: embedding cost grows with text length. The first 5 of each are warm-up.
  const e2eSets = [
    { set: 'short requests (dev-mixed)', texts: spread(mixed, opts.e2e + 5) },
    { set: 'long tip-of-the-tongue posts (dev-tomt)', texts: spread(tomt, opts.e2e + 5) },
  ];
  const te = performance.now();
  const queries = await baseEmbedder.embed(texts);
  console.log(`Embedded ${texts.length} query texts in ${((performance.now() - te) / 1000).toFixed(1)} s`);

  // Truth.
  // A synthetic index (scripts/bench-synthetic-index.ts) has other vectors than the cache's.
  const cached = manifest.build?.synthetic
    ? null
    : floatVectorsFromCache(manifest.embedder.id, movies, data.rows, data.dims);
  const truthSource = cached
    ? 'float32 vectors from the build embedding cache'
    : 'dequantized int8 (no float cache)';
  const truthIndex = createFloat32ExactIndex(cached ?? dequantize(data));
  const filters = buildFilters(movies, data.rows);
  const truth: number[][][] = [];
  for (const f of filters) {
    const perQuery: number[][] = [];
    for (const q of queries) {
      perQuery.push(
        (await truthIndex.search(q, 10, f.allowed ? { allowed: f.allowed } : {})).map((h) => h.row),
      );
    }
    truth.push(perQuery);
  }
  console.log(
    `Truth: exact search over ${truthSource}; filters ${filters.map((f) => `${f.name} (${f.allowedRows} rows)`).join(', ')}`,
  );

  const input: BenchInput = {
    data,
    queries,
    filters,
    truth,
    k: 10,
    warmup: 10,
    rounds: opts.rounds,
    slowRounds: opts.slowRounds,
  };
  const plural = (n: number) => `${n} round${n === 1 ? '' : 's'}`;
  const roundsNote = `median of ${plural(opts.rounds)} (${plural(opts.slowRounds)} for engines over 5 ms), n queries each`;
  const voy = await loadVoyNode();
  const node: EngineResult[] = [];
  const runOpts = {
    heapBytes,
    voy: { load: async () => voy.module, memoryBytes: () => voy.memory.buffer.byteLength },
    // float32-exact here is the truth itself (true float vectors when the cache has them).
    createIndex: async (k: BenchEngineKind, d: typeof data, o?: object) =>
      k === 'float32-exact' && cached ? createFloat32ExactIndex(cached) : createBenchIndex(k, d, o),
    log: (line: string) => console.log(line),
    queryLimit: { voy: opts.voyQueries },
  };
  for (const kind of opts.engines) node.push(await benchEngine(kind, input, runOpts));
  if (opts.engines.includes('int8-wasm')) {
    // The same scan with the shipped per-vector scales instead of cosine scales: what renormalizing buys.
    const raw = await benchEngine('int8-wasm', input, {
      ...runOpts,
      createIndex: (k, d) => createBenchIndex(k, d, { cosine: false }),
    });
    node.push({ ...raw, engine: 'int8-wasm (raw scales)' });
  }
  printEngineTable(
    `Node ${process.version} (${os.cpus().length} cores), k=10, ${queries.length} queries; ms, ${roundsNote}`,
    node,
    filters,
  );

  // Node turns through the engine host: understand (embed + route + rule plan), plan, embed the search
  // text, hybrid retrieve, answer. Each text is the first turn of a fresh conversation.
  const nodeSets: TurnSetStats[] = [];
  for (const { set, texts: list } of e2eSets) {
    nodeSets.push(
      await timeTurns(
        set,
        list,
        async (message) => {
          meter.ms = 0;
          meter.calls = 0;
          const out = await host.turn({ message, hidden: [] }, null);
          return {
            embedMs: meter.ms,
            embedCalls: meter.calls,
            results: out.results.length,
            intent: out.intent,
          };
        },
        { rounds: opts.turnRounds, warmup: 5 },
      ),
    );
  }
  const nodeTurns = { engine: hostInfo.engine, load: hostInfo, embedderLoadMs, sets: nodeSets };
  console.log(
    `\nNode engine host turn() (${manifest.embedder.id} embed in-thread, engine ${hostInfo.engine}; engine = turn - embed):`,
  );
  for (const e of nodeSets) console.log(formatTurnSet(e));

  let browser: unknown = null;
  if (opts.browser) {
    const { runBrowserBench, printBrowserSummary } = await import('./bench-browser.ts');
    browser = await runBrowserBench({
      indexDir: opts.index,
      embedderId: manifest.embedder.id,
      engines: opts.engines,
      e2eSets,
      queries,
      filters,
      truth,
      voyQueries: opts.voyQueries,
      rounds: opts.rounds,
      slowRounds: opts.slowRounds,
      turnRounds: opts.turnRounds,
    }).catch((err: unknown) => ({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
    printBrowserSummary(browser, filters, (title, r, f) =>
      printEngineTable(`${title}; ms, ${roundsNote}`, r, f),
    );
  }

  const defaultEngine = chooseDefaultEngine();
  const ratio = (results: EngineResult[]) => {
    const d = results.find((r) => r.engine === defaultEngine && r.ok)?.filters?.[0];
    const v = results.find((r) => r.engine === 'voy' && r.ok)?.filters?.[0];
    return d && v ? v.latencyMs.p50 / d.latencyMs.p50 : null;
  };
  const browserEngines = (browser as { engines?: EngineResult[] } | null)?.engines;
  const summary = {
    defaultEngine,
    voyOverDefaultP50Node: ratio(node),
    voyOverDefaultP50Browser: browserEngines ? ratio(browserEngines) : null,
  };
  console.log(
    `\nDefault engine ${defaultEngine}; voy p50 / default p50 (no filter): Node ${summary.voyOverDefaultP50Node?.toFixed(1) ?? '-'}x, ` +
      `Chromium worker ${summary.voyOverDefaultP50Browser?.toFixed(1) ?? '-'}x`,
  );

  const out = {
    date: new Date().toISOString(),
    host: {
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      loadavg: os.loadavg(),
    },
    index: {
      dir: path.relative(ROOT, opts.index),
      rows: data.rows,
      dims: data.dims,
      movies: movies.length,
      embedder: manifest.embedder.id,
      vectorsBytes,
    },
    queries: { n: queries.length, source: 'dev-mixed.jsonl + dev-tomt.jsonl', truth: truthSource },
    rounds: { engines: opts.rounds, slowEngines: opts.slowRounds, turns: opts.turnRounds },
    filters: filters.map((f) => ({ name: f.name, allowedRows: f.allowedRows })),
    summary,
    node: { engines: node, turns: nodeTurns },
    browser,
  };
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, JSON.stringify(out, null, 2));
  console.log(`Wrote ${path.relative(ROOT, opts.out)}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
