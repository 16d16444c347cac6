/**
 * npm run eval -- --queries FILE.jsonl [--queries FILE2.jsonl] [--no-baseline] [--out results.json]
 *                 [--per-query OUT.jsonl] [--limit N] [--index DIR]
 *
 * Every query goes through the engine host — the same code the app's worker runs: intent → plan →
 * retrieve → answer, a fresh conversation per single-turn query, dialogues turn by turn into one
 * conversation. The baseline (the original system's method) runs in the same process, side by side.
 * Metrics and formats: ../shared/eval/README.md.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeEmbedder } from '../src/embed/node.ts';
import { createNodeEngineHost } from '../src/engine/node.ts';
import { loadOrComputeBaseline } from './baseline.ts';
import { defaultDocRuntime } from '../build-index/build.ts';
import { embedAllInPool } from '../build-index/embed-pool.ts';
import { parseQueriesJsonl, type EvalQuery } from './queries.ts';
import { cachingEmbedder, type CachingEmbedder } from './query-vectors.ts';
import { evaluate, formatReport, type EvalContext, type PerQueryLine, type SystemReport } from './run.ts';
import { appSystem, baselineSystem } from './systems.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE =
  'Usage: npm run eval -- --queries FILE.jsonl [--no-baseline] [--out results.json] [--per-query OUT.jsonl] [--limit N] [--index DIR]';

function parseArgs(argv: string[]) {
  const a = {
    queries: [] as string[],
    baseline: true,
    out: '',
    perQuery: '',
    limit: Infinity,
    index: 'public/index',
  };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    const next = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${v} needs a value. ${USAGE}`);
      return x;
    };
    if (v === '--queries') a.queries.push(...next().split(','));
    else if (v === '--baseline') a.baseline = true;
    else if (v === '--no-baseline') a.baseline = false;
    else if (v === '--out') a.out = next();
    else if (v === '--per-query') a.perQuery = next();
    else if (v === '--limit') a.limit = Number(next());
    else if (v === '--index') a.index = next();
    else throw new Error(`Unknown argument ${v}. ${USAGE}`);
  }
  if (!a.queries.length) throw new Error(USAGE);
  if (!(a.limit > 0)) throw new Error('--limit must be a positive number');
  return a;
}

function evalContext(
  movies: EvalContext['movies'],
  resolve: EvalContext['resolve'],
  file: string,
): EvalContext {
  const collectionMembers = new Map<number, number[]>();
  for (const m of movies.values())
    if (m.collection)
      (
        collectionMembers.get(m.collection.id) ??
        collectionMembers.set(m.collection.id, []).get(m.collection.id)!
      ).push(m.id);
  return {
    movies,
    collectionMembers,
    resolve,
    onProgress: (d, n) => {
      if (d % 100 === 0 || d === n) console.error(`  ${path.basename(file)}: ${d}/${n}`);
    },
  };
}

/**
 * The baseline's ~20k overview vectors, computed once: with the build's document runtime in two workers
 * (onnxruntime for USE-lite: the same weights, vectors equal to the browser's to cosine ≥ 0.9999 per
 * npm run check:embed), several times faster than the tfjs query path.
 */
const overviewEmbedder = (id: string, texts: string[]): Promise<Float32Array[]> =>
  embedAllInPool(texts, id, { workers: 2, batchSize: 64, runtime: defaultDocRuntime(id) });

const timing = (ms: Partial<Record<string, number>>) =>
  Object.entries(ms)
    .map(([k, v]) => `${k} ${v!.toFixed(1)} ms/query`)
    .join(', ');

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const log = (s: string) => console.error(s);
  const sets: { file: string; queries: EvalQuery[] }[] = [];
  for (const file of args.queries) {
    const text = await fs.readFile(file, 'utf8').catch(() => {
      throw new Error(`Cannot read queries file ${file}`);
    });
    sets.push({ file, queries: parseQueriesJsonl(text, file).slice(0, args.limit) });
  }
  let embedder: CachingEmbedder | null = null;
  const t0 = performance.now();
  const { host, opened } = await createNodeEngineHost({
    indexDir: path.resolve(repoRoot, args.index),
    embedder: async (m) => (embedder = cachingEmbedder(await createNodeEmbedder(m.embedder.id), repoRoot)),
  });
  const info = host.info();
  log(
    `engine host: ${info.count} movies, ${info.embeddedCount} vectors (${info.embedderId}, ${info.engine}), opened in ${(performance.now() - t0).toFixed(0)} ms`,
  );
  const movies = new Map(opened.movies.map((m) => [m.id, m]));
  const resolve = (title: string, year?: number) =>
    opened.retriever.resolveTitle(year ? `${title} ${year}` : title, 1)[0]?.id ?? null;
  const app = appSystem(host);
  const base = args.baseline
    ? await baselineSystem(
        await loadOrComputeBaseline(repoRoot, embedder!, opened.movies, log, overviewEmbedder),
        embedder!,
      )
    : null;
  const results: { queries: string; cinechat: SystemReport; baseline: SystemReport | null }[] = [];
  const perQuery: PerQueryLine[] = [];
  for (const { file, queries } of sets) {
    const ctx = evalContext(movies, resolve, file);
    const before = embedder!.stats();
    const cine = await evaluate(app, queries, ctx);
    const after = embedder!.stats();
    embedder!.flush();
    const b = base ? await evaluate(base, queries, { ...ctx, onProgress: undefined }) : null;
    embedder!.flush();
    console.log(formatReport(file, cine.report, b?.report ?? null));
    console.log(
      `  (cinechat, app path: ${timing(cine.msPerQuery)}; distinct texts embedded: ${after.computed - before.computed} in this run, ` +
        `${after.fromCache - before.fromCache} read from .cache/eval of earlier runs — timings include embedding only for the former)\n`,
    );
    results.push({ queries: file, cinechat: cine.report, baseline: b?.report ?? null });
    perQuery.push(...cine.lines, ...(b?.lines ?? []));
  }
  if (args.out) {
    await fs.writeFile(
      args.out,
      JSON.stringify(results.length === 1 ? results[0] : { runs: results }, null, 2),
    );
    log(`wrote ${args.out}`);
  }
  if (args.perQuery) {
    await fs.writeFile(args.perQuery, perQuery.map((l) => JSON.stringify(l)).join('\n') + '\n');
    log(`wrote ${args.perQuery} (${perQuery.length} lines)`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
