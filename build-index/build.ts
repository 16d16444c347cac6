/**
 * The index build: dataset → document texts → embeddings (cached) → int8 vectors + compact
 * movies + manifest, written as content-hashed files. The CLI (cli.ts) and ensure-index.ts call
 * buildIndex(); tests call it with a small limit.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import cliProgress from 'cli-progress';
import { embeddingText, hasDescriptiveText } from '../src/core/document-text.ts';
import {
  encodeMovies,
  encodeVectors,
  INDEX_FORMAT_VERSION,
  MANIFEST_FILE,
  type IndexManifest,
} from '../src/core/index-format.ts';
import { quantizeRow, type QuantizedVectors } from '../src/core/quantize.ts';
import type { Movie } from '../src/core/types.ts';
import { readDataset } from '../src/data/read-dataset.ts';
import { formatReport } from '../src/data/report.ts';
import { startEmbedPool } from './embed-pool.ts';
import {
  artifactDir,
  EmbeddingArtifact,
  KEY_BYTES,
  textsDigest,
  writeArtifact,
} from './embedding-artifact.ts';
import { documentVectorId, EmbeddingCache, type DocRuntime } from './embedding-cache.ts';
import { ortAvailable } from './ort-use-lite.ts';
import { int8RecallAt10 } from './quantization-recall.ts';
import { buildCoLikesAsset, formatCoLikeReport } from './co-likes.ts';

export const REPO_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const DEFAULT_DATA_DIR = path.join(REPO_ROOT, 'data', 'movies');
export const DEFAULT_OUT_DIR = path.join(REPO_ROOT, 'public', 'index');
export const DEFAULT_CACHE_DIR = path.join(REPO_ROOT, '.cache', 'embeddings');
/** Committed document vectors of the shipped dataset (see data/embeddings/README.md). */
export const DEFAULT_ARTIFACT_DIR = path.join(REPO_ROOT, 'data', 'embeddings');

export interface BuildOptions {
  dataDir?: string;
  outDir?: string;
  cacheDir?: string;
  embedder?: string;
  limit?: number;
  /** Also embed movies with no overview and no genres (title, year, people only). */
  embedTitleOnly?: boolean;
  /** worker_threads for embedding; 1 = in this thread. */
  workers?: number;
  /** What embeds documents (default: defaultDocRuntime(embedder)). */
  runtime?: DocRuntime;
  /** Self-queries for the int8-vs-float32 recall figure (0 = skip). */
  recallSample?: number;
  /** Progress bar and report on stdout (false in tests). */
  verbose?: boolean;
  /** Also write the FAQ/intent collections of build-index/collections.ts when it exists (default true). */
  extraCollections?: boolean;
  /**
   * Root of committed embedding artifacts to take vectors from (texts not in the float cache).
   * Off unless given: the CLI and ensure-index pass DEFAULT_ARTIFACT_DIR.
   */
  artifactDir?: string;
  /** Then (re)write the artifact under this root from this build's texts and vectors. */
  writeArtifactDir?: string;
  /** Called once the vectors' sources are known, before any embedding (first-run message). */
  onPlan?: (plan: { texts: number; cacheHits: number; artifactHits: number; toEmbed: number }) => void;
  /** Called once with the embedding rate measured on the first chunk (first-run message). */
  onRate?: (info: { textsPerSecond: number; remaining: number }) => void;
}

export interface BuildResult {
  manifest: IndexManifest;
  outDir: string;
  cacheHits: number;
  /** Vectors taken from the committed artifact. */
  artifactHits: number;
  embedded: number;
}

const sha256 = (data: Uint8Array | string) => crypto.createHash('sha256').update(data).digest('hex');

/** Descriptive movies first (they have vectors), title-only after; file order kept within each. */
export function orderMovies(movies: Movie[]): Movie[] {
  return [...movies.filter(hasDescriptiveText), ...movies.filter((m) => !hasDescriptiveText(m))];
}

