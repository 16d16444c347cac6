/**
 * Node-vs-browser embedder agreement (issue #2): embeds the same 20 movie-ish texts with the Node
 * embedder and with workers/embedder.worker.ts in headless Chromium, and prints min/mean cosine
 * (goal ≥ 0.999), browser load time and single-query latency.
 *
 * use-lite with onnxruntime-node installed (issue 14): also the build's document vectors against the
 * browser. Those 20 texts plus 20 document texts of the shipped dataset are embedded by
 * build-index/ort-use-lite.ts exactly as the index build embeds documents (padded to 128 tokens,
 * batches of 32), and by the browser worker one text per call (the query path); and the committed
 * artifact's int8 rows of the 20 documents (data/embeddings/, what the shipped index holds) against
 * the same browser vectors. Goal ≥ 0.9999 for the ORT vectors; exits 1 below.
 *
 * The page is a production vite build of scripts/embed-harness/ (minified, like the shipped worker),
 * served by vite preview with COOP/COEP headers (so the threaded-WASM guard is exercised and
 * timers have µs resolution). Model files come from public/ (npm run assets) at /models, /tfjs.
 *
 * CLI: `npm run check:embed [-- --spec use-lite|hf:<id>] [--queries N] [--dev]`; exits 1 below
 * 0.999. `--dev` serves the harness with the vite dev server instead of a production build.
 * `npm run check:embed -- --throughput N [--spec …]` only times Node on N dataset overviews.
 * `hf:stanfordnlp/glove-100d-sif-100k` runs offline from ../shared/models with self-hosted ORT.
 */
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import zlib from 'node:zlib';
import Papa from 'papaparse';
import { fileURLToPath } from 'node:url';
import { build, createServer, preview, type Plugin } from 'vite';
import { chromium, type Browser } from 'playwright-core';
import { DEFAULT_ARTIFACT_DIR, DEFAULT_DATA_DIR, orderMovies } from '../build-index/build.ts';
import { copyModelAssets, packageDir } from '../build-index/copy-model-assets.ts';
import { EmbeddingArtifact } from '../build-index/embedding-artifact.ts';
import { documentVectorId } from '../build-index/embedding-cache.ts';
import { createOrtUseLiteEmbedder, ortAvailable } from '../build-index/ort-use-lite.ts';
import { embeddingText, hasDescriptiveText } from '../src/core/document-text.ts';
import { readDataset } from '../src/data/read-dataset.ts';
import { createNodeEmbedder } from '../src/embed/node.ts';
import { dot } from '../src/core/rank/vec.ts';
import type { HarnessRequest, HarnessResult } from './embed-harness/main.ts';
import { HEADLESS_CHROMIUM_ARGS } from './lib/chromium.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM_PATH = '/usr/bin/chromium';
/** Offline transformers.js models for tests and scripts (never read by the app itself). */
export const SHARED_MODELS_DIR = path.resolve(repoRoot, '../shared/models');
const CHROMIUM_ARGS = [...HEADLESS_CHROMIUM_ARGS];

/** Movie-ish texts of the kinds the app embeds: overviews, document texts and user queries. */
export const AGREEMENT_TEXTS = [
  'a wizard boy attends a school of magic',
  'young sorcerer at a magic academy',
  'a detective solves a murder in Paris',
  'Toy Story (1995). Animation, Comedy, Family. Led by Woody, Andy’s toys live happily in his room.',
  'A heist movie with a twist ending, something like Ocean’s Eleven but darker',
  'feel-good romantic comedy set in New York at Christmas',
  'Space marines fight an alien hive on a distant planet.',
  'A lonely robot left to clean up an abandoned Earth falls in love.',
  'slow-burn psychological horror about grief, no jump scares please',
  'Jumanji: When siblings Judy and Peter discover an enchanted board game, they unleash a jungle.',
  'courtroom drama about a lawyer defending an innocent man in the segregated South',
  'Something short and funny for a family movie night with kids under 10',
  'Directed by Akira Kurosawa. A samurai protects a village from bandits.',
  'films like Blade Runner: rain, neon, androids and questions about being human',
  'A true story of a mathematician who broke the Enigma code during the Second World War.',
  'animated musical about a princess with ice powers',
  'gritty 1970s crime thriller with car chases',
  'Documentary about climate change and melting glaciers.',
  'Un film français sur l’amitié entre un aristocrate tétraplégique et son aide-soignant.',
  'What should I watch tonight? Maybe a highly rated war movie from the 60s.',
] as const;

