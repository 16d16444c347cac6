/**
 * npm run eval -- --queries FILE.jsonl [--queries FILE2.jsonl] [--baseline | --no-baseline] [--out results.json]
 *                 [--limit N] [--index DIR] [--strategy average_vector|best_score] [--weights JSON]
 *
 * Runs every query through CineChat (rule planner + hybrid retrieval over the shipped index) and through the
 * baseline (raw text vs overview-only embeddings, exact float32), and prints the metrics of
 * /work/shared/eval/README.md side by side. Logic lives in src/eval/.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadIndexFromDir } from '../build-index/load-index.ts';
import { createNodeEmbedder } from '../src/embed/node.ts';
import { createRetriever } from '../src/core/retrieve.ts';
import type { RecommendStrategy } from '../src/core/rank/recommend.ts';
import type { RankWeights } from '../src/core/rank/weights.ts';
import { createVectorIndex } from '../src/search/factory.ts';
import { loadOrComputeBaseline } from '../src/eval/baseline.ts';
import { parseQueriesJsonl, type EvalQuery } from '../src/eval/queries.ts';
import {
  evaluate,
  formatReport,
  type EvalContext,
  type IntentLabel,
  type SystemReport,
} from '../src/eval/run.ts';
import { baselineSystem, byId, cachedEmbedder, cineChatSystem } from '../src/eval/systems.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv: string[]) {
  const a = {
    queries: [] as string[],
    baseline: true,
    out: '',
    limit: Infinity,
    index: 'public/index',
    strategy: 'average_vector',
    weights: '',
  };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    const next = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${v} needs a value`);
      return x;
    };
    if (v === '--queries') a.queries.push(...next().split(','));
    else if (v === '--baseline') a.baseline = true;
    else if (v === '--no-baseline') a.baseline = false;
    else if (v === '--out') a.out = next();
    else if (v === '--limit') a.limit = Number(next());
    else if (v === '--index') a.index = next();
    else if (v === '--strategy') a.strategy = next();
    else if (v === '--weights') a.weights = next();
    else throw new Error(`Unknown argument ${v}`);
  }
  if (!a.queries.length)
    throw new Error(
      'Usage: npm run eval -- --queries FILE.jsonl [--no-baseline] [--out results.json] [--limit N]',
    );
  if (!(a.limit > 0)) throw new Error('--limit must be a positive number');
  if (a.strategy !== 'average_vector' && a.strategy !== 'best_score')
    throw new Error('--strategy: average_vector or best_score');
  return a;
}

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

  let t0 = performance.now();
  const loaded = await loadIndexFromDir(path.resolve(repoRoot, args.index));
  const { movies, vectors, manifest } = loaded;
  log(
    `index ${args.index}: ${movies.length} movies, ${vectors.rows} vectors × ${vectors.dims} (${manifest.embedder.id}), ${(performance.now() - t0).toFixed(0)} ms`,
  );
  const index = await createVectorIndex('int8-wasm', vectors);
  const rowVec = (row: number) => {
    const v = new Float32Array(vectors.dims);
    const s = vectors.scales[row];
    const o = row * vectors.dims;
    for (let j = 0; j < vectors.dims; j++) v[j] = vectors.codes[o + j] * s;
    return v;
  };
  t0 = performance.now();
  const retriever = createRetriever({
    movies,
    index,
    vectorsFor: (r) => (r < vectors.rows ? rowVec(r) : null),
  });
  log(
    `retriever built in ${(performance.now() - t0).toFixed(0)} ms (BM25 ${retriever.buildMs.bm25.toFixed(0)} ms, titles+people ${retriever.buildMs.planner.toFixed(0)} ms)`,
  );
  const embedder = await createNodeEmbedder(manifest.embedder.id);
  // Query vectors computed ahead (src/eval/device-import.ts) spare this shared machine the embedding work.
  const preload = new Map<string, Float32Array>();
  const preFile = path.join(
    repoRoot,
    '.cache',
    'eval',
    `query-vectors-${embedder.id.replace(/[^a-z0-9.-]+/gi, '_')}.json`,
  );
  try {
    const obj = JSON.parse(await fs.readFile(preFile, 'utf8')) as Record<string, number[]>;
    for (const [t, v] of Object.entries(obj)) preload.set(t, Float32Array.from(v));
    log(`preloaded ${preload.size} query vectors from ${preFile}`);
  } catch {
    // none: queries are embedded here
  }
  const embed = cachedEmbedder(embedder, preload);

  const moviesById = byId(movies);
  const collectionMembers = new Map<number, number[]>();
  for (const m of movies)
    if (m.collection)
      (
        collectionMembers.get(m.collection.id) ??
        collectionMembers.set(m.collection.id, []).get(m.collection.id)!
      ).push(m.id);

  let intent: EvalContext['intent'];
  let intentNote: string | undefined;
  try {
    const mod = await import('../src/core/intent/index.ts');
    const router = await mod.createIntentRouter(embedder);
    intent = async (text: string) => (await router.route(text)).label as IntentLabel;
  } catch (e) {
    intentNote = 'n/a (intent router not built yet)';
    log(`intent router unavailable: ${(e as Error).message.split('\n')[0]}`);
  }

  const baseline = args.baseline ? await loadOrComputeBaseline(repoRoot, embedder, movies, log) : null;
  if (baseline) log(`baseline: ${baseline.ids.length} overview vectors from ${baseline.source}`);

  // --weights '{"bm25":0.8}': override ranking weights for every request kind (ablations; not for tuning to queries).
  const weights = args.weights ? (JSON.parse(args.weights) as Partial<RankWeights>) : undefined;
  const app = cineChatSystem(retriever, embed, { strategy: args.strategy as RecommendStrategy, weights });
  const base = baseline ? baselineSystem(baseline, embed) : null;

  const results: { queries: string; cinechat: SystemReport; baseline: SystemReport | null }[] = [];
  for (const { file, queries } of sets) {
    const ctx: EvalContext = {
      movies: moviesById,
      collectionMembers,
      resolve: (title, year) => retriever.resolveTitle(year ? `${title} ${year}` : title, 1)[0]?.id ?? null,
      intent,
      onProgress: (d, n) => {
        if (d % 100 === 0 || d === n) log(`  ${path.basename(file)}: ${d}/${n}`);
      },
    };
    t0 = performance.now();
    const cine = await evaluate(app, queries, ctx);
    const appMs = (performance.now() - t0) / Math.max(1, queries.length);
    const b = base ? await evaluate(base, queries, { ...ctx, intent: undefined }) : null;
    console.log(formatReport(file, cine, b, intentNote && !intent ? { intent: intentNote } : {}));
    console.log(`  (cinechat ${appMs.toFixed(1)} ms/query incl. embedding)\n`);
    results.push({ queries: file, cinechat: cine, baseline: b });
  }
  if (args.out) {
    const json = results.length === 1 ? results[0] : { runs: results };
    await fs.writeFile(args.out, JSON.stringify(json, null, 2));
    log(`wrote ${args.out}`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
