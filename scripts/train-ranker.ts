/**
 * npm run train-ranker -- [--index DIR] [--out FILE] [--depth N] [--seed N] [--limit N] [--ablation]
 *
 * Trains the known-item re-ranker (src/core/rank/learned.ts) from ../shared/eval/train-tomt.jsonl only and
 * selects it on the dev sets (dev-tomt, dev-trec-tot, dev-mixed's known items):
 * 1. every training post (and its first line, when that is a short description of its own) is a turn of the
 *    engine host; the retriever's rule-ranked pool of that turn is recorded with its features
 *    (scripts/ranker/collect.ts; cached in .cache/ranker, keyed by the index, the engine code and the posts);
 * 2. per request kind (describe: long posts; lookup: short descriptions) a grid of models is trained
 *    (scripts/ranker/train.ts, seeded), each epoch scored on the dev pools, the best by dev MRR@10 kept;
 * 3. the models are written to --out (default src/engine/ranker.v1.json) with how they were made.
 * --ablation: each feature group left out in turn (same settings), dev MRR@10 printed.
 * Then `npm run eval` measures the shipped app with it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FEATURE_GROUPS, FEATURE_NAMES, type FeatureGroup } from '../src/core/rank/features.ts';
import type { KindModel, RankerModel } from '../src/core/rank/learned.ts';
import { createNodeEmbedder } from '../src/embed/node.ts';
import { createNodeEngineHost } from '../src/engine/node.ts';
import { parseQueriesJsonl } from '../eval/queries.ts';
import { cachingEmbedder } from '../eval/query-vectors.ts';
import { buildBm25Index } from '../src/core/rank/bm25.ts';
import { learnTermWeights } from './ranker/term-weights.ts';
import { collectPools, messagesOf, type Pool, type RankedKind } from './ranker/collect.ts';
import { poolMetrics, trainModel, type PoolMetrics, type TrainOptions } from './ranker/train.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(repoRoot, '..', 'shared', 'eval');
const { values: args } = parseArgs({
  options: {
    index: { type: 'string', default: path.join(repoRoot, 'public/index') },
    out: { type: 'string', default: path.join(repoRoot, 'src/engine/ranker.v1.json') },
    depth: { type: 'string', default: '600' },
    seed: { type: 'string', default: '1' },
    limit: { type: 'string', default: '0' },
    ablation: { type: 'boolean', default: false },
    'no-term-weights': { type: 'boolean', default: false },
  },
});
const depth = Number(args.depth);
const limit = Number(args.limit) || Infinity;

function readSet(file: string, kind = 'known_item') {
  const full = path.join(shared, file);
  if (!fs.existsSync(full))
    throw new Error(`${full} is missing: the training and dev sets live in ../shared/eval/.`);
  return parseQueriesJsonl(fs.readFileSync(full, 'utf8'), full)
    .filter((q) => q.kind === kind)
    .slice(0, limit);
}

const progress = (label: string) => {
  const started = performance.now();
  return (done: number, n: number) => {
    if (done % 250 !== 0 && done !== n) return;
    const rate = done / ((performance.now() - started) / 1000);
    const eta = (n - done) / Math.max(rate, 1e-9);
    process.stderr.write(`  ${label}: ${done}/${n} (${rate.toFixed(1)}/s, ${Math.round(eta)} s left)\n`);
  };
};

const embedderOf = async (id: string) => cachingEmbedder(await createNodeEmbedder(id), repoRoot);
let embedder: Awaited<ReturnType<typeof embedderOf>> | null = null;
const openHost = (ranker: RankerModel | null) =>
  createNodeEngineHost({
    indexDir: args.index,
    ranker,
    embedder: async (m) => (embedder ??= await embedderOf(m.embedder.id)),
  });

/** Step 0: query-term weights from the training posts (scripts/ranker/term-weights.ts). */
async function termWeightsOf(): Promise<Record<string, number> | undefined> {
  if (args['no-term-weights']) return undefined;
  const { opened } = await openHost(null);
  const rowOf = new Map(opened.movies.map((m, r) => [m.id, r]));
  const posts = messagesOf(readSet('train-tomt.jsonl'), true).map((m) => ({
    text: m.text,
    rows: m.targets.map((id) => rowOf.get(id)).filter((r): r is number => r !== undefined),
  }));
  const w = learnTermWeights(buildBm25Index(opened.movies), posts, TERM_WEIGHT_OPTIONS);
  const sorted = Object.entries(w).sort((a, b) => a[1] - b[1]);
  console.log(
    `term weights: ${sorted.length} words from ${posts.length} posts; lowest ${sorted
      .slice(0, 12)
      .map(([t, v]) => `${t} ${v}`)
      .join(', ')}`,
  );
  return w;
}
const TERM_WEIGHT_OPTIONS = { minPosts: 5, shrink: 10 };
const termWeights = await termWeightsOf();
const { host, opened } = await openHost({ version: 1, features: [...FEATURE_NAMES], kinds: {}, termWeights });

async function pools(label: string, file: string, titleLines: boolean): Promise<Pool[]> {
  const messages = messagesOf(readSet(file), titleLines);
  const r = await collectPools(host, opened, messages, {
    ...{ depth, repoRoot, label, termWeights },
    onProgress: progress(label),
  });
  embedder?.flush();
  console.log(
    `${label}: ${messages.length} messages → ${r.pools.length} describe/lookup pools ` +
      `(${r.fromCache ? 'from cache' : `collected in ${r.seconds.toFixed(0)} s`})`,
  );
  return r.pools;
}

const train = await pools('train', 'train-tomt.jsonl', true);
const dev = {
  tomt: await pools('dev-tomt', 'dev-tomt.jsonl', true),
  trec: await pools('dev-trec', 'dev-trec-tot.jsonl', false),
  mixed: await pools('dev-mixed', 'dev-mixed.jsonl', false),
};

