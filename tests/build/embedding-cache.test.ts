import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddingCache, embedderDirName } from '../../build-index/embedding-cache.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cinechat-cache-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const vec = (...xs: number[]) => Float32Array.from(xs);

describe('EmbeddingCache', () => {
  it('persists vectors across processes (re-open) and keys them by embedder id and text', () => {
    const root = tmp();
    const a = EmbeddingCache.open(root, 'hf:x/y');
    a.setDims(3);
    a.putMany(['alpha', 'beta'], [vec(1, 0, 0), vec(0, 1, 0)]);
    a.close();
    const b = EmbeddingCache.open(root, 'hf:x/y');
    expect(b.dims).toBe(3);
    expect(b.get('alpha')).toEqual(vec(1, 0, 0));
    expect(b.get('beta')).toEqual(vec(0, 1, 0));
    expect(b.get('gamma')).toBeUndefined();
    // Another embedder never sees these vectors.
    expect(EmbeddingCache.open(root, 'use-lite').get('alpha')).toBeUndefined();
    expect(fs.existsSync(path.join(root, embedderDirName('hf:x/y'), 'meta.json'))).toBe(true);
  });

  it('picks up vectors a concurrent build appends (refresh)', () => {
    const root = tmp();
    const a = EmbeddingCache.open(root, 'e');
    a.setDims(2);
    a.putMany(['first'], [vec(1, 0)]);
    const b = EmbeddingCache.open(root, 'e');
    expect(b.get('first')).toEqual(vec(1, 0));
    a.putMany(['second', 'third'], [vec(0, 1), vec(1, 1)]);
    expect(b.get('second')).toBeUndefined();
    expect(b.refresh()).toBe(2);
    expect(b.get('third')).toEqual(vec(1, 1));
    expect(b.refresh()).toBe(0);
    a.close();
  });

  it('ignores a torn last record (a build killed mid-write)', () => {
    const root = tmp();
    const a = EmbeddingCache.open(root, 'e');
    a.setDims(2);
    a.putMany(['one', 'two'], [vec(1, 2), vec(3, 4)]);
    a.close();
    const dir = path.join(root, 'e');
    const shard = fs.readdirSync(dir).find((f) => f.startsWith('shard-'))!;
    const p = path.join(dir, shard);
    fs.truncateSync(p, fs.statSync(p).size - 3);
    const b = EmbeddingCache.open(root, 'e');
    expect(b.get('one')).toEqual(vec(1, 2));
    expect(b.get('two')).toBeUndefined();
    expect(b.size).toBe(1);
  });

  it('drops stored vectors when the dimension changes', () => {
    const root = tmp();
    const a = EmbeddingCache.open(root, 'e');
    a.setDims(2);
    a.putMany(['one'], [vec(1, 2)]);
    a.close();
    const b = EmbeddingCache.open(root, 'e');
    b.setDims(3);
    expect(b.get('one')).toBeUndefined();
    expect(() => b.putMany(['x'], [vec(1, 2)])).toThrow(/expected 3/);
    b.close();
  });
});
