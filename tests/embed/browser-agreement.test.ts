/**
 * The embedder worker in headless Chromium (production vite build, comlink) against the Node
 * embedder on the same texts. Needs Debian's Chromium; skipped with a message without it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ortAvailable } from '../../build-index/ort-use-lite.ts';
import {
  CHROMIUM_PATH,
  ORT_DOCUMENTS,
  runEmbedAgreement,
  SHARED_MODELS_DIR,
} from '../../scripts/check-embed-agreement.ts';

const hasChromium = fs.existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`Skipping browser embedder tests: no Chromium at ${CHROMIUM_PATH}.`);
const GLOVE = 'stanfordnlp/glove-100d-sif-100k';
const hasGlove = fs.existsSync(path.join(SHARED_MODELS_DIR, GLOVE));
if (hasChromium && !hasGlove)
  console.warn(`Skipping the browser hf: test: ${SHARED_MODELS_DIR}/${GLOVE} is absent.`);

describe.skipIf(!hasChromium)('embedder worker in Chromium', () => {
  it('use-lite: matches Node, downloads each model file once for two racing loads, reports progress', async () => {
    const r = await runEmbedAgreement({ spec: 'use-lite', queries: 5, checkSpaFallback: true });
    expect(r.minCosine).toBeGreaterThanOrEqual(0.999);
    expect(r.dims).toBe(512);
    // model.json + vocab.json + 7 shards, each fetched exactly once.
    expect(Object.keys(r.requestsPerFile)).toHaveLength(9);
    expect(Object.values(r.requestsPerFile).every((n) => n === 1)).toBe(true);
    expect(r.progress.filesReported).toHaveLength(9);
    // Cross-origin isolated, yet the single-threaded SIMD build: the threaded one breaks minified.
    expect(r.crossOriginIsolated).toBe(true);
    expect(r.wasmFetched).toEqual(['/tfjs/tfjs-backend-wasm-simd.wasm']);
    expect(r.progress.phases).toEqual(['download', 'init', 'ready']);
    expect(r.progress.lastTotal?.total).toBeGreaterThan(28e6);
    expect(r.progress.lastTotal?.loaded).toBe(r.progress.lastTotal?.total);
    // Files load in parallel, so whichever answer arrives first is the one named.
    expect(r.spaFallbackError).toMatch(
      /ModelFileError: .*(model\.json|vocab\.json|group1-shard\dof7).*HTML page.*npm run assets/,
    );
    // The build's documents (onnxruntime-node) and the shipped artifact's rows vs the browser's query path.
    if (ortAvailable()) {
      expect(r.ort?.texts).toBe(20 + ORT_DOCUMENTS);
      expect(r.ort!.minCosine).toBeGreaterThanOrEqual(0.9999);
      expect(r.ort!.artifactRows).toBe(ORT_DOCUMENTS);
      expect(r.ort!.artifactMinCosine).toBeGreaterThanOrEqual(0.9999);
    }
  }, 240_000);

  it.skipIf(!hasGlove)(
    `hf:${GLOVE}: transformers.js in the worker matches Node, offline`,
    async () => {
      const r = await runEmbedAgreement({ spec: `hf:${GLOVE}`, queries: 5, checkSpaFallback: true });
      expect(r.minCosine).toBeGreaterThanOrEqual(0.999);
      expect(r.dims).toBe(100);
      expect(r.spaFallbackError).toMatch(/not in local folder .*HTML pages/);
    },
    240_000,
  );
});
