/**
 * Upload a built index (public/index or any --out DIR) to a Qdrant server:
 * `npm run qdrant-upload -- --qdrant-url URL [--qdrant-api-key KEY] [--collection movies] [--index DIR]`
 * (also reachable as `npm run build-index -- --qdrant-url URL ...` once build-index/cli.ts delegates to
 * `runQdrantUpload`).
 *
 * - Same vectors as the local index (int8 codes × scale, i.e. exactly what the local scan scores with),
 *   Cosine distance, point id = TMDB id, payload = the filterable metadata (src/qdrant/filters.ts names).
 * - Idempotent: collection created if missing (and checked for size/distance if present), payload indexes
 *   created (a no-op when they exist), points upserted; points left from another build are deleted, then
 *   the exact count is verified. Re-running gives the same collection.
 * - Batches with progress; transient failures (timeout, network, 429, 5xx) retried with exponential back-off.
 * - The FAQ collection (`<collection>-faq`) likewise when the manifest lists `files.faq`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { QdrantClient, Schemas } from '@qdrant/js-client-rest';
import { dequantizeRow } from '../src/core/quantize.ts';
import { decodeCollection } from '../src/core/faq/collection-format.ts';
import type { LoadProgress, Movie } from '../src/core/types.ts';
import { callQdrant, createQdrantClient } from '../src/qdrant/client.ts';
import { QdrantUnavailableError, toQdrantError } from '../src/qdrant/errors.ts';
import { MOVIE_FIELDS, MOVIE_PAYLOAD_INDEXES, normalizeName } from '../src/qdrant/filters.ts';
import { loadIndexFromDir, type LoadedIndex } from './load-index.ts';

/** Payload key marking which build a point came from (used to delete points of older builds). */
export const BUILD_FIELD = 'index_built_at';

/** Payload of one movie point. Filtered fields use the names and normalization of src/qdrant/filters.ts. */
export function moviePayload(movie: Movie, builtAt: string): Record<string, unknown> {
  const people = [...new Set([...movie.directors, ...movie.cast].map(normalizeName).filter(Boolean))];
  return {
    [MOVIE_FIELDS.title]: movie.title,
    [MOVIE_FIELDS.year]: movie.year,
    [MOVIE_FIELDS.genres]: movie.genres,
    [MOVIE_FIELDS.runtime]: movie.runtime,
    [MOVIE_FIELDS.language]: movie.language?.toLowerCase() ?? null,
    [MOVIE_FIELDS.countries]: movie.countries.map((c) => c.toUpperCase()),
    [MOVIE_FIELDS.people]: people,
    directors: movie.directors,
    cast: movie.cast,
    [MOVIE_FIELDS.rating]: movie.rating,
    [MOVIE_FIELDS.votes]: movie.votes,
    [MOVIE_FIELDS.popularity]: movie.popularity,
    [MOVIE_FIELDS.collectionId]: movie.collection?.id ?? null,
    [BUILD_FIELD]: builtAt,
  };
}

/** Rows to upload: rows with vectors, first occurrence of each TMDB id (a duplicate id would collide). */
export function uploadRows(index: Pick<LoadedIndex, 'movies' | 'vectors'>): {
  rows: number[];
  duplicates: number[];
} {
  const seen = new Set<number>();
  const rows: number[] = [];
  const duplicates: number[] = [];
  for (let row = 0; row < index.vectors.rows; row++) {
    const id = index.movies[row].id;
    if (seen.has(id)) duplicates.push(row);
    else {
      seen.add(id);
      rows.push(row);
    }
  }
  return { rows, duplicates };
}

export interface RetryOptions {
  retries?: number;
  baseMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (attempt: number, error: QdrantUnavailableError, delayMs: number) => void;
}

function transient(e: QdrantUnavailableError): boolean {
  if (e.reason === 'timeout' || e.reason === 'unreachable' || e.reason === 'rate-limited') return true;
  return e.reason === 'http' && (e.status === null || e.status >= 500);
}

/** Run `fn`, retrying transient failures with exponential back-off (baseMs, 2×, 4× ...). */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const {
    retries = 5,
    baseMs = 500,
    sleep = (ms) => new Promise((r) => setTimeout(r, ms)),
    onRetry,
  } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const e = toQdrantError(error);
      if (attempt >= retries || !transient(e)) throw e;
      const delay = baseMs * 2 ** attempt;
      onRetry?.(attempt + 1, e, delay);
      await sleep(delay);
    }
  }
}