const ofKind = (ps: readonly Pool[], kind: RankedKind, titles?: boolean) =>
  ps.filter((p) => p.kind === kind && (titles === undefined || p.id.endsWith(':title') === titles));
/** The dev pools each kind is selected on. */
const devFor: Record<RankedKind, Record<string, Pool[]>> = {
  describe: { 'dev-tomt': ofKind(dev.tomt, 'describe', false), 'dev-trec': ofKind(dev.trec, 'describe') },
  lookup: {
    'dev-mixed': ofKind(dev.mixed, 'lookup'),
    'dev-tomt first lines': ofKind(dev.tomt, 'lookup', true),
  },
};
/** Selection objective: mean MRR@10 over the kind's dev sets (each set counts the same). */
const objective = (model: KindModel | null, kind: RankedKind) => {
  const sets = Object.values(devFor[kind]).filter((s) => s.length);
  return sets.reduce((a, s) => a + poolMetrics(model, s)['MRR@10'], 0) / Math.max(1, sets.length);
};

/** Epochs without a better dev objective before a run stops (the best epoch is kept either way). */
const PATIENCE = 8;
const GRID: Omit<TrainOptions, 'seed' | 'pool'>[] = [
  { epochs: 30, hidden: 0, l2: 1e-4, lr: 0.02, batch: 32 },
  { epochs: 30, hidden: 0, l2: 1e-3, lr: 0.02, batch: 32 },
  { epochs: 30, hidden: 8, l2: 1e-4, lr: 0.01, batch: 32 },
];

function fit(kind: RankedKind, o: TrainOptions): { model: KindModel; score: number; epoch: number } {
  let best = { model: null as KindModel | null, score: -1, epoch: 0 };
  trainModel(ofKind(train, kind), o, (epoch, model) => {
    const score = objective(model, kind);
    if (score > best.score) best = { model, score, epoch };
    return epoch - best.epoch >= PATIENCE ? 'stop' : undefined;
  });
  return best as { model: KindModel; score: number; epoch: number };
}

const fmt = (m: PoolMetrics) =>
  `n ${m.n}  hit@1 ${m['hit@1'].toFixed(3)}  hit@10 ${m['hit@10'].toFixed(3)}  MRR@10 ${m['MRR@10'].toFixed(3)}  hit@100 ${m['hit@100'].toFixed(3)}`;

const started = performance.now();
const kinds: RankerModel['kinds'] = {};
const chosen: Record<string, unknown> = {};
for (const kind of ['describe', 'lookup'] as RankedKind[]) {
  const n = ofKind(train, kind).filter((p) => p.label >= 0).length;
  console.log(`\n${kind}: ${ofKind(train, kind).length} training pools, ${n} with the target among ${depth}`);
  let best: ReturnType<typeof fit> & { o?: TrainOptions } = { model: null!, score: -1, epoch: 0 };
  for (const g of GRID) {
    const o = { ...g, seed: Number(args.seed), pool: depth };
    const r = fit(kind, o);
    console.log(`  hidden ${o.hidden} l2 ${o.l2}: dev objective ${r.score.toFixed(4)} (epoch ${r.epoch})`);
    if (r.score > best.score) best = { ...r, o };
  }
  const rule = objective(null, kind);
  const keep = best.score > rule;
  console.log(
    `  rule ranking ${rule.toFixed(4)} → model ${best.score.toFixed(4)}: ${keep ? 'kept' : 'not kept'}`,
  );
  for (const [name, set] of Object.entries(devFor[kind])) {
    console.log(`  ${name.padEnd(22)} rule   ${fmt(poolMetrics(null, set))}`);
    console.log(`  ${''.padEnd(22)} model  ${fmt(poolMetrics(best.model, set))}`);
  }
  if (keep) {
    kinds[kind] = best.model;
    chosen[kind] = { ...best.o, epochs: best.epoch, devObjective: Number(best.score.toFixed(4)) };
  }
  if (args.ablation && keep) ablate(kind, { ...best.o!, epochs: best.epoch });
}

function ablate(kind: RankedKind, o: TrainOptions): void {
  console.log(`  ablation (${kind}; dev objective = mean MRR@10 of its dev sets):`);
  for (const group of Object.keys(FEATURE_GROUPS) as FeatureGroup[]) {
    const drop = new Set<number>(FEATURE_GROUPS[group].map((f) => FEATURE_NAMES.indexOf(f)));
    const model = trainModel(ofKind(train, kind), { ...o, drop });
    const per = Object.entries(devFor[kind])
      .map(([name, set]) => `${name} ${poolMetrics(model, set)['MRR@10'].toFixed(3)}`)
      .join(', ');
    console.log(`    without ${group.padEnd(9)} ${objective(model, kind).toFixed(4)}  (${per})`);
  }
}

const model: RankerModel = {
  version: 1,
  features: [...FEATURE_NAMES],
  kinds,
  ...(termWeights ? { termWeights } : {}),
  trained: {
    command: 'npm run train-ranker',
    data: 'train-tomt.jsonl (posts and their first lines); selected on dev-tomt, dev-trec-tot, dev-mixed',
    depth,
    seed: Number(args.seed),
    termWeights: termWeights ? TERM_WEIGHT_OPTIONS : 'none',
    chosen,
  },
};
fs.writeFileSync(args.out, JSON.stringify(model) + '\n');
console.log(
  `\nWrote ${path.relative(repoRoot, args.out)} (${(fs.statSync(args.out).size / 1024).toFixed(1)} KB); ` +
    `training and selection took ${((performance.now() - started) / 1000).toFixed(0)} s.`,
);