const QUERIES = [
  'space opera',
  'a heist with a twist',
  'movies like Amélie',
  'highly rated 90s thrillers',
  'scary but not gory',
  'sad dog movie',
  'time travel romance',
  'wes anderson vibes',
];

export interface AgreementOptions {
  spec?: string;
  /** Single-query latency samples in the browser (default 40). */
  queries?: number;
  /** 'build' (default): production build + vite preview; 'dev': the vite dev server. */
  mode?: 'build' | 'dev';
  /** Also check that an HTML fallback for a missing model file fails with a clear message. */
  checkSpaFallback?: boolean;
  /**
   * use-lite: also compare the build's onnxruntime document vectors (and the committed artifact's
   * rows) with the browser's query path. Default: when onnxruntime-node is installed.
   */
  ortDocuments?: boolean;
  log?: (line: string) => void;
}

export interface AgreementReport {
  spec: string;
  dims: number;
  minCosine: number;
  meanCosine: number;
  nodeLoadMs: number;
  nodeEmbedMs: number;
  browserLoadMs: number;
  queryP50Ms: number;
  queryP90Ms: number;
  crossOriginIsolated: boolean;
  /** Server hits per model file during the browser load (two racing load() calls; 1 expected). */
  requestsPerFile: Record<string, number>;
  /** tfjs WASM binaries the worker fetched (the SIMD one, single-threaded, is expected). */
  wasmFetched: string[];
  progress: Pick<HarnessResult, 'progressEvents' | 'lastTotal' | 'filesReported' | 'phases'>;
  /** JS chunks of the harness build (worker + page), largest first. */
  bundle: Array<{ file: string; bytes: number; gzip: number }>;
  /** The browser's error for a model folder answered by an HTML fallback page. */
  spaFallbackError?: string;
  /** The build's document vectors (onnxruntime-node) vs the browser's query path, one text per call. */
  ort?: OrtAgreement;
  buildMs: number;
}

export interface OrtAgreement {
  /** Texts compared: the 20 agreement texts + `documents` document texts of the shipped dataset. */
  texts: number;
  documents: number;
  minCosine: number;
  meanCosine: number;
  /** Committed artifact rows (int8 × scale) of the documents vs the browser, when the artifact holds them. */
  artifactRows: number;
  artifactMinCosine?: number;
  artifactMeanCosine?: number;
}

/** Document texts of the shipped index compared in the ORT check (evenly spaced, first 2000 movies). */
export const ORT_DOCUMENTS = 20;

/** `n` document texts of the shipped dataset, evenly spaced over the descriptive first 2000 movies. */
export async function sampleDocumentTexts(n = ORT_DOCUMENTS): Promise<string[]> {
  const { movies } = await readDataset(DEFAULT_DATA_DIR, { limit: 2000 });
  const texts = orderMovies(movies).filter(hasDescriptiveText).map(embeddingText);
  return Array.from({ length: n }, (_, i) => texts[Math.floor((i * texts.length) / n)]);
}

const cosineOf = (a: ArrayLike<number>, b: Float32Array) => {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let j = 0; j < b.length; j++) {
    ab += a[j] * b[j];
    aa += a[j] * a[j];
    bb += b[j] * b[j];
  }
  return ab / Math.sqrt(aa * bb);
};
const minMean = (xs: number[]) => ({
  min: Math.min(...xs),
  mean: xs.reduce((a, b) => a + b, 0) / xs.length,
});

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const MIME: Record<string, string> = {
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.mjs': 'text/javascript',
  '.onnx': 'application/octet-stream',
};

/**
 * Serves model folders the way a static host would, counting hits; `/spa/*` plays an SPA host
 * that answers every unknown path with index.html.
 */
