/**
 * npm run eval:co-likes -- [--index DIR] [--data DIR] [--seed N] [--seeds-per-user N] [--weights 0,1,2]
 *                          [--sweep] [--out FILE.json]
 *
 * Held-out-users protocol for "like X" on the dataset's ratings (ratings_small by default):
 * - people split 80/20 by a seeded hash of their userId; the co-likes are built from the 80 % only, with the
 *   build's own code (build-index/co-likes.ts CoLikeCounter, default parameters);
 * - for each held-out person with ≥ 10 likes (in the index), up to --seeds-per-user liked movies (seeded
 *   choice) each serve as the seed; the person's other likes are the targets;
 * - recall@10 = targets in the top 10 / min(10, targets), averaged over all seed queries.
 * Systems: popularity (most liked in the 80 %), co-likes only (the seed's neighbours), content only (the
 * engine's retriever with the co-like weight 0) and the blend (the engine's retriever as shipped, opened with
 * the 80 % asset through openIndex). --sweep also scores co-likes-only for other measures and parameters.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs/promises';
import {
  CoLikeCounter,
  DEFAULT_CO_LIKE_PARAMS,
  hash2,
  readRatingRows,
  type RatingRow,
} from '../build-index/co-likes.ts';
import { decodeCoLikes, type CoLikeIndex, type CoLikeParams } from '../src/core/rank/co-likes.ts';
import { decodeMovies, type EncodedMovies } from '../src/core/index-format.ts';
import type { QueryPlan } from '../src/core/types.ts';
import { DEFAULT_WEIGHTS, type RankWeights } from '../src/core/rank/weights.ts';
import { createNodeEmbedder } from '../src/embed/node.ts';
import { openIndex } from '../src/engine/open-index.ts';
import { readIndexDir } from '../src/engine/node.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv: string[]) {
  const a = {
    index: path.join(repoRoot, 'public/index'),
    data: path.join(repoRoot, 'data/movies'),
    seed: 1,
    seedsPerUser: 10,
    weights: [] as number[],
    tries: [] as string[],
    params: '',
    sweep: false,
    out: '',
  };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    const next = () => argv[++i] ?? '';
    if (v === '--index') a.index = next();
    else if (v === '--data') a.data = next();
    else if (v === '--seed') a.seed = Number(next());
    else if (v === '--seeds-per-user') a.seedsPerUser = Number(next());
    else if (v === '--weights') a.weights = next().split(',').map(Number);
    else if (v === '--params') a.params = next();
    else if (v === '--try') a.tries.push(...next().split(';'));
    else if (v === '--sweep') a.sweep = true;
    else if (v === '--out') a.out = next();
    else throw new Error(`Unknown argument ${v}`);
  }
  return a;
}

export interface HeldOutQuery {
  user: number;
  seed: number;
  targets: Set<number>;
}

/** The 80/20 split and the held-out queries (pure: the tests use it too). */
export function splitUsers(
  users: ReadonlyMap<number, RatingRow[]>,
  counter: CoLikeCounter,
  opts: { seed: number; seedsPerUser: number; minLikes?: number },
): { train: number[]; queries: HeldOutQuery[]; heldOutUsers: number } {
  const train: number[] = [];
  const queries: HeldOutQuery[] = [];
  let heldOutUsers = 0;
  for (const [u, rows] of users) {
    if (hash2(opts.seed, u) % 5 !== 0) {
      train.push(u);
      continue;
    }
    const liked = counter.likedBy(rows);
    if (liked.length < (opts.minLikes ?? 10)) continue;
    heldOutUsers++;
    const seeds = [...liked].sort((a, b) => hash2(opts.seed + 1, u, a) - hash2(opts.seed + 1, u, b));
    for (const s of seeds.slice(0, opts.seedsPerUser))
      queries.push({ user: u, seed: s, targets: new Set(liked.filter((m) => m !== s)) });
  }
  return { train, queries, heldOutUsers };
}

export function recallAt10(top: readonly number[], targets: ReadonlySet<number>): number {
  const hits = top.slice(0, 10).filter((id) => targets.has(id)).length;
  return hits / Math.min(10, targets.size);
}

function buildFrom(users: ReadonlyMap<number, RatingRow[]>, train: number[], params: CoLikeParams) {
  const counter = new CoLikeCounter(params);
  for (const u of train) counter.addUser(u, users.get(u)!);
  const { encoded } = counter.finish('ratings_small (80 % of users)');
  return { index: decodeCoLikes(encoded), encoded, counter };
}