/** Create the collection if missing; if present, insist on the same vector size and distance. */
export async function ensureCollection(
  client: QdrantClient,
  name: string,
  dims: number,
  retry: RetryOptions,
): Promise<'created' | 'exists'> {
  const { exists } = await withRetry(() => callQdrant(() => client.collectionExists(name)), retry);
  if (!exists) {
    await withRetry(
      () => callQdrant(() => client.createCollection(name, { vectors: { size: dims, distance: 'Cosine' } })),
      retry,
    );
    return 'created';
  }
  const info = await withRetry(() => callQdrant(() => client.getCollection(name)), retry);
  const vectors = info.config.params.vectors;
  const params = vectors && 'size' in vectors && typeof vectors.size === 'number' ? vectors : null;
  if (!params || params.size !== dims || params.distance !== 'Cosine') {
    const found = params ? `${params.size}-d ${params.distance}` : 'named or no vectors';
    throw new QdrantUnavailableError(
      'mismatch',
      `collection "${name}" exists with ${found}; this index needs ${dims}-d Cosine. ` +
        'Delete the collection or choose another name with --collection.',
    );
  }
  return 'exists';
}

export interface UploadOptions {
  url: string;
  apiKey?: string;
  collection?: string;
  /** Built index directory (default public/index). */
  indexDir?: string;
  /** Already loaded index (tests, or a caller that has it in memory); wins over indexDir. */
  index?: LoadedIndex;
  /** A ready client (tests); otherwise one is made from url/apiKey. */
  client?: QdrantClient;
  batchSize?: number;
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Delete points that are not from this build (default true). */
  prune?: boolean;
  onProgress?: (p: LoadProgress) => void;
  log?: (line: string) => void;
}

export interface UploadSummary {
  collection: string;
  created: boolean;
  uploaded: number;
  skippedDuplicates: number;
  finalCount: number;
  faq: { collection: string; uploaded: number } | null;
  seconds: number;
}

async function upsertBatches(
  client: QdrantClient,
  collection: string,
  total: number,
  pointAt: (i: number) => Schemas['PointStruct'],
  batchSize: number,
  retry: RetryOptions,
  onProgress: (p: LoadProgress) => void,
  phase: string,
): Promise<void> {
  onProgress({ phase, loaded: 0, total });
  for (let start = 0; start < total; start += batchSize) {
    const points: Schemas['PointStruct'][] = [];
    for (let i = start; i < Math.min(total, start + batchSize); i++) points.push(pointAt(i));
    await withRetry(() => callQdrant(() => client.upsert(collection, { wait: true, points })), retry);
    onProgress({ phase, loaded: Math.min(total, start + batchSize), total });
  }
}

async function verifyCount(
  client: QdrantClient,
  collection: string,
  expected: number,
  retry: RetryOptions,
): Promise<number> {
  const { count } = await withRetry(() => callQdrant(() => client.count(collection, { exact: true })), retry);
  if (count !== expected) {
    throw new Error(
      `Qdrant collection "${collection}" holds ${count} points after the upload; expected ${expected}.`,
    );
  }
  return count;
}

