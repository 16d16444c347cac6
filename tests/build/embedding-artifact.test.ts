/**
 * The committed embedding artifact (build-index/embedding-artifact.ts): write → open → the same
 * int8 rows; deterministic bytes; damaged shards refused; a build takes its vectors from it without
 * loading a model. Synthetic vectors, no embedder: fast. The checks against the real model and the
 * shipped artifact (fresh slice build byte-identical, seeded re-embed sample) are in
 * artifact-verify.test.ts, which .ci/run runs.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveVectors } from '../../build-index/build.ts';
import {
  artifactDir,
  artifactKey,
  EmbeddingArtifact,
  KEY_BYTES,
  textsDigest,
  writeArtifact,
} from '../../build-index/embedding-artifact.ts';
import { quantizeVectors } from '../../src/core/quantize.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cinechat-artifact-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const DIMS = 24;
let seed = 7;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
function unitVector(): Float32Array {
  const v = Float32Array.from({ length: DIMS }, rnd);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

const texts = Array.from({ length: 300 }, (_, i) => `Movie ${i} (19${i % 100}). A text about thing ${i}.`);
const floats = texts.map(unitVector);
const q = quantizeVectors(floats, DIMS);
const input = { embedder: 'test-embedder', vectorId: 'test-embedder', modelSha256: 'ab'.repeat(32) };

const filesOf = (dir: string) =>
  Object.fromEntries(
    fs
      .readdirSync(path.join(dir, 'shards'))
      .sort()
      .map((f) => [
        f,
        crypto
          .createHash('sha256')
          .update(fs.readFileSync(path.join(dir, 'shards', f)))
          .digest('hex'),
      ]),
  );

describe('embedding artifact', () => {
  it('round trip: every text gets back its exact int8 row and scale', () => {
    const root = path.join(tmp, 'a');
    const meta = writeArtifact(root, {
      ...input,
      texts,
      vectors: q,
      recall: { recallAt10VsFloat32: 0.99, sampleQueries: 50 },
    });
    expect(meta.count).toBe(texts.length);
    expect(meta.dataset.textsSha256).toBe(textsDigest(texts));
    expect(meta.dataset.recallAt10VsFloat32).toBe(0.99);
    const art = EmbeddingArtifact.open(root, 'test-embedder')!;
    expect(art.size).toBe(texts.length);
    texts.forEach((t, r) => {
      const row = art.get(t)!;
      expect(row.scale).toBe(q.scales[r]);
      expect([...row.codes]).toEqual([...q.codes.subarray(r * DIMS, (r + 1) * DIMS)]);
    });
    expect(art.get('a text that was never written')).toBeUndefined();
    // Records are key | scale | codes: the files hold exactly that many bytes.
    const bytes = meta.shards.reduce(
      (n, s) =>
        n + fs.statSync(path.join(artifactDir(root, 'test-embedder'), 'shards', `${s.name}.bin`)).size,
      0,
    );
    expect(bytes).toBe(texts.length * (KEY_BYTES + 4 + DIMS));
  });

  it('is deterministic, stores repeated texts once, and a one-text change rewrites one shard', () => {
    const a = path.join(tmp, 'b1');
    const b = path.join(tmp, 'b2');
    writeArtifact(a, { ...input, texts, vectors: q });
    // Same texts in another order, one repeated: same files.
    const order = [...texts.keys()].reverse();
    const shuffled = {
      texts: [...order.map((r) => texts[r]), texts[0]],
      vectors: quantizeVectors([...order.map((r) => floats[r]), floats[0]], DIMS),
    };
    const metaB = writeArtifact(b, { ...input, ...shuffled });
    expect(metaB.count).toBe(texts.length);
    expect(filesOf(artifactDir(b, 'test-embedder'))).toEqual(filesOf(artifactDir(a, 'test-embedder')));

    const before = filesOf(artifactDir(a, 'test-embedder'));
    const changed = [...texts];
    changed[5] = 'Movie 5, now with a corrected overview.';
    writeArtifact(a, { ...input, texts: changed, vectors: q });
    const after = filesOf(artifactDir(a, 'test-embedder'));
    const differing = Object.keys({ ...before, ...after }).filter((f) => before[f] !== after[f]);
    const shardOf = (t: string) => `${artifactKey('test-embedder', t).toString('hex').slice(0, 2)}.bin`;
    expect(new Set(differing)).toEqual(new Set([shardOf(texts[5]), shardOf(changed[5])]));
  });

  it('refuses a damaged shard instead of silently embedding everything', () => {
    const root = path.join(tmp, 'c');
    const meta = writeArtifact(root, { ...input, texts, vectors: q });
    const shard = path.join(artifactDir(root, 'test-embedder'), 'shards', `${meta.shards[0].name}.bin`);
    const buf = fs.readFileSync(shard);
    buf[KEY_BYTES + 5] ^= 1;
    fs.writeFileSync(shard, buf);
    expect(() => EmbeddingArtifact.open(root, 'test-embedder')).toThrow(/does not match meta\.json/);
    expect(EmbeddingArtifact.open(path.join(tmp, 'nothing-here'), 'test-embedder')).toBeNull();
  });

  it('a build takes its rows from the artifact, byte for byte, without an embedder', async () => {
    const root = path.join(tmp, 'd');
    writeArtifact(root, { ...input, texts, vectors: q });
    const art = EmbeddingArtifact.open(root, 'test-embedder')!;
    // No such model exists: any attempt to embed would throw.
    const r = await resolveVectors(texts, {
      embedderId: 'test-embedder',
      cacheDir: path.join(tmp, 'empty-cache'),
      workers: 1,
      verbose: false,
      artifact: art,
    });
    expect(r.embedded).toBe(0);
    expect(r.artifactHits).toBe(texts.length);
    expect(Buffer.from(r.quantized.codes.buffer).equals(Buffer.from(q.codes.buffer))).toBe(true);
    expect(Buffer.from(r.quantized.scales.buffer).equals(Buffer.from(q.scales.buffer))).toBe(true);
    expect(r.floats.every((v) => v === null)).toBe(true);
  });
});
