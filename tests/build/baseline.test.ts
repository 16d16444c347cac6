import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBaseline } from '../../build-index/baseline-build.ts';
import { loadBaselineVectors } from '../../build-index/baseline-vectors.ts';
import { readDataset } from '../../src/data/read-dataset.ts';
import { createNodeEmbedder } from '../../src/embed/node.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const SLICE = path.join(REPO, 'tests/fixtures/slice');
const SHARED_MODELS = path.resolve(REPO, '../shared/models');
const GLOVE = 'stanfordnlp/glove-100d-sif-100k';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cinechat-baseline-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!fs.existsSync(path.join(SHARED_MODELS, GLOVE)))('baseline vectors (overview alone)', () => {
  it('embeds each overview alone and loads back with ids', async () => {
    process.env.CINECHAT_MODEL_PATH = SHARED_MODELS + '/';
    const embedderId = `hf:${GLOVE}`;
    const dir = path.join(tmp, 'out');
    const { rows } = await buildBaseline({
      embedder: embedderId,
      dataDir: SLICE,
      outDir: dir,
      cacheDir: path.join(tmp, 'cache'),
      limit: 40,
      workers: 1,
      verbose: false,
    });
    const base = await loadBaselineVectors(dir);
    const { movies } = await readDataset(SLICE, { limit: 40 });
    const withOverview = movies.filter((m) => m.overview !== '');
    expect(rows).toBe(withOverview.length);
    expect(base.ids).toEqual(withOverview.map((m) => m.id));
    expect(base.vectors.length).toBe(rows * base.dims);
    // Row 3 is exactly the embedding of movie 3's overview and nothing else.
    const embedder = await createNodeEmbedder(embedderId);
    const [expected] = await embedder.embed([withOverview[3].overview]);
    const row = base.vectors.subarray(3 * base.dims, 4 * base.dims);
    let dot = 0;
    for (let j = 0; j < base.dims; j++) dot += row[j] * expected[j];
    expect(dot).toBeGreaterThan(0.9999);
  });
});

it('explains a missing baseline', async () => {
  await expect(loadBaselineVectors(path.join(tmp, 'nothing'))).rejects.toThrow(/--baseline/);
});
