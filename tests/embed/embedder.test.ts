/**
 * The Embedder contract in Node, for both backends: declared dims, unit-length rows, empty texts
 * as zero vectors without disturbing their neighbours, and meaning (wizard ≈ sorcerer ≠ detective).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import type { Embedder } from '../../src/core/types.ts';
import { createNodeEmbedder } from '../../src/embed/node.ts';
import { createBrowserEmbedder } from '../../src/embed/browser.ts';
import { dot } from '../../src/core/rank/vec.ts';
import { parseEmbedderSpec } from '../../src/embed/spec.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const sharedModels = path.resolve(repoRoot, '../shared/models');
const GLOVE = 'stanfordnlp/glove-100d-sif-100k';
const hasGlove = fs.existsSync(path.join(sharedModels, GLOVE, 'onnx/model_quantized.onnx'));
if (!hasGlove) console.warn(`Skipping hf:${GLOVE} tests: ${sharedModels}/${GLOVE} is absent.`);

const WIZARD = 'a wizard boy attends a school of magic';
const SORCERER = 'young sorcerer at a magic academy';
const DETECTIVE = 'a detective solves a murder in Paris';
const norm = (v: Float32Array) => Math.sqrt(dot(v, v));

function contractTests(spec: string, dims: number, load: () => Promise<Embedder>) {
  let e: Embedder;
  beforeAll(async () => {
    e = await load();
  });

  it('declares its id and dims and returns one unit vector of that size per text', async () => {
    expect(e.id).toBe(spec);
    expect(e.dims).toBe(dims);
    const texts = [WIZARD, SORCERER, DETECTIVE, 'Toy Story (1995). Animation, Comedy, Family.'];
    const vs = await e.embed(texts);
    expect(vs).toHaveLength(texts.length);
    for (const v of vs) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(dims);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
  });

  it('gives empty and blank texts a zero vector and leaves the other rows as they would be alone', async () => {
    const alone = await e.embed([WIZARD, DETECTIVE]);
    // A trailing empty text used to drop its row in USE batches; test first, middle and last.
    const mixed = await e.embed(['', WIZARD, '   ', DETECTIVE, '']);
    expect(mixed).toHaveLength(5);
    for (const i of [0, 2, 4]) {
      expect(mixed[i].length).toBe(dims);
      expect(norm(mixed[i])).toBe(0);
    }
    expect(dot(mixed[1], alone[0])).toBeCloseTo(1, 5);
    expect(dot(mixed[3], alone[1])).toBeCloseTo(1, 5);
    expect(await e.embed([])).toEqual([]);
    const onlyEmpty = await e.embed(['', '']);
    expect(onlyEmpty.map(norm)).toEqual([0, 0]);
  });

  it('puts a wizard closer to a sorcerer than to a detective', async () => {
    const [w, s, d] = await e.embed([WIZARD, SORCERER, DETECTIVE]);
    expect(dot(w, s)).toBeGreaterThan(dot(w, d) + 0.2);
  });

  it('gives the same vector to a text whether batched or alone', async () => {
    const batch = await e.embed([DETECTIVE, WIZARD, SORCERER]);
    const [alone] = await e.embed([SORCERER]);
    expect(dot(batch[2], alone)).toBeGreaterThan(0.9999);
  });
}

describe('use-lite in Node', () => {
  contractTests('use-lite', 512, () => createNodeEmbedder('use-lite'));
});

describe.skipIf(!hasGlove)(`hf:${GLOVE} offline in Node (transformers.js)`, () => {
  contractTests(`hf:${GLOVE}`, 100, () =>
    createNodeEmbedder(`hf:${GLOVE}`, { localModelPath: sharedModels }),
  );

  it('gives text with no known words a zero vector, not NaN', async () => {
    const e = await createNodeEmbedder(`hf:${GLOVE}`, { localModelPath: sharedModels });
    const [emoji, word] = await e.embed(['😀🎬', 'movie']);
    expect(Array.from(emoji).every((x) => x === 0)).toBe(true);
    expect(norm(word)).toBeCloseTo(1, 5);
  });

  it('names the missing model and folder when a local model is absent', async () => {
    await expect(
      createNodeEmbedder('hf:nobody/no-such-model', { localModelPath: sharedModels }),
    ).rejects.toThrow(/no-such-model.*local folder/);
  });
});

describe('embedder ids', () => {
  it.each([
    ['use-lite', { kind: 'use-lite' }],
    [' use-lite ', { kind: 'use-lite' }],
    ['hf:Xenova/all-MiniLM-L6-v2', { kind: 'hf', model: 'Xenova/all-MiniLM-L6-v2' }],
    ['hf:Xenova/bge-small-en-v1.5', { kind: 'hf', model: 'Xenova/bge-small-en-v1.5' }],
    [`hf:${GLOVE}`, { kind: 'hf', model: GLOVE }],
  ])('parses "%s"', (spec, expected) => {
    expect(parseEmbedderSpec(spec)).toEqual(expected);
  });

  it.each(['use', 'USE-lite', 'openai:text-embedding-3', 'hf:', 'hf:../etc/passwd', 'hf:a b'])(
    'rejects "%s" with a message that lists the valid forms',
    async (spec) => {
      await expect(createNodeEmbedder(spec)).rejects.toThrow(/use-lite|hf:<owner>\/<model>/);
      await expect(createBrowserEmbedder(spec, { baseUrl: 'http://localhost/' })).rejects.toThrow(
        /use-lite|hf:<owner>\/<model>/,
      );
    },
  );
});
