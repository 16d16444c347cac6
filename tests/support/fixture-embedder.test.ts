import { describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/core/types.ts';
import { memoEmbedder, readMemo, recordingEmbedder, sharedMemo, writeMemo } from './fixture-embedder.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fake model whose vector encodes the text's length; counts what it was asked. */
function countingEmbedder(): Embedder & { asked: string[] } {
  const asked: string[] = [];
  return {
    id: 'fake',
    dims: 2,
    asked,
    async embed(texts) {
      asked.push(...texts);
      return texts.map((t) => new Float32Array([t.length, 1]));
    },
  };
}

describe('fixture embedder memo', () => {
  it('answers memorised texts from the memo and embeds only the rest, once each, in order', async () => {
    const inner = countingEmbedder();
    const memo = new Map([['known', new Float32Array([42, 0])]]);
    const out = await memoEmbedder(inner, memo).embed(['new', 'known', 'new', 'other!']);
    expect(inner.asked).toEqual(['new', 'other!']);
    expect(out.map((v) => [...v])).toEqual([
      [3, 1],
      [42, 0],
      [3, 1],
      [6, 1],
    ]);
  });

  it('records, writes and reads back the same vectors', async () => {
    const memo = new Map<string, Float32Array>();
    await recordingEmbedder(countingEmbedder(), memo).embed(['a', 'bb', 'é ccc']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memo-test-'));
    writeMemo(path.join(dir, 'm'), memo, 2);
    const back = readMemo(path.join(dir, 'm'));
    fs.rmSync(dir, { recursive: true });
    expect([...back.keys()]).toEqual(['a', 'bb', 'é ccc']);
    expect([...back.get('é ccc')!]).toEqual([5, 1]);
  });

  it('shares one computation between concurrent callers and reads it back later', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memo-test-'));
    const base = path.join(dir, 'm');
    let computed = 0;
    const compute = async () => {
      computed++;
      await new Promise((r) => setTimeout(r, 50));
      return { memo: new Map([['x', new Float32Array([1, 2])]]), dims: 2 };
    };
    const [a, b] = await Promise.all([
      sharedMemo(base, compute, { pollMs: 5 }),
      sharedMemo(base, compute, { pollMs: 5 }),
    ]);
    const later = await sharedMemo(base, compute);
    fs.rmSync(dir, { recursive: true });
    expect(computed).toBe(1);
    for (const m of [a, b, later]) expect([...m.get('x')!]).toEqual([1, 2]);
  });

  it('lets waiting callers go on with an empty memo when the computing one fails', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memo-test-'));
    const base = path.join(dir, 'm');
    const failing = sharedMemo(base, () => Promise.reject(new Error('model missing')));
    const waiting = sharedMemo(base, () => Promise.reject(new Error('never called')), { pollMs: 5 });
    await expect(failing).rejects.toThrow('model missing');
    expect((await waiting).size).toBe(0);
    fs.rmSync(dir, { recursive: true });
  });
});
