/**
 * Same input → byte-identical index assets. Two builds of the same slice, each with its own empty
 * embedding cache (so every vector is computed twice), must write the same files with the same bytes.
 * The manifest is compared field by field: only its time-stamp (`builtAt`) and the build's timings
 * (`build.seconds`, `build.embedSeconds`) may differ; everything else, hashes included, must match.
 * Uses the offline GloVe model from ../shared/models when present, else USE-lite on fewer movies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../build-index/build.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const SLICE = path.join(REPO, 'tests/fixtures/slice');
const SHARED_MODELS = path.resolve(REPO, '../shared/models');
const GLOVE = 'stanfordnlp/glove-100d-sif-100k';
const hasGlove = fs.existsSync(path.join(SHARED_MODELS, GLOVE));
if (!hasGlove)
  console.log(`build-determinism: ${GLOVE} not in ${SHARED_MODELS}; using use-lite on 60 movies`);
const EMBEDDER = hasGlove ? `hf:${GLOVE}` : 'use-lite';
const LIMIT = hasGlove ? 300 : 60;
if (hasGlove) process.env.CINECHAT_MODEL_PATH = SHARED_MODELS + '/';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cinechat-determinism-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Manifest fields that are a time-stamp or a timing, not content. */
const TIME_FIELDS = ['builtAt', 'build.seconds', 'build.embedSeconds'];

function withoutTimeFields(manifest: object): Record<string, unknown> {
  const m = structuredClone(manifest) as Record<string, Record<string, unknown>>;
  for (const f of TIME_FIELDS) {
    const [a, b] = f.split('.');
    if (b) delete m[a]?.[b];
    else delete m[a];
  }
  return m;
}

describe(`build determinism (${EMBEDDER}, ${LIMIT} movies of the slice)`, () => {
  it('two builds from empty caches write byte-identical assets', async () => {
    const build = (name: string) =>
      buildIndex({
        dataDir: SLICE,
        outDir: path.join(tmp, name),
        cacheDir: path.join(tmp, `cache-${name}`),
        embedder: EMBEDDER,
        limit: LIMIT,
        workers: 1,
        verbose: false,
        extraCollections: true, // the FAQ and intent collections are assets too
        recallSample: 50,
      });
    const a = await build('a');
    const b = await build('b');
    expect(a.embedded).toBeGreaterThan(0);
    expect(b.embedded).toBe(a.embedded); // both computed every vector

    const filesA = fs.readdirSync(a.outDir).sort();
    const filesB = fs.readdirSync(b.outDir).sort();
    expect(filesB).toEqual(filesA);
    const assets = filesA.filter((f) => f !== 'manifest.json');
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const f of assets) {
      const x = fs.readFileSync(path.join(a.outDir, f));
      const y = fs.readFileSync(path.join(b.outDir, f));
      expect(y.equals(x), `${f} differs`).toBe(true);
    }
    const ma = JSON.parse(fs.readFileSync(path.join(a.outDir, 'manifest.json'), 'utf8'));
    const mb = JSON.parse(fs.readFileSync(path.join(b.outDir, 'manifest.json'), 'utf8'));
    expect(withoutTimeFields(mb)).toEqual(withoutTimeFields(ma));
    // The only fields left out are time-stamps/timings; say which ones actually differed.
    const differing = TIME_FIELDS.filter((f) => {
      const get = (m: Record<string, Record<string, unknown>>) => {
        const [k, s] = f.split('.');
        return s ? m[k]?.[s] : m[k];
      };
      return JSON.stringify(get(ma)) !== JSON.stringify(get(mb));
    });
    console.log(
      `build-determinism: ${assets.length} assets byte-identical (${assets.join(', ')}); ` +
        `manifest identical except time fields [${differing.join(', ')}]`,
    );
  });
});