function modelFilesPlugin(hits: Map<string, number>): Plugin {
  const mounts: Array<[prefix: string, dir: string]> = [
    ['/models/', path.join(repoRoot, 'public/models')],
    ['/tfjs/', path.join(repoRoot, 'public/tfjs')],
    ['/shared-models/', SHARED_MODELS_DIR],
    ['/ort/', path.join(packageDir('onnxruntime-web'), 'dist')],
  ];
  const serve = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => {
    const url = decodeURIComponent((req.url ?? '').split('?')[0]);
    if (url.startsWith('/spa/')) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>CineChat</title>');
      return;
    }
    const mount = mounts.find(([p]) => url.startsWith(p));
    if (!mount) return next();
    const file = path.join(mount[1], url.slice(mount[0].length));
    if (!file.startsWith(mount[1]) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const size = fs.statSync(file).size;
    const headers = {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'cross-origin-resource-policy': 'same-origin',
      'accept-ranges': 'bytes',
    };
    // transformers.js sizes files with `Range: bytes=0-0` first; static hosts honour ranges.
    const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
    if (range) {
      const start = Number(range[1]);
      const end = Math.min(range[2] ? Number(range[2]) : size - 1, size - 1);
      hits.set(`range ${url}`, (hits.get(`range ${url}`) ?? 0) + 1);
      res.writeHead(206, {
        ...headers,
        'content-range': `bytes ${start}-${end}/${size}`,
        'content-length': end - start + 1,
      });
      fs.createReadStream(file, { start, end }).pipe(res);
      return;
    }
    hits.set(url, (hits.get(url) ?? 0) + 1);
    res.writeHead(200, { ...headers, 'content-length': size });
    fs.createReadStream(file).pipe(res);
  };
  return {
    name: 'cinechat-embed-harness-files',
    configureServer: (server) => void server.middlewares.use(serve),
    configurePreviewServer: (server) => void server.middlewares.use(serve),
  };
}

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

function originOf(httpServer: http.Server | null | undefined): string {
  const address = httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('vite did not report a port');
  return `http://127.0.0.1:${address.port}`;
}

/** `vite dev` flavour (what `npm run dev` does): no build, modules served one by one. */
async function startDevHarness(log: (s: string) => void) {
  const hits = new Map<string, number>();
  const t0 = performance.now();
  const server = await createServer({
    configFile: false,
    root: repoRoot,
    publicDir: false,
    logLevel: 'warn',
    plugins: [modelFilesPlugin(hits)],
    worker: { format: 'es' },
    // Discovered late (inside the worker's dynamic import), these would trigger a re-optimize and
    // a page reload mid-run; list them up front.
    optimizeDeps: {
      entries: ['scripts/embed-harness/index.html'],
      include: [
        'comlink',
        '@tensorflow/tfjs-core',
        '@tensorflow/tfjs-converter',
        '@tensorflow/tfjs-backend-wasm',
        '@tensorflow-models/universal-sentence-encoder/dist/tokenizer/index.js',
        '@huggingface/transformers',
      ],
    },
    server: { port: 0, host: '127.0.0.1', headers: ISOLATION_HEADERS, hmr: false },
  });
  await server.listen();
  const buildMs = performance.now() - t0;
  log(`dev server up in ${(buildMs / 1000).toFixed(1)} s`);
  return {
    origin: originOf(server.httpServer as http.Server),
    hits,
    buildMs,
    bundle: [],
    close: () => server.close(),
  };
}

