/**
 * The committed embedding artifact (data/embeddings/) is honest: what it holds is what a fresh
 * build computes now. Heavy (real model, ~1–2 min on 2 cores): skipped unless
 * CINECHAT_VERIFY_ARTIFACT=1, which .ci/run sets after building the index.
 *
 * 1. The full default index assembles from it with nothing to embed (and, when public/index/ was
 *    built the same way, its movies and vectors files are byte-identical to that one's).
 * 2. A fresh build of a slice (empty cache, no artifact: every vector embedded now) writes the same
 *    bytes as the same slice assembled from the artifact — every asset but the vectors, which agree
 *    within float rounding (codes within 1, cosine ≥ 0.9999: onnxruntime's kernels round differently
 *    on other CPUs; on the machine that wrote the artifact they are byte-identical).
 * 3. A seeded random sample of 256 artifact entries re-embedded now: int8 codes within 1, cosine
 *    of the fresh float vector to the stored row ≥ 0.9999, and the same for the first 64 through
 *    the query path (one text at a time, unpadded: what the browser worker computes, bit-identical
 *    to it per `npm run check:embed`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildIndex,
  DEFAULT_ARTIFACT_DIR,
  DEFAULT_DATA_DIR,
  defaultDocRuntime,
  orderMovies,
} from '../../build-index/build.ts';
import { embedAllInPool } from '../../build-index/embed-pool.ts';
import { EmbeddingArtifact } from '../../build-index/embedding-artifact.ts';
import { documentVectorId } from '../../build-index/embedding-cache.ts';
import { mulberry32 } from '../../build-index/quantization-recall.ts';
import { embeddingText, hasDescriptiveText } from '../../src/core/document-text.ts';
import { decodeVectors, MANIFEST_FILE, type IndexManifest } from '../../src/core/index-format.ts';
import { dequantizeRow, quantizeRow, type QuantizedVectors } from '../../src/core/quantize.ts';
import { readDataset } from '../../src/data/read-dataset.ts';
import { createNodeEmbedder } from '../../src/embed/node.ts';

const RUN = process.env.CINECHAT_VERIFY_ARTIFACT === '1';
const REPO = path.resolve(import.meta.dirname, '../..');
const EMBEDDER = 'use-lite';
const RUNTIME = defaultDocRuntime(EMBEDDER);
const VECTOR_ID = documentVectorId(EMBEDDER, RUNTIME);
const SLICE_LIMIT = Number(process.env.CINECHAT_VERIFY_SLICE ?? 1000);
/** Of the sample, how many also go through the query path (one model call each). */
const QUERY_SAMPLE = 64;
const SAMPLE = 256;
const SEED = 14;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cinechat-artifact-verify-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, name));
const manifestOf = (dir: string) => JSON.parse(read(dir, MANIFEST_FILE).toString('utf8')) as IndexManifest;
/** Content fields only: time-stamp, build facts and the recall figure (needs float vectors) aside. */
const content = (m: IndexManifest) => ({
  ...m,
  builtAt: '',
  build: {},
  quantization: { kind: m.quantization.kind },
});

function cosine(a: Float32Array, b: Float32Array): number {
  let d = 0;
  let na = 0;
  let nb = 0;
  for (let j = 0; j < a.length; j++) {
    d += a[j] * b[j];
    na += a[j] * a[j];
    nb += b[j] * b[j];
  }
  return d / Math.sqrt(na * nb);
}

/** Row-by-row agreement of two int8 vector sets of the same shape. */
function compareRows(a: QuantizedVectors, b: QuantizedVectors) {
  let identical = 0;
  let maxCodeDiff = 0;
  let minCosine = 1;
  for (let r = 0; r < a.rows; r++) {
    const x = a.codes.subarray(r * a.dims, (r + 1) * a.dims);
    const y = b.codes.subarray(r * b.dims, (r + 1) * b.dims);
    if (a.scales[r] === b.scales[r] && x.every((c, j) => c === y[j])) identical++;
    x.forEach((c, j) => (maxCodeDiff = Math.max(maxCodeDiff, Math.abs(c - y[j]))));
    minCosine = Math.min(minCosine, cosine(dequantizeRow(a, r), dequantizeRow(b, r)));
  }
  return { identical, maxCodeDiff, minCosine };
}

