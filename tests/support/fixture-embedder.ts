/**
 * The vector memo behind the tests' embedder: the fixture's fixed texts (414 movie documents, the
 * intent examples, the FAQ) are embedded once per `vitest run` instead of once per test file.
 *
 * `tests/support/global-setup.ts` names a temporary path for the run. The first test file that needs
 * the embedder records those texts' vectors from the real model (recordingEmbedder) and writes them
 * there (sharedMemo, under a lock, so test files running at the same time compute it once and a run
 * that needs no model computes nothing); `tests/support/test-embedder.ts` answers those texts from it,
 * embedding everything else (every query, every patched movie) with the real model (memoEmbedder).
 * Nothing persists across runs, so a changed model or text can never be answered from an old vector.
 */
import fs from 'node:fs';
import type { Embedder } from '../../src/core/types.ts';

export type VectorMemo = Map<string, Float32Array>;

/** An embedder that answers the texts in `memo` from it and asks `inner` for the rest (in one batch). */
export function memoEmbedder(inner: Embedder, memo: VectorMemo): Embedder {
  return {
    id: inner.id,
    dims: inner.dims,
    async embed(texts) {
      const missing = [...new Set(texts.filter((t) => !memo.has(t)))];
      const fresh = missing.length ? await inner.embed(missing) : [];
      const computed = new Map(missing.map((t, i) => [t, fresh[i]!]));
      return texts.map((t) => memo.get(t) ?? computed.get(t)!);
    },
  };
}

/** Records every text `inner` is asked to embed, with its vector (for the global setup). */
export function recordingEmbedder(inner: Embedder, into: VectorMemo): Embedder {
  return {
    id: inner.id,
    dims: inner.dims,
    async embed(texts) {
      const vecs = await inner.embed(texts);
      texts.forEach((t, i) => into.set(t, vecs[i]!));
      return vecs;
    },
  };
}

/** Writes the memo as `${base}.bin` then `${base}.json`, each by rename: a present .json means complete. */
export function writeMemo(base: string, memo: VectorMemo, dims: number): void {
  const texts = [...memo.keys()];
  const flat = new Float32Array(texts.length * dims);
  texts.forEach((t, i) => flat.set(memo.get(t)!, i * dims));
  const atomically = (file: string, data: string | Buffer) => {
    fs.writeFileSync(`${file}.${process.pid}.tmp`, data);
    fs.renameSync(`${file}.${process.pid}.tmp`, file);
  };
  atomically(`${base}.bin`, Buffer.from(flat.buffer));
  atomically(`${base}.json`, JSON.stringify({ dims, texts }));
}

export interface SharedMemoOptions {
  /** How long a process waits for another one's memo before going on without it. */
  waitMs?: number;
  pollMs?: number;
}

/**
 * The memo at `base`, computed by the first caller across processes (a `${base}.lock` directory
 * decides who) and read by the rest once written. If the computing process fails (`${base}.failed`)
 * or takes longer than `waitMs`, the others go on with an empty memo: slower, never wrong.
 */
export async function sharedMemo(
  base: string,
  compute: () => Promise<{ memo: VectorMemo; dims: number }>,
  { waitMs = 240_000, pollMs = 100 }: SharedMemoOptions = {},
): Promise<VectorMemo> {
  if (fs.existsSync(`${base}.json`)) return readMemo(base);
  if (claim(`${base}.lock`)) {
    try {
      const { memo, dims } = await compute();
      writeMemo(base, memo, dims);
      return memo;
    } catch (e) {
      fs.writeFileSync(`${base}.failed`, String(e));
      throw e;
    }
  }
  const end = Date.now() + waitMs;
  while (Date.now() < end) {
    if (fs.existsSync(`${base}.json`)) return readMemo(base);
    if (fs.existsSync(`${base}.failed`)) break;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  console.warn(`fixture vectors at ${base} never arrived: embedding them in this process`);
  return new Map();
}

function claim(lockDir: string): boolean {
  try {
    fs.mkdirSync(lockDir);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

export function readMemo(base: string): VectorMemo {
  const { dims, texts } = JSON.parse(fs.readFileSync(`${base}.json`, 'utf8')) as {
    dims: number;
    texts: string[];
  };
  const buf = fs.readFileSync(`${base}.bin`);
  const flat = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  return new Map(texts.map((t, i) => [t, flat.slice(i * dims, (i + 1) * dims)]));
}
