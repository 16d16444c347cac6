/**
 * USE-lite on onnxruntime-node (build-index/ort-use-lite.ts, the default document runtime of the
 * build) against tfjs-wasm (what the browser runs): same vectors to cosine ≥ 0.9999 — documents and
 * the browser's query path — and each vector independent of its batch (so a fresh build reproduces
 * the committed artifact byte for byte). Skipped when onnxruntime-node is not installed.
 */
import { describe, expect, it } from 'vitest';
import { createOrtUseLiteEmbedder, ortAvailable } from '../../build-index/ort-use-lite.ts';
import { embeddingText, hasDescriptiveText } from '../../src/core/document-text.ts';
import { readDataset } from '../../src/data/read-dataset.ts';
import { createNodeEmbedder } from '../../src/embed/node.ts';
import path from 'node:path';

const SLICE = path.resolve(import.meta.dirname, '../fixtures/slice');
const QUERIES = [
  'a wizard boy attends a school of magic',
  'sad dog movie',
  'highly rated 90s thrillers',
  'Un film français sur l’amitié entre un aristocrate tétraplégique et son aide-soignant.',
  'like Spirited Away but for adults',
  'x',
];
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, j) => s + v * b[j], 0);

describe.skipIf(!ortAvailable())('USE-lite on onnxruntime-node', () => {
  it('matches tfjs (documents and the browser query path) to cosine ≥ 0.9999; batch-independent bits', async () => {
    const { movies } = await readDataset(SLICE, { limit: 60 });
    const texts = [...movies.filter(hasDescriptiveText).map(embeddingText).slice(0, 30), ...QUERIES];
    const ort = await createOrtUseLiteEmbedder();
    const a = await ort.embed(texts);
    const docs = await (await createNodeEmbedder('use-lite', { documents: true })).embed(texts);
    const query = await createNodeEmbedder('use-lite');
    let minDoc = 1;
    let minQuery = 1;
    for (let i = 0; i < texts.length; i++) {
      minDoc = Math.min(minDoc, dot(a[i], docs[i]));
      if (i >= texts.length - QUERIES.length)
        minQuery = Math.min(minQuery, dot(a[i], (await query.embed([texts[i]]))[0]));
    }
    expect(minDoc).toBeGreaterThanOrEqual(0.9999);
    expect(minQuery).toBeGreaterThanOrEqual(0.9999);

    // Other batch sizes (1 included): the same bits.
    for (const batchSize of [1, 3, 32]) {
      const b = await (await createOrtUseLiteEmbedder({ batchSize })).embed(texts);
      b.forEach((v, i) =>
        expect(Buffer.from(v.buffer).equals(Buffer.from(a[i].buffer)), `${batchSize}:${i}`).toBe(true),
      );
    }
    expect((await ort.embed(['', 'sad dog movie']))[0].every((x) => x === 0)).toBe(true); // empty → zero vector
  });
});
