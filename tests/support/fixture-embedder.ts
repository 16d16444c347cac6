/**
 * The vector memo behind the tests' embedder: the fixture's fixed texts (414 movie documents, the
 * intent examples, the FAQ) are embedded once per `vitest run` instead of once per test file.
 *
 * `tests/support/global-setup.ts` records those texts' vectors from the real embedder at the start of
 * the run (recordingEmbedder) and writes them to a temporary file (writeMemo);
 * `tests/support/test-embedder.ts` reads it back (readMemo) and answers those texts from it, embedding
 * everything else (every query, every patched movie) with the real model (memoEmbedder). Nothing
 * persists across runs, so a changed model or text can never be answered from an old vector.
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

export function writeMemo(base: string, memo: VectorMemo, dims: number): void {
  const texts = [...memo.keys()];
  const flat = new Float32Array(texts.length * dims);
  texts.forEach((t, i) => flat.set(memo.get(t)!, i * dims));
  fs.writeFileSync(`${base}.json`, JSON.stringify({ dims, texts }));
  fs.writeFileSync(`${base}.bin`, Buffer.from(flat.buffer));
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