describe.skipIf(!RUN)(
  `the committed embedding artifact (${VECTOR_ID}) is what a fresh build computes`,
  () => {
    it('assembles the full default index with nothing to embed', async () => {
      const art = EmbeddingArtifact.open(DEFAULT_ARTIFACT_DIR, VECTOR_ID);
      expect(art, `no artifact in ${DEFAULT_ARTIFACT_DIR}`).not.toBeNull();
      const out = path.join(tmp, 'full');
      const t0 = performance.now();
      const r = await buildIndex({
        dataDir: DEFAULT_DATA_DIR,
        outDir: out,
        cacheDir: path.join(tmp, 'cache-full'),
        artifactDir: DEFAULT_ARTIFACT_DIR,
        embedder: EMBEDDER,
        verbose: false,
      });
      const seconds = (performance.now() - t0) / 1000;
      expect(r.embedded).toBe(0);
      expect(r.artifactHits).toBe(r.manifest.embeddedCount);
      expect(r.manifest.quantization.recallAt10VsFloat32).toBe(art!.meta.dataset.recallAt10VsFloat32);
      console.log(
        `full index from the artifact: ${r.manifest.embeddedCount} vectors, 0 embedded, ${seconds.toFixed(1)} s`,
      );
      const shipped = path.join(REPO, 'public', 'index');
      if (fs.existsSync(path.join(shipped, MANIFEST_FILE))) {
        const m = manifestOf(shipped);
        if (m.build?.vectorId === VECTOR_ID) {
          for (const key of ['movies', 'vectors'] as const) {
            expect(read(out, r.manifest.files[key]).equals(read(shipped, m.files[key])), key).toBe(true);
          }
          console.log('public/index movies + vectors: byte-identical to the assembled ones');
        } else {
          console.log(
            `public/index was built with vectors ${m.build?.vectorId ?? 'use-lite (older builds)'}: not compared`,
          );
        }
      }
    });

    it(`a fresh build of the first ${SLICE_LIMIT} movies writes the artifact's assets (vectors within rounding)`, async () => {
      const build = (name: string, artifactDir?: string) =>
        buildIndex({
          dataDir: DEFAULT_DATA_DIR,
          outDir: path.join(tmp, name),
          cacheDir: path.join(tmp, `cache-${name}`),
          artifactDir,
          embedder: EMBEDDER,
          limit: SLICE_LIMIT,
          workers: 2,
          verbose: false,
          recallSample: 50,
        });
      const fresh = await build('fresh');
      const assembled = await build('assembled', DEFAULT_ARTIFACT_DIR);
      expect(fresh.embedded).toBe(fresh.manifest.embeddedCount);
      expect(fresh.artifactHits).toBe(0);
      expect(assembled.embedded).toBe(0);
      expect(assembled.artifactHits).toBe(assembled.manifest.embeddedCount);
      // Every asset but the vectors byte for byte. The vectors within float rounding: onnxruntime's
      // kernels differ in the last bits between CPUs (AVX2 vs AVX-512 paths), which flips an int8 code
      // by one now and then; on the machine that wrote the artifact they are byte-identical too.
      const others = (r: typeof fresh) =>
        Object.entries(r.manifest.files)
          .filter(([key]) => key !== 'vectors')
          .map(([, f]) => f)
          .sort();
      expect(others(assembled)).toEqual(others(fresh));
      for (const f of others(fresh))
        expect(read(assembled.outDir, f).equals(read(fresh.outDir, f)), f).toBe(true);
      const vectors = (r: typeof fresh) =>
        decodeVectors(read(r.outDir, r.manifest.files.vectors), r.manifest);
      const a = vectors(assembled);
      const b = vectors(fresh);
      expect(a.rows).toBe(b.rows);
      const cmp = compareRows(a, b);
      expect(cmp.maxCodeDiff).toBeLessThanOrEqual(1);
      expect(cmp.minCosine).toBeGreaterThanOrEqual(0.9999);
      const sameBytes = read(assembled.outDir, assembled.manifest.files.vectors).equals(
        read(fresh.outDir, fresh.manifest.files.vectors),
      );
      const strip = (m: IndexManifest) => {
        const c = content(m) as IndexManifest;
        const name = m.files.vectors;
        return {
          ...c,
          files: { ...c.files, vectors: '' },
          hashes: { ...c.hashes, [name]: '' },
          sizes: c.sizes,
        };
      };
      expect(
        JSON.stringify(strip(assembled.manifest), null, 1).replaceAll(assembled.manifest.files.vectors, 'V'),
      ).toBe(JSON.stringify(strip(fresh.manifest), null, 1).replaceAll(fresh.manifest.files.vectors, 'V'));
      console.log(
        `slice of ${SLICE_LIMIT} movies: ${fresh.manifest.embeddedCount} vectors embedded now; ` +
          `${others(fresh).length} other asset files byte-identical; vectors ${sameBytes ? 'byte-identical' : `${cmp.identical}/${a.rows} rows identical, max code difference ${cmp.maxCodeDiff}, min cosine ${cmp.minCosine.toFixed(6)}`}`,
      );
    });

    it(`a seeded sample of ${SAMPLE} entries re-embedded now matches (cosine ≥ 0.9999)`, async () => {
      const art = EmbeddingArtifact.open(DEFAULT_ARTIFACT_DIR, VECTOR_ID)!;
      const { movies } = await readDataset(DEFAULT_DATA_DIR);
      const texts = [...new Set(orderMovies(movies).filter(hasDescriptiveText).map(embeddingText))].filter(
        (t) => art.get(t) !== undefined,
      );
      expect(texts.length).toBe(art.meta.count); // distinct texts (two movies share one)
      const rnd = mulberry32(SEED);
      const picked = new Set<number>();
      while (picked.size < SAMPLE) picked.add(Math.floor(rnd() * texts.length));
      const sample = [...picked].map((i) => texts[i]);

      const fresh = await embedAllInPool(sample, EMBEDDER, { workers: 2, batchSize: 64, runtime: RUNTIME });
      // tfjs-wasm, what the browser runs: its document vectors (the other runtime, when ort) and its
      // query path (one text, unpadded; bit-identical to the browser worker per npm run check:embed).
      const tfjsDocs = await (await createNodeEmbedder(EMBEDDER, { documents: true })).embed(sample);
      const queryEmbedder = await createNodeEmbedder(EMBEDDER);
      let minTfjsDoc = 1;
      let identical = 0;
      let maxCodeDiff = 0;
      let minDoc = 1;
      let minQuery = 1;
      let minQueryVsDoc = 1;
      for (let i = 0; i < sample.length; i++) {
        const row = art.get(sample[i])!;
        const stored = Float32Array.from(row.codes, (c) => c * row.scale);
        const codes = new Int8Array(art.meta.dims);
        const scale = quantizeRow(fresh[i], codes, 0);
        if (Math.fround(scale) === row.scale && codes.every((c, j) => c === row.codes[j])) identical++;
        codes.forEach((c, j) => (maxCodeDiff = Math.max(maxCodeDiff, Math.abs(c - row.codes[j]))));
        minDoc = Math.min(minDoc, cosine(fresh[i], stored));
        minTfjsDoc = Math.min(minTfjsDoc, cosine(tfjsDocs[i], stored));
        if (i >= QUERY_SAMPLE) continue;
        const [query] = await queryEmbedder.embed([sample[i]]); // the browser's path: one text, unpadded
        minQuery = Math.min(minQuery, cosine(query, stored));
        minQueryVsDoc = Math.min(minQueryVsDoc, cosine(query, fresh[i]));
      }
      console.log(
        `re-embedded ${SAMPLE} seeded entries (seed ${SEED}): ${identical} identical int8 rows; ` +
          `min cosine to the stored row: ${RUNTIME} documents ${minDoc.toFixed(6)}, tfjs documents ` +
          `${minTfjsDoc.toFixed(6)}, tfjs query path (first ${QUERY_SAMPLE}) ${minQuery.toFixed(6)}; ` +
          `query path vs fresh ${RUNTIME} float vectors ${minQueryVsDoc.toFixed(7)}`,
      );
      // Rounding flips between CPUs (see above) may move a code by one; the vectors are the same.
      expect(maxCodeDiff).toBeLessThanOrEqual(1);
      expect(minDoc).toBeGreaterThanOrEqual(0.9999);
      expect(minTfjsDoc).toBeGreaterThanOrEqual(0.9999);
      expect(minQuery).toBeGreaterThanOrEqual(0.9999);
    });
  },
);
