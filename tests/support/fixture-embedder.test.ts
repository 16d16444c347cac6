import { describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/core/types.ts';
import { memoEmbedder, readMemo, recordingEmbedder, writeMemo } from './fixture-embedder.ts';
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
});
