/** The asset copy puts exactly the files the browser loader asks for where it asks, idempotently. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyModelAssets } from '../../build-index/copy-model-assets.ts';
import { TFJS_WASM_DIR, TFJS_WASM_FILES, USE_LITE_DIR, USE_LITE_FILES } from '../../src/embed/assets.ts';
import { readUseLiteFiles } from '../../src/embed/node.ts';

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cinechat-assets-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('copyModelAssets', () => {
  it('copies the USE-lite model and the tfjs WASM files, then finds them up to date', () => {
    const first = copyModelAssets({ publicDir: out });
    const expected = [
      ...[USE_LITE_FILES.model, ...USE_LITE_FILES.shards, USE_LITE_FILES.vocab].map((f) => USE_LITE_DIR + f),
      ...TFJS_WASM_FILES.map((f) => TFJS_WASM_DIR + f),
    ];
    expect(first.copied.sort()).toEqual(expected.sort());
    expect(first.upToDate).toEqual([]);
    for (const f of expected) expect(fs.statSync(path.join(out, f)).size).toBeGreaterThan(0);

    // The copied folder is a complete model: the Node reader accepts it and finds every weight.
    const files = readUseLiteFiles(path.join(out, USE_LITE_DIR));
    expect(files.weights.byteLength).toBeGreaterThan(25e6);
    expect(files.vocab.length).toBeGreaterThan(7000);
    expect(first.bytes).toBeGreaterThan(files.weights.byteLength);

    const second = copyModelAssets({ publicDir: out });
    expect(second.copied).toEqual([]);
    expect(second.upToDate.length).toBe(expected.length);
  });

  it('replaces a truncated file', () => {
    const shard = path.join(out, USE_LITE_DIR, USE_LITE_FILES.shards[0]);
    fs.truncateSync(shard, 10);
    const again = copyModelAssets({ publicDir: out });
    expect(again.copied).toEqual([USE_LITE_DIR + USE_LITE_FILES.shards[0]]);
    expect(fs.statSync(shard).size).toBe(4194304);
  });
});