function progressBar(verbose: boolean, label: string) {
  if (!verbose) return null;
  return new cliProgress.SingleBar(
    {
      format: `${label} {bar} {percentage}% | {value}/{total} | {speed} texts/s | ETA {etaText} | elapsed {duration_formatted}`,
      noTTYOutput: !process.stdout.isTTY,
      notTTYSchedule: 15_000,
      etaBuffer: 512,
      fps: 4,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
}

/** Texts embedded between two looks at the shared cache (for vectors other builds just wrote). */
const CHUNK = 256;

export interface VectorOptions {
  /** Embedder as recorded in the manifest (use-lite, hf:…). */
  embedderId: string;
  /** Default: defaultDocRuntime(embedderId). */
  runtime?: DocRuntime;
  cacheDir: string;
  workers: number;
  verbose: boolean;
  label?: string;
  /** Committed vectors for texts the float cache lacks (null/undefined: none). */
  artifact?: EmbeddingArtifact | null;
  onPlan?: BuildOptions['onPlan'];
  onRate?: BuildOptions['onRate'];
}

export interface ResolvedVectors {
  /** The index rows, int8 per vector, in `texts` order. */
  quantized: QuantizedVectors;
  /** Float vectors per row where known (cache or fresh); null for rows from the artifact. */
  floats: Array<Float32Array | null>;
  dims: number;
  cacheHits: number;
  artifactHits: number;
  embedded: number;
  seconds: number;
  textsPerSecond: number | null;
}

/**
 * Vectors for `texts`: from the float cache, else the committed artifact (int8 rows, exactly what
 * the index stores), else embedded (with progress) and appended to the cache batch by batch.
 * Between chunks the cache is re-read, so a concurrent build (say a `--limit 2000` dev build) and
 * this one never embed the same text twice.
 */
export async function resolveVectors(texts: string[], opts: VectorOptions): Promise<ResolvedVectors> {
  const runtime = opts.runtime ?? defaultDocRuntime(opts.embedderId);
  const vectorId = documentVectorId(opts.embedderId, runtime);
  const cache = EmbeddingCache.open(opts.cacheDir, vectorId);
  const started = performance.now();
  const art = opts.artifact ?? null;
  const inArtifact = (t: string) =>
    art && art.meta.dims === (cache.dims ?? art.meta.dims) ? art.get(t) : undefined;
  // Embed each distinct missing text once (titles and overviews repeat across duplicates).
  const isMissing = (t: string) => !cache.get(t) && !inArtifact(t);
  const missing = [...new Set(texts.filter(isMissing))];
  const cacheHits = texts.filter((t) => cache.get(t)).length;
  const artifactHits = texts.filter((t) => !cache.get(t) && inArtifact(t)).length;
  opts.onPlan?.({ texts: texts.length, cacheHits, artifactHits, toEmbed: missing.length });
  let dims = cache.dims ?? art?.meta.dims ?? 0;
  let embedded = 0;
  let textsPerSecond: number | null = null;
  if (missing.length > 0 || dims === 0) {
    if (opts.verbose) {
      console.log(
        `Embedding ${missing.length} texts with ${opts.embedderId} on ${runtime} (${cacheHits} in the cache, ` +
          `${artifactHits} in the artifact, ${opts.workers} worker(s))`,
      );
    }
    // Batches of similar length waste less padding; sorting within blocks keeps most of that gain.
    // Blocks run last-to-first: dev builds take the first movies of the file (`--limit N`), so
    // this build starts where they do not, and picks their vectors up from the cache at the end.
    sortWithinBlocks(missing, 2048, (t) => -t.length);
    const order = reverseBlocks(missing, 2048);
    const pool = await startEmbedPool(opts.embedderId, opts.workers, 64, runtime);
    dims = pool.dims;
    cache.setDims(dims);
    const bar = progressBar(opts.verbose && order.length > 0, opts.label ?? 'embedding');
    const t0 = performance.now();
    let done = 0;
    let lastRefresh = performance.now();
    let rateReported = false;
    bar?.start(order.length, 0, { speed: '-', etaText: '-' });
    try {
      for (let c = 0; c < order.length; c += CHUNK) {
        if (performance.now() - lastRefresh > 10_000) {
          cache.refresh();
          lastRefresh = performance.now();
        }
        const chunk = order.slice(c, c + CHUNK);
        const todo = chunk.filter((t) => !cache.get(t));
        done += chunk.length - todo.length;
        await pool.embed(todo, (indices, vecs) => {
          cache.putMany(
            indices.map((i) => todo[i]),
            vecs,
          );
          embedded += indices.length;
          done += indices.length;
          textsPerSecond = embedded / ((performance.now() - t0) / 1000);
          bar?.update(done, {
            speed: textsPerSecond.toFixed(1),
            etaText: clock((order.length - done) / textsPerSecond),
          });
        });
        bar?.update(done);
        // Once, after the first chunk that embedded anything (a concurrent build may have done the first).
        if (!rateReported && textsPerSecond !== null && done < order.length && opts.onRate) {
          rateReported = true;
          // On a terminal the bar owns the current line: clear it, so the message does not follow a
          // stale copy of the bar (the bar redraws below the message).
          if (bar && process.stdout.isTTY) process.stdout.write('\r\x1b[2K');
          opts.onRate({ textsPerSecond, remaining: order.length - done });
        }
      }
    } finally {
      bar?.stop();
      cache.close();
      await pool.close();
    }
  }
  const quantized: QuantizedVectors = {
    scales: new Float32Array(texts.length),
    codes: new Int8Array(texts.length * dims),
    rows: texts.length,
    dims,
  };
  const floats: Array<Float32Array | null> = texts.map((t, r) => {
    const v = cache.get(t);
    if (v) {
      if (v.length !== dims) throw new Error(`Vector ${r} has ${v.length} dims, expected ${dims}`);
      quantized.scales[r] = quantizeRow(v, quantized.codes, r * dims);
      return v;
    }
    const a = inArtifact(t);
    if (!a) throw new Error(`No vector for text ${r} after embedding`);
    quantized.scales[r] = a.scale;
    quantized.codes.set(a.codes, r * dims);
    return null;
  });
  return {
    quantized,
    floats,
    dims,
    cacheHits,
    artifactHits,
    embedded,
    seconds: (performance.now() - started) / 1000,
    textsPerSecond,
  };
}

/** Float vectors for `texts` (cache, else embedded): resolveVectors without an artifact. */
export async function embedWithCache(
  texts: string[],
  opts: { embedderId: string; cacheDir: string; workers: number; verbose: boolean; label?: string },
): Promise<{ vectors: Float32Array[]; dims: number; cacheHits: number; embedded: number; seconds: number }> {
  const r = await resolveVectors(texts, { ...opts, artifact: null });
  return { ...r, vectors: r.floats as Float32Array[] };
}

/**
 * use-lite documents run on onnxruntime-node when it is installed (~5x tfjs-wasm per core, cosine to
 * tfjs's vectors ≥ 0.99999), else on tfjs-wasm; other embedders on their own runtime.
 */
export function defaultDocRuntime(embedderId: string): DocRuntime {
  return embedderId === 'use-lite' && ortAvailable() ? 'ort' : 'tfjs';
}

/** The runtime package and CPU that computed a build's vectors (recorded in the artifact). */
export function producerOf(runtime: DocRuntime): { runtime: string; cpu: string } {
  const pkg = runtime === 'ort' ? 'onnxruntime-node' : '@tensorflow/tfjs-backend-wasm';
  let version = '?';
  try {
    version = (createRequire(import.meta.url)(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    // a package whose exports hide package.json: the version stays unknown
  }
  return { runtime: `${pkg} ${version}`, cpu: `${os.cpus()[0]?.model ?? '?'} (${process.arch})` };
}

/** sha256 of the embedder's model files (what an artifact's vectors came from). */
export async function modelDigest(embedderId: string): Promise<string> {
  if (embedderId !== 'use-lite') return crypto.createHash('sha256').update(embedderId).digest('hex');
  const { useLiteModelDir } = await import('../src/embed/node.ts');
  const dir = useLiteModelDir();
  const model = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
    weightsManifest: { paths: string[] }[];
  };
  const h = crypto.createHash('sha256');
  for (const f of ['model.json', 'vocab.json', ...model.weightsManifest.flatMap((g) => g.paths)])
    h.update(fs.readFileSync(path.join(dir, f)));
  return h.digest('hex');
}

/**
 * The artifact of `embedderId` under `root` when its model digest matches the installed model;
 * null (with a note) otherwise.
 */
export async function openArtifact(
  root: string,
  embedderId: string,
  log: (...a: unknown[]) => void = () => {},
  runtime: DocRuntime = defaultDocRuntime(embedderId),
): Promise<EmbeddingArtifact | null> {
  const art = EmbeddingArtifact.open(root, documentVectorId(embedderId, runtime));
  if (!art) {
    const other = documentVectorId(embedderId, runtime === 'ort' ? 'tfjs' : 'ort');
    if (other !== documentVectorId(embedderId, runtime) && fs.existsSync(artifactDir(root, other))) {
      log(
        `Embedding artifact: only ${other} vectors in ${root}, and this build computes ${runtime} ones: not used`,
      );
    }
    return null;
  }
  const digest = await modelDigest(embedderId);
  if (art.meta.model.sha256 !== digest) {
    log(
      `Embedding artifact ${art.dir} is for other model files (sha256 ${art.meta.model.sha256.slice(0, 12)}…): not used`,
    );
    return null;
  }
  return art;
}

/** 754 → "12:34", 4000 → "1:06:40" (the progress bar's ETA, from the rate this build measures). */
function withoutSeconds<T extends { seconds: number }>(r: T): Omit<T, 'seconds'> {
  const { seconds: _seconds, ...rest } = r;
  return rest;
}

export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const mmss = `${Math.floor((s % 3600) / 60)}:${String(s % 60).padStart(2, '0')}`;
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mmss.padStart(5, '0')}` : mmss;
}

export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  const min = Math.round(seconds / 60);
  return min < 90 ? `${min} min` : `${(seconds / 3600).toFixed(1)} h`;
}

/**
 * onPlan/onRate for a build on a terminal: where the vectors come from, and how long the embedding
 * will take at the rate measured on the first chunk (the progress bar then keeps rate and ETA).
 */
export function timingMessages(
  log: (line: string) => void = console.log,
): Pick<BuildOptions, 'onPlan' | 'onRate'> {
  return {
    onPlan: ({ texts, cacheHits, artifactHits, toEmbed }) => {
      if (toEmbed === 0) {
        log(`All ${texts} document vectors are in the embedding cache or artifact: nothing to embed.`);
      } else {
        log(
          `${cacheHits} of ${texts} document vectors in the cache, ${artifactHits} in the artifact; ${toEmbed} ` +
            `texts to embed (timing the first chunk to say how long that takes)…`,
        );
      }
    },
    onRate: ({ textsPerSecond, remaining }) => {
      log(
        `Measured ${textsPerSecond.toFixed(1)} texts/s on this machine: about ` +
          `${formatDuration(remaining / textsPerSecond)} more for the other ${remaining} texts.`,
      );
    },
  };
}

/** The blocks of `size` items in reverse order (items inside a block keep their order). */
export function reverseBlocks<T>(items: T[], size: number): T[] {
  const out: T[] = [];
  for (let s = Math.floor((items.length - 1) / size) * size; s >= 0; s -= size)
    out.push(...items.slice(s, s + size));
  return out;
}

/** Sort each consecutive block of `size` items by `key`, in place. */
export function sortWithinBlocks<T>(items: T[], size: number, key: (t: T) => number): void {
  for (let s = 0; s < items.length; s += size) {
    const block = items.slice(s, s + size).sort((a, b) => key(a) - key(b));
    items.splice(s, block.length, ...block);
  }
}

interface ExtraCollectionsModule {
  buildExtraCollections?: (
    embedder: { id: string; dims: number; embed(texts: string[]): Promise<Float32Array[]> },
    outDir: string,
  ) => Promise<{ files: Record<string, string> }>;
}

/** Write `data` as `<stem>.<hash16>.<ext>`; returns its name, hash and size. */
function writeHashed(outDir: string, stem: string, ext: string, data: Uint8Array) {
  const hash = sha256(data);
  const name = `${stem}.${hash.slice(0, 16)}.${ext}`;
  fs.writeFileSync(path.join(outDir, name), data);
  return { name, hash, size: data.byteLength };
}

export async function buildIndex(options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const outDir = path.resolve(options.outDir ?? DEFAULT_OUT_DIR);
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const embedderId = options.embedder ?? 'use-lite';
  const verbose = options.verbose ?? true;
  const log = (...a: unknown[]) => verbose && console.log(...a);

  const { movies: fileOrder, report } = await readDataset(dataDir, { limit: options.limit });
  log(`Dataset ${dataDir} (${Object.values(report.files).join(', ')})\n${formatReport(report)}`);
  const movies = orderMovies(fileOrder);
  const descriptive = movies.filter(hasDescriptiveText).length;
  const embeddedCount = options.embedTitleOnly ? movies.length : descriptive;
  const texts = movies.slice(0, embeddedCount).map(embeddingText);

  const runtime = options.runtime ?? defaultDocRuntime(embedderId);
  const vectorId = documentVectorId(embedderId, runtime);
  const artifact = options.artifactDir
    ? await openArtifact(options.artifactDir, embedderId, log, runtime)
    : null;
  if (artifact)
    log(`Embedding artifact: ${path.relative(process.cwd(), artifact.dir)} (${artifact.size} vectors)`);
  const emb = await resolveVectors(texts, {
    embedderId,
    runtime,
    cacheDir,
    workers: options.workers ?? 2,
    verbose,
    artifact,
    onPlan: options.onPlan,
    onRate: options.onRate,
  });
  const quantized = emb.quantized;
  const sample = Math.min(options.recallSample ?? 200, embeddedCount);
  // The recall figure needs float vectors. Rows from the artifact have none: then the figure the
  // artifact recorded for exactly this text list is reported, or none.
  const digest = textsDigest(texts);
  let recall: number | undefined;
  let recallSample = sample;
  if (sample > 0 && emb.floats.every((v) => v !== null)) {
    recall = int8RecallAt10(emb.floats as Float32Array[], quantized, sample);
  } else if (sample > 0 && artifact?.meta.dataset.textsSha256 === digest) {
    recall = artifact.meta.dataset.recallAt10VsFloat32;
    recallSample = artifact.meta.dataset.sampleQueries ?? sample;
  }

  fs.mkdirSync(outDir, { recursive: true });
  const moviesFile = writeHashed(outDir, 'movies', 'json', Buffer.from(JSON.stringify(encodeMovies(movies))));
  const vectorsFile = writeHashed(outDir, 'vectors', 'bin', encodeVectors(quantized));
  const files: IndexManifest['files'] = { movies: moviesFile.name, vectors: vectorsFile.name };

  // FAQ / intent collections (conversation area), when that module exists.
  const collectionsPath = path.join(REPO_ROOT, 'build-index', 'collections.ts');
  if ((options.extraCollections ?? true) && fs.existsSync(collectionsPath)) {
    const mod = (await import(pathToFileURL(collectionsPath).href)) as ExtraCollectionsModule;
    if (mod.buildExtraCollections) {
      const { createNodeEmbedder } = await import('../src/embed/node.ts');
      const extra = await mod.buildExtraCollections(await createNodeEmbedder(embedderId), outDir);
      Object.assign(files, extra.files);
    }
  }

  // "People who liked X also liked": co-likes from the dataset's ratings, when it has any.
  const coLikes = await buildCoLikesAsset(dataDir, outDir, new Set(movies.map((m) => m.id)), { verbose });
  if (coLikes.file) files.coLikes = coLikes.file.name;
  if (coLikes.report) log(formatCoLikeReport(coLikes.report));

  const hashes: Record<string, string> = {};
  const sizes: Record<string, number> = {};
  for (const name of Object.values(files)) {
    const data = fs.readFileSync(path.join(outDir, name));
    hashes[name] = sha256(data);
    sizes[name] = data.byteLength;
  }

  const manifest: IndexManifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    builtAt: new Date().toISOString(),
    embedder: { id: embedderId, dims: emb.dims },
    count: movies.length,
    embeddedCount,
    quantization: {
      kind: 'int8-per-vector',
      ...(recall !== undefined
        ? { recallAt10VsFloat32: Number(recall.toFixed(4)), sampleQueries: recallSample }
        : {}),
    },
    files,
    hashes,
    sizes,
    // Time goes to `build` (informative); the report holds only what the data determines.
    report: coLikes.report ? { ...report, coLikes: withoutSeconds(coLikes.report) } : report,
    build: {
      ...(coLikes.report ? { coLikesSeconds: coLikes.report.seconds } : {}),
      seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
      embedSeconds: Number(emb.seconds.toFixed(1)),
      embeddedTexts: emb.embedded,
      cacheHits: emb.cacheHits,
      artifactHits: emb.artifactHits,
      vectorId,
      runtime,
      workers: options.workers ?? 2,
      embedTitleOnly: options.embedTitleOnly ?? false,
      descriptiveMovies: descriptive,
      ...(options.limit ? { limit: options.limit } : {}),
    },
  };
  // Manifest last, via rename: a reader never sees a manifest naming files not yet written.
  const tmp = path.join(outDir, `${MANIFEST_FILE}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(manifest, null, 2));
  fs.renameSync(tmp, path.join(outDir, MANIFEST_FILE));

  // Old hashed files are no longer referenced: remove them so the folder holds one index.
  const keep = new Set([MANIFEST_FILE, ...Object.values(files)]);
  for (const f of fs.readdirSync(outDir)) {
    if (!keep.has(f) && /^[a-z-]+\.[0-9a-f]{16}\.(json|bin)$/.test(f)) fs.rmSync(path.join(outDir, f));
  }

  if (verbose) {
    const gz = (name: string) => zlib.gzipSync(fs.readFileSync(path.join(outDir, name))).byteLength;
    const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
    for (const name of Object.values(files)) log(`  ${name}: ${mb(sizes[name])} (gzip ${mb(gz(name))})`);
    log(
      `Index: ${movies.length} movies, ${embeddedCount} vectors × ${emb.dims} (${embedderId}); ` +
        `embedded ${emb.embedded}, cache hits ${emb.cacheHits}, artifact hits ${emb.artifactHits}; ` +
        (recall !== undefined
          ? `int8 recall@10 vs float32 ${recall.toFixed(4)} (${recallSample} self-queries); `
          : '') +
        `${manifest.build!.seconds} s → ${outDir}`,
    );
  }
  if (options.writeArtifactDir) {
    const meta = writeArtifact(options.writeArtifactDir, {
      embedder: embedderId,
      vectorId,
      modelSha256: await modelDigest(embedderId),
      producer: producerOf(runtime),
      texts,
      vectors: quantized,
      recall:
        recall !== undefined
          ? { recallAt10VsFloat32: Number(recall.toFixed(4)), sampleQueries: recallSample }
          : undefined,
    });
    const bytes = meta.shards.reduce((n, sh) => n + sh.records, 0) * (KEY_BYTES + 4 + meta.dims);
    log(
      `Embedding artifact written: ${meta.count} vectors in ${meta.shards.length} shards, ` +
        `${(bytes / 1e6).toFixed(2)} MB → ${artifactDir(options.writeArtifactDir, meta.vectorId)}`,
    );
  }
  return {
    manifest,
    outDir,
    cacheHits: emb.cacheHits,
    artifactHits: emb.artifactHits,
    embedded: emb.embedded,
  };
}