async function startHarness(log: (s: string) => void) {
  // A folder per run, so the CLI and the vitest test can run side by side.
  fs.mkdirSync(path.join(repoRoot, '.cache'), { recursive: true });
  const outDir = fs.mkdtempSync(path.join(repoRoot, '.cache/embed-harness-'));
  const t0 = performance.now();
  await build({
    configFile: false,
    root: repoRoot,
    base: '/',
    publicDir: false,
    logLevel: 'warn',
    worker: { format: 'es' },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      reportCompressedSize: false,
      chunkSizeWarningLimit: 100_000,
      rolldownOptions: {
        input: path.join(repoRoot, 'scripts/embed-harness/index.html'),
        // The timing report is noise in a check's output.
        checks: { bundlerTimings: false },
      },
    },
  });
  const buildMs = performance.now() - t0;
  log(`harness built in ${(buildMs / 1000).toFixed(1)} s`);
  const hits = new Map<string, number>();
  const server = await preview({
    configFile: false,
    root: repoRoot,
    logLevel: 'warn',
    plugins: [modelFilesPlugin(hits)],
    build: { outDir },
    preview: {
      port: 0,
      host: '127.0.0.1',
      headers: ISOLATION_HEADERS,
    },
  });
  const origin = originOf(server.httpServer as http.Server);
  // What the page downloads for the default path: the worker chunks minus transformers.js/ORT.
  const bundle = fs
    .readdirSync(path.join(outDir, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => {
      const bytes = fs.readFileSync(path.join(outDir, 'assets', f));
      return { file: f, bytes: bytes.byteLength, gzip: zlib.gzipSync(bytes).byteLength };
    })
    .sort((a, b) => b.bytes - a.bytes);
  const close = async () => {
    await server.close();
    fs.rmSync(outDir, { recursive: true, force: true });
  };
  return { origin, hits, buildMs, bundle, close };
}

