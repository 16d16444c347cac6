/**
 * `npm run build-index [-- --limit N --embedder ID --out DIR --embed-title-only --workers N
 *  --data DIR --cache DIR --artifact DIR --no-artifact --write-artifact]`. The only place here that
 *  reads argv or exits the process.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DatasetError } from '../src/data/read-dataset.ts';
import {
  buildIndex,
  DEFAULT_ARTIFACT_DIR,
  DEFAULT_DATA_DIR,
  DEFAULT_OUT_DIR,
  timingMessages,
} from './build.ts';

const USAGE = `Usage: npm run build-index -- [options]
  --embedder ID        use-lite (default) or hf:<model-id> (e.g. hf:Xenova/all-MiniLM-L6-v2)
  --out DIR            output folder (default public/index)
  --data DIR           dataset folder (default data/movies; plain .csv preferred over .csv.gz)
  --limit N            only the first N movies (quick dev builds)
  --embed-title-only   also embed movies that have no overview and no genres
  --workers N          embedding threads (default 2; 1 = no worker)
  --runtime ort|tfjs   what embeds use-lite documents: onnxruntime-node (default when installed,
                       ~5x faster) or tfjs-wasm (as the browser); each has its own cache and artifact
  --cache DIR          embedding cache root (default .cache/embeddings)
  --artifact DIR       committed embedding artifacts root (default data/embeddings): vectors of
                       texts not in the cache are taken from there instead of embedded
  --no-artifact        ignore the artifact (embed everything the cache lacks)
  --write-artifact     then (re)write the artifact under --artifact DIR from this build's
                       texts and vectors (see data/embeddings/README.md)
  --qdrant-url URL [--qdrant-api-key KEY] [--collection NAME]
                       instead: upload the built index (--out DIR, default public/index) to a Qdrant
                       server (key also from QDRANT_API_KEY; see src/qdrant/README.md)
  --help`;

class CliError extends Error {}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  // Upload mode (issue 6): the already built index goes to a Qdrant server; its own options and usage.
  if (argv.some((a) => a === '--qdrant-url' || a.startsWith('--qdrant-url='))) {
    process.exitCode = await (await import('./qdrant-upload.ts')).runQdrantUpload(argv);
    return;
  }
  const { values } = parseArgs({
    args: argv,
    options: {
      embedder: { type: 'string' },
      out: { type: 'string' },
      data: { type: 'string' },
      cache: { type: 'string' },
      limit: { type: 'string' },
      workers: { type: 'string' },
      runtime: { type: 'string' },
      'embed-title-only': { type: 'boolean' },
      artifact: { type: 'string' },
      'no-artifact': { type: 'boolean' },
      'write-artifact': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const embedder = values.embedder ?? 'use-lite';
  if (embedder !== 'use-lite' && !/^hf:[\w.-]+\/[\w.-]+$/.test(embedder)) {
    throw new CliError(`--embedder must be "use-lite" or "hf:<owner>/<model>", got "${embedder}"`);
  }
  const common = {
    embedder,
    dataDir: path.resolve(values.data ?? DEFAULT_DATA_DIR),
    limit: positiveInt('limit', values.limit),
    workers: positiveInt('workers', values.workers) ?? 2,
    cacheDir: values.cache ? path.resolve(values.cache) : undefined,
  };
  if (values.runtime !== undefined && values.runtime !== 'ort' && values.runtime !== 'tfjs') {
    throw new CliError(`--runtime must be "ort" or "tfjs", got "${values.runtime}"`);
  }
  const artifactRoot = path.resolve(values.artifact ?? DEFAULT_ARTIFACT_DIR);
  await buildIndex({
    ...common,
    outDir: path.resolve(values.out ?? DEFAULT_OUT_DIR),
    embedTitleOnly: values['embed-title-only'] ?? false,
    runtime: values.runtime as 'ort' | 'tfjs' | undefined,
    artifactDir: values['no-artifact'] ? undefined : artifactRoot,
    writeArtifactDir: values['write-artifact'] ? artifactRoot : undefined,
    ...timingMessages(),
  });
}

try {
  await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof CliError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (e instanceof DatasetError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