export async function uploadIndexToQdrant(options: UploadOptions): Promise<UploadSummary> {
  const started = performance.now();
  const collection = options.collection ?? 'movies';
  const batchSize = options.batchSize ?? 256;
  const retry: RetryOptions = {
    ...options.retry,
    onRetry:
      options.retry?.onRetry ??
      ((attempt, e, delay) => options.log?.(`retry ${attempt} in ${delay} ms: ${e.message}`)),
  };
  const onProgress = options.onProgress ?? (() => {});
  const log = options.log ?? (() => {});
  const index = options.index ?? (await loadIndexFromDir(options.indexDir ?? 'public/index'));
  const client =
    options.client ??
    createQdrantClient({ url: options.url, apiKey: options.apiKey, timeoutMs: options.timeoutMs ?? 60_000 });
  const { manifest, movies, vectors } = index;
  const builtAt = manifest.builtAt;

  const state = await ensureCollection(client, collection, vectors.dims, retry);
  log(`collection "${collection}": ${state}`);
  for (const { field, schema } of MOVIE_PAYLOAD_INDEXES) {
    await withRetry(
      () =>
        callQdrant(() =>
          client.createPayloadIndex(collection, { wait: true, field_name: field, field_schema: schema }),
        ),
      retry,
    );
  }
  const { rows, duplicates } = uploadRows(index);
  if (duplicates.length > 0) log(`${duplicates.length} rows repeat an earlier TMDB id and are skipped`);
  await upsertBatches(
    client,
    collection,
    rows.length,
    (i) => {
      const row = rows[i];
      return {
        id: movies[row].id,
        vector: Array.from(dequantizeRow(vectors, row)),
        payload: moviePayload(movies[row], builtAt),
      };
    },
    batchSize,
    retry,
    onProgress,
    'upload movies',
  );
  if (options.prune ?? true) {
    // Points from another build (e.g. a bigger earlier index) would make results and counts disagree.
    await withRetry(
      () =>
        callQdrant(() =>
          client.delete(collection, {
            wait: true,
            filter: { must_not: [{ key: BUILD_FIELD, match: { value: builtAt } }] },
          }),
        ),
      retry,
    );
  }
  const finalCount = await verifyCount(client, collection, rows.length, retry);

  let faq: UploadSummary['faq'] = null;
  if (manifest.files.faq && options.indexDir !== undefined) {
    faq = await uploadFaq(
      client,
      `${collection}-faq`,
      path.join(options.indexDir, manifest.files.faq),
      builtAt,
      {
        batchSize,
        retry,
        onProgress,
      },
    );
    log(`FAQ collection "${faq.collection}": ${faq.uploaded} entries`);
  }
  return {
    collection,
    created: state === 'created',
    uploaded: rows.length,
    skippedDuplicates: duplicates.length,
    finalCount,
    faq,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

/** FAQ entries: point id = entry position, vector = its embedded text, payload = the entry and its text. */
async function uploadFaq(
  client: QdrantClient,
  collection: string,
  file: string,
  builtAt: string,
  {
    batchSize,
    retry,
    onProgress,
  }: { batchSize: number; retry: RetryOptions; onProgress: (p: LoadProgress) => void },
): Promise<{ collection: string; uploaded: number }> {
  const faq = decodeCollection<unknown>(JSON.parse(await fs.readFile(file, 'utf8')), 'faq');
  const dims = faq.vectors[0]?.length ?? 0;
  if (dims === 0) return { collection, uploaded: 0 };
  await ensureCollection(client, collection, dims, retry);
  await upsertBatches(
    client,
    collection,
    faq.items.length,
    (i) => ({
      id: i,
      vector: Array.from(faq.vectors[i]),
      payload: { text: faq.texts[i], item: faq.items[i], [BUILD_FIELD]: builtAt },
    }),
    batchSize,
    retry,
    onProgress,
    'upload faq',
  );
  await withRetry(
    () =>
      callQdrant(() =>
        client.delete(collection, {
          wait: true,
          filter: { must_not: [{ key: BUILD_FIELD, match: { value: builtAt } }] },
        }),
      ),
    retry,
  );
  await verifyCount(client, collection, faq.items.length, retry);
  return { collection, uploaded: faq.items.length };
}

export const QDRANT_UPLOAD_USAGE = `Upload a built index to a Qdrant server:
  --qdrant-url URL       e.g. http://localhost:6333 (required)
  --qdrant-api-key KEY   API key (or set QDRANT_API_KEY; prefer the variable: keys in argv end up in shell history)
  --collection NAME      collection name (default movies; the FAQ goes to NAME-faq)
  --index DIR            built index folder (default public/index; --out is accepted too)
  --batch-size N         points per request (default 256)`;

/**
 * CLI entry for the upload (argv without the node/script prefix). Returns the exit code; never calls
 * process.exit, so build-index/cli.ts can delegate to it. The API key is never printed.
 */
export async function runQdrantUpload(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'qdrant-url': { type: 'string' },
        'qdrant-api-key': { type: 'string' },
        collection: { type: 'string' },
        index: { type: 'string' },
        out: { type: 'string' },
        'batch-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${QDRANT_UPLOAD_USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(QDRANT_UPLOAD_USAGE);
    return 0;
  }
  const url = values['qdrant-url'];
  if (typeof url !== 'string' || url.length === 0) {
    console.error(`--qdrant-url is required\n\n${QDRANT_UPLOAD_USAGE}`);
    return 2;
  }
  const batchSize = values['batch-size'] === undefined ? 256 : Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    console.error(`--batch-size must be a positive integer\n\n${QDRANT_UPLOAD_USAGE}`);
    return 2;
  }
  const apiKey = (values['qdrant-api-key'] as string | undefined) ?? env.QDRANT_API_KEY;
  const indexDir = path.resolve(String(values.index ?? values.out ?? 'public/index'));
  let lastLine = '';
  try {
    const summary = await uploadIndexToQdrant({
      url,
      apiKey,
      collection: values.collection as string | undefined,
      indexDir,
      batchSize,
      log: (line) => console.log(line),
      onProgress: (p) => {
        const line = `${p.phase}: ${p.loaded}/${p.total ?? '?'}`;
        if (line !== lastLine && (p.loaded === p.total || p.loaded % (batchSize * 20) === 0))
          console.log(line);
        lastLine = line;
      },
    });
    console.log(
      `Uploaded ${summary.uploaded} movies to "${summary.collection}" (${summary.finalCount} points verified)` +
        `${summary.faq ? `, ${summary.faq.uploaded} FAQ entries to "${summary.faq.collection}"` : ''} in ${summary.seconds} s.`,
    );
    return 0;
  } catch (e) {
    console.error(`Qdrant upload failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