async function browserRun(browser: Browser, origin: string, req: HarnessRequest): Promise<HarnessResult> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${origin}/scripts/embed-harness/index.html`);
    // waitForFunction with an async predicate returns at once here (toolchain notes): poll a sync one.
    await page.waitForFunction(() => window.embedHarness?.ready === true, undefined, { timeout: 30_000 });
    const result = await page.evaluate((r) => window.embedHarness.run(r), req);
    if (pageErrors.length) result.error = `${result.error ?? ''} [page errors: ${pageErrors.join('; ')}]`;
    return result;
  } finally {
    await context.close();
  }
}

export async function runEmbedAgreement(opts: AgreementOptions = {}): Promise<AgreementReport> {
  const spec = opts.spec ?? 'use-lite';
  const log = opts.log ?? (() => {});
  const isHf = spec.startsWith('hf:');
  const texts = [...AGREEMENT_TEXTS];
  if (!isHf) copyModelAssets();

  const tNode = performance.now();
  const nodeEmbedder = await createNodeEmbedder(spec, {
    localModelPath: isHf ? SHARED_MODELS_DIR : undefined,
  });
  const nodeLoadMs = performance.now() - tNode;
  const tEmbed = performance.now();
  const nodeVectors = await nodeEmbedder.embed(texts);
  const nodeEmbedMs = performance.now() - tEmbed;
  log(
    `node: ${spec} loaded in ${nodeLoadMs.toFixed(0)} ms, ${texts.length} texts in ${nodeEmbedMs.toFixed(0)} ms`,
  );
  // The build's document path: onnxruntime-node, padded to 128 tokens, batches of 32.
  const withOrt = spec === 'use-lite' && (opts.ortDocuments ?? ortAvailable());
  const documents = withOrt ? await sampleDocumentTexts() : [];
  const ortTexts = [...texts, ...documents];
  const ortVectors = withOrt ? await (await createOrtUseLiteEmbedder()).embed(ortTexts) : [];
  if (withOrt) log(`node: onnxruntime-node document embedder, ${ortTexts.length} texts`);

  const harness = opts.mode === 'dev' ? await startDevHarness(log) : await startHarness(log);
  let browser: Browser | undefined;
  try {
    // launch() gives every run a fresh temporary profile.
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const queryCount = opts.queries ?? 40;
    const queries = Array.from({ length: queryCount }, (_, i) => QUERIES[i % QUERIES.length]);
    const result = await browserRun(browser, harness.origin, {
      spec,
      baseUrl: '/',
      texts,
      queries,
      oneByOne: ortTexts.length ? ortTexts : undefined,
      // transformers.js asks the page's origin for `<localModelPath><model-id>/…`.
      options: isHf ? { hfLocalModelPath: '/shared-models/', selfHostedOrt: true } : undefined,
    });
    if (!result.ok) throw new Error(`browser embedder failed: ${result.error}`);
    const cosines = result.vectors.map((v, i) => dot(Float32Array.from(v), nodeVectors[i]));
    const requestsPerFile = Object.fromEntries([...harness.hits].filter(([u]) => !u.startsWith('/tfjs/')));
    const wasmFetched = [...harness.hits.keys()].filter((u) => u.startsWith('/tfjs/'));
    const report: AgreementReport = {
      spec,
      dims: nodeEmbedder.dims,
      minCosine: Math.min(...cosines),
      meanCosine: cosines.reduce((a, b) => a + b, 0) / cosines.length,
      nodeLoadMs,
      nodeEmbedMs,
      browserLoadMs: result.loadMs,
      queryP50Ms: quantile(result.queryMs, 0.5),
      queryP90Ms: quantile(result.queryMs, 0.9),
      crossOriginIsolated: result.crossOriginIsolated,
      requestsPerFile,
      wasmFetched,
      progress: {
        progressEvents: result.progressEvents,
        lastTotal: result.lastTotal,
        filesReported: result.filesReported,
        phases: result.phases,
      },
      buildMs: harness.buildMs,
      bundle: harness.bundle,
    };
    if (withOrt) {
      const single = result.oneByOneVectors;
      if (single.length !== ortTexts.length) throw new Error('browser returned no one-by-one vectors');
      const c = minMean(ortVectors.map((v, i) => cosineOf(single[i], v)));
      report.ort = {
        texts: ortTexts.length,
        documents: documents.length,
        minCosine: c.min,
        meanCosine: c.mean,
        artifactRows: 0,
      };
      // What the shipped index holds for those documents (int8 rows of the committed artifact).
      const art = EmbeddingArtifact.open(DEFAULT_ARTIFACT_DIR, documentVectorId('use-lite', 'ort'));
      const rows = documents.flatMap((t, i) => {
        const row = art?.get(t);
        return row ? [{ i: texts.length + i, v: Float32Array.from(row.codes, (x) => x * row.scale) }] : [];
      });
      if (rows.length > 0) {
        const a = minMean(rows.map(({ i, v }) => cosineOf(single[i], v)));
        Object.assign(report.ort, {
          artifactRows: rows.length,
          artifactMinCosine: a.min,
          artifactMeanCosine: a.mean,
        });
      }
    }
    if (opts.checkSpaFallback) {
      const bad = await browserRun(browser, harness.origin, {
        spec,
        baseUrl: '/spa/',
        texts: ['x'],
        queries: [],
        options: isHf ? { hfLocalModelPath: '/spa/shared-models/', selfHostedOrt: true } : undefined,
      });
      report.spaFallbackError = bad.ok ? undefined : bad.error;
      if (bad.ok) throw new Error('loading models from an HTML fallback unexpectedly succeeded');
    }
    return report;
  } finally {
    await browser?.close();
    await harness.close();
  }
}

/** First `n` non-empty overviews of the dataset: texts of the length the build embeds. */
async function datasetOverviews(n: number): Promise<string[]> {
  const file = path.join(repoRoot, 'data/movies/movies_metadata.csv.gz');
  const out: string[] = [];
  const input = fs.createReadStream(file).pipe(zlib.createGunzip());
  await new Promise<void>((resolve, reject) => {
    Papa.parse<Record<string, string>>(input, {
      header: true,
      step: (row, parser) => {
        const text = (row.data.overview ?? '').trim();
        if (text.length > 20 && out.push(text) >= n) {
          parser.abort();
        }
      },
      complete: () => resolve(),
      error: reject,
    });
  });
  return out;
}

/** Node embedding rate on real overviews (batching as the embedder does it). */
export async function measureNodeThroughput(spec: string, n: number) {
  const texts = await datasetOverviews(n);
  const embedder = await createNodeEmbedder(spec, {
    localModelPath: spec.startsWith('hf:') ? SHARED_MODELS_DIR : undefined,
  });
  await embedder.embed(texts.slice(0, 8));
  const t0 = performance.now();
  await embedder.embed(texts);
  const s = (performance.now() - t0) / 1000;
  const meanChars = texts.reduce((a, t) => a + t.length, 0) / texts.length;
  return { texts: texts.length, seconds: s, perSecond: texts.length / s, meanChars };
}

async function main(argv: string[]): Promise<number> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const throughputN = arg('--throughput');
  if (throughputN) {
    const spec = arg('--spec') ?? 'use-lite';
    const t = await measureNodeThroughput(spec, Number(throughputN));
    console.log(
      `node throughput     ${spec}: ${t.texts} overviews (mean ${t.meanChars.toFixed(0)} chars) in ` +
        `${t.seconds.toFixed(1)} s = ${t.perSecond.toFixed(1)} texts/s (one thread)`,
    );
    return 0;
  }
  if (!fs.existsSync(CHROMIUM_PATH)) {
    console.error(`check:embed needs Chromium at ${CHROMIUM_PATH} (apt-get install chromium).`);
    return 2;
  }
  const r = await runEmbedAgreement({
    spec: arg('--spec'),
    queries: arg('--queries') ? Number(arg('--queries')) : undefined,
    checkSpaFallback: true,
    mode: argv.includes('--dev') ? 'dev' : 'build',
    log: (s) => console.log(s),
  });
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  console.log(`embedder            ${r.spec} (${r.dims}-d), ${AGREEMENT_TEXTS.length} texts`);
  console.log(
    `cosine node/browser min ${r.minCosine.toFixed(6)}  mean ${r.meanCosine.toFixed(6)}  (goal ≥ 0.999)`,
  );
  console.log(`browser load        ${ms(r.browserLoadMs)} (download + compile + warm-up, localhost)`);
  console.log(
    `browser query       p50 ${ms(r.queryP50Ms)}  p90 ${ms(r.queryP90Ms)}  (crossOriginIsolated=${r.crossOriginIsolated})`,
  );
  console.log(
    `node                load ${ms(r.nodeLoadMs)}, ${AGREEMENT_TEXTS.length} texts in ${ms(r.nodeEmbedMs)}`,
  );
  console.log(`requests per file   ${JSON.stringify(r.requestsPerFile)}`);
  console.log(`tfjs wasm fetched   ${r.wasmFetched.join(', ') || '(none)'}`);
  console.log(
    `progress            ${r.progress.progressEvents} events, phases ${r.progress.phases.join(',')}, last total ${JSON.stringify(r.progress.lastTotal)}`,
  );
  if (r.ort) {
    const o = r.ort;
    console.log(
      `cosine ORT doc/browser min ${o.minCosine.toFixed(7)} (1 − min ${(1 - o.minCosine).toExponential(1)})  ` +
        `mean ${o.meanCosine.toFixed(7)}  (goal ≥ 0.9999; ` +
        `${o.texts} texts: ${o.texts - o.documents} above + ${o.documents} shipped document texts; ` +
        `onnxruntime-node as the build embeds documents vs the browser worker, one text per call)`,
    );
    console.log(
      o.artifactRows > 0
        ? `cosine artifact/browser min ${o.artifactMinCosine!.toFixed(7)}  mean ${o.artifactMeanCosine!.toFixed(7)}  ` +
            `(${o.artifactRows} int8 rows of data/embeddings, what the shipped index holds)`
        : 'cosine artifact/browser (the committed artifact holds none of these documents)',
    );
  } else if (r.spec === 'use-lite') {
    console.log(
      'cosine ORT doc/browser skipped: onnxruntime-node is not installed (the build then uses tfjs)',
    );
  }
  console.log(`HTML-fallback error ${r.spaFallbackError}`);
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  console.log(
    `JS chunks (raw/gz)  ${r.bundle.map((b) => `${b.file} ${kb(b.bytes)}/${kb(b.gzip)}`).join(', ')}`,
  );
  if (r.minCosine < 0.999) {
    console.error(`FAIL: min cosine ${r.minCosine} < 0.999`);
    return 1;
  }
  if (r.ort && r.ort.minCosine < 0.9999) {
    console.error(`FAIL: ORT document vs browser min cosine ${r.ort.minCosine} < 0.9999`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      process.exit(1);
    },
  );
}