function coLikesOnly(co: CoLikeIndex, queries: HeldOutQuery[]): number {
  let sum = 0;
  for (const q of queries)
    sum += recallAt10(
      co.neighbours(q.seed).map((n) => n.id),
      q.targets,
    );
  return sum / queries.length;
}

/** Share of the top 10 that are among the 50 most liked movies (how popularity-led the lists are). */
function popularShare(co: CoLikeIndex, lists: number[][], popular: readonly number[]): number {
  const top = new Set(popular.slice(0, 50));
  return mean(
    lists.map((l) => l.slice(0, 10).filter((id) => top.has(id)).length / Math.max(1, Math.min(10, l.length))),
  );
}

/** "alpha=0.1,shrink=20" → co-like parameter overrides (numbers, or the measure's name). */
function parseParams(spec: string): Partial<CoLikeParams> {
  const out: Record<string, number | string> = {};
  for (const kv of spec.split(',').filter(Boolean)) {
    const [k, v] = kv.split('=');
    if (!(k in DEFAULT_CO_LIKE_PARAMS)) throw new Error(`--params: unknown parameter ${k}`);
    out[k] = Number.isFinite(Number(v)) ? Number(v) : v;
  }
  return out as Partial<CoLikeParams>;
}

/** "coLike=8,mmrLambda=1" → weight overrides. */
function parseWeights(spec: string): Partial<RankWeights> {
  const out: Partial<Record<keyof RankWeights, number>> = {};
  for (const kv of spec.split(',').filter(Boolean)) {
    const [k, v] = kv.split('=');
    if (!(k in DEFAULT_WEIGHTS.similar) || !Number.isFinite(Number(v)))
      throw new Error(`--try: bad weight ${kv}`);
    out[k as keyof RankWeights] = Number(v);
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const f4 = (x: number) => Number(x.toFixed(4));

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { manifest, files } = await readIndexDir(args.index);
  const movies = decodeMovies(JSON.parse(new TextDecoder().decode(files.movies)) as EncodedMovies);
  const movieIds = new Set(movies.map((m) => m.id));
  const { users, files: src } = await readRatingRows(args.data, { movieIds });
  // The like rule of the targets is the default one; --params changes the neighbours only.
  const probe = new CoLikeCounter(DEFAULT_CO_LIKE_PARAMS);
  const params = { ...DEFAULT_CO_LIKE_PARAMS, ...parseParams(args.params) };
  const { train, queries, heldOutUsers } = splitUsers(users, probe, args);
  console.error(
    `${path.basename(src.ratings)}: ${users.size} people; train ${train.length}, held out ${heldOutUsers} with ≥ 10 likes; ${queries.length} seed queries`,
  );

  const report: Record<string, unknown> = {
    protocol: {
      ratings: path.basename(src.ratings),
      split: `hash2(${args.seed}, userId) % 5 === 0 held out`,
      seedsPerUser: args.seedsPerUser,
      trainUsers: train.length,
      heldOutUsers,
      queries: queries.length,
      metric: 'recall@10 = hits in top 10 / min(10, targets)',
    },
  };

  let t = performance.now();
  const built0 = buildFrom(users, train, params);
  const buildMs = performance.now() - t;
  if (args.sweep) {
    const sweep: Record<string, number> = {};
    const variants: Partial<CoLikeParams>[] = [
      ...[0, 0.1, 0.2, 0.3, 0.5].flatMap((alpha) =>
        [5, 50].map((shrink) => ({ measure: 'cosine-alpha', alpha, shrink })),
      ),
      { measure: 'jaccard', shrink: 20 },
      { measure: 'lift', shrink: 20 },
      { like: 'centred' },
      { minRating: 3.5 },
      { maxLikesPerUser: 500 },
    ];
    for (const v of variants) {
      const p = { ...params, ...v };
      // The query targets stay those of the default like rule; only the neighbours change.
      const { index } = buildFrom(users, train, p);
      const key = Object.entries(v)
        .map(([k, x]) => `${k}=${x}`)
        .join(',');
      sweep[key] = f4(coLikesOnly(index, queries));
      sweep[key + ' popularShare'] = f4(
        popularShare(
          index,
          queries.map((q) => index.neighbours(q.seed).map((n) => n.id)),
          built0.encoded.ids,
        ),
      );
      console.error(`  co-likes only, ${key}: ${sweep[key]} (popular share ${sweep[key + ' popularShare']})`);
    }
    report.sweep = sweep;
  }

  const built = built0;
  const co = built.index;
  const coverage = mean(queries.map((q) => (co.neighbours(q.seed).length ? 1 : 0)));

  // Popularity: most liked among the 80 %.
  const popular = [...built.encoded.ids].sort((a, b) => co.likes(b) - co.likes(a));
  const popularity = mean(
    queries.map((q) =>
      recallAt10(
        popular.filter((id) => id !== q.seed),
        q.targets,
      ),
    ),
  );

  // The engine's own retriever, opened with the 80 % asset.
  const embedder = await createNodeEmbedder(manifest.embedder.id);
  const coBytes = new TextEncoder().encode(JSON.stringify(built.encoded));
  const opened = await openIndex(manifest, { ...files, coLikes: coBytes }, { embedder });
  const titleOf = new Map(movies.map((m) => [m.id, m.title]));
  const genresOf = new Map(movies.map((m) => [m.id, m.genres]));
  // Share of the top 10 sharing a genre with the seed (dev-mixed's similar genre precision, on every seed).
  const genreShare = (seed: number, ids: readonly number[]) => {
    const g = genresOf.get(seed) ?? [];
    const top = ids.slice(0, 10);
    return (
      top.filter((id) => (genresOf.get(id) ?? []).some((x) => g.includes(x))).length / Math.max(1, top.length)
    );
  };
  const planFor = (id: number): QueryPlan => ({
    searchText: '',
    constraints: {},
    likeTitles: [titleOf.get(id) ?? ''],
    unlikeTitles: [],
    likeIds: [id],
    unlikeIds: [],
    quality: null,
    source: 'rules',
  });
  const runEngine = async (coLike: number | undefined, extra: Partial<RankWeights> = {}) => {
    const rec: number[] = [];
    const ms: number[] = [];
    let seedReturned = 0;
    let reasons = 0;
    const genres: number[] = [];
    for (const q of queries) {
      const t0 = performance.now();
      const res = await opened.retriever.retrieve(planFor(q.seed), null, {
        k: 10,
        weights: { ...(coLike !== undefined ? { coLike } : {}), ...extra },
      });
      ms.push(performance.now() - t0);
      const ids = res.map((r) => r.id);
      if (ids.includes(q.seed)) seedReturned++;
      reasons += res.filter((r) => r.why.some((w) => w.kind === 'co-liked')).length / Math.max(1, res.length);
      rec.push(recallAt10(ids, q.targets));
      genres.push(genreShare(q.seed, ids));
    }
    ms.sort((a, b) => a - b);
    return {
      recall: f4(mean(rec)),
      seedExcluded: f4(1 - seedReturned / queries.length),
      coLikedReasonShare: f4(reasons / queries.length),
      genrePrecision: f4(mean(genres)),
      msMean: Number(mean(ms).toFixed(2)),
      msP95: Number(ms[Math.floor(ms.length * 0.95)].toFixed(2)),
    };
  };
  t = performance.now();
  const content = await runEngine(0);
  console.error(
    `  content only: ${JSON.stringify(content)} (${((performance.now() - t) / 1000).toFixed(1)} s)`,
  );
  const blend = await runEngine(undefined);
  console.error(`  blend: ${JSON.stringify(blend)}`);
  const weightSweep: Record<string, unknown> = {};
  for (const w of args.weights) {
    weightSweep[String(w)] = await runEngine(w);
    console.error(`  blend coLike=${w}: ${JSON.stringify(weightSweep[String(w)])}`);
  }

  for (const spec of args.tries) {
    weightSweep[spec] = await runEngine(undefined, parseWeights(spec));
    console.error(`  blend ${spec}: ${JSON.stringify(weightSweep[spec])}`);
  }

  Object.assign(report, {
    params,
    coLikesBuildMs: Math.round(buildMs),
    seedsWithNeighbours: f4(coverage),
    coLikesPopularShare: f4(
      popularShare(
        co,
        queries.map((q) => co.neighbours(q.seed).map((n) => n.id)),
        built.encoded.ids,
      ),
    ),
    'recall@10': {
      popularity: f4(popularity),
      coLikesOnly: f4(coLikesOnly(co, queries)),
      contentOnly: content.recall,
      blend: blend.recall,
    },
    blendOverContent: f4(blend.recall / Math.max(1e-9, content.recall)),
    engine: { content, blend },
    ...(Object.keys(weightSweep).length ? { weightSweep } : {}),
  });
  const text = JSON.stringify(report, null, 2);
  console.log(text);
  if (args.out) await fs.writeFile(args.out, text + '\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
