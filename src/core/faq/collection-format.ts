/**
 * Format of the small embedded collections shipped next to the movie index (`faq.<hash>.json`,
 * `intents.<hash>.json`), written by build-index/collections.ts and read here in pure code (the
 * worker and Node tests share it). Vectors use the same int8-per-vector quantization as the movie
 * index (cosine error ~1e-3, 4x smaller than float32), base64-encoded so the file stays plain JSON.
 */
import { l2normalize } from '../rank/vec.ts';

export const COLLECTION_FORMAT_VERSION = 1;

export interface EmbeddedCollectionFile<T> {
  formatVersion: typeof COLLECTION_FORMAT_VERSION;
  kind: 'faq' | 'intents';
  embedder: { id: string; dims: number };
  /** One entry per vector row. */
  items: T[];
  /** The text that was embedded for each row. */
  texts: string[];
  vectors: { scales: number[]; codes: string };
}

export interface EmbeddedCollection<T> {
  embedderId: string;
  items: T[];
  texts: string[];
  vectors: Float32Array[];
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 without relying on Buffer (Node) or atob (DOM), so the core stays runtime-neutral. */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

export function base64ToBytes(s: string): Uint8Array {
  const clean = s.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const n =
      (B64.indexOf(clean[i]) << 18) |
      (B64.indexOf(clean[i + 1]) << 12) |
      ((B64.indexOf(clean[i + 2] ?? 'A') & 63) << 6) |
      (B64.indexOf(clean[i + 3] ?? 'A') & 63);
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** Quantize unit vectors and wrap them with their items into the shipped file shape. */
export function encodeCollection<T>(
  kind: 'faq' | 'intents',
  embedder: { id: string; dims: number },
  items: T[],
  texts: string[],
  vectors: Float32Array[],
): EmbeddedCollectionFile<T> {
  const dims = embedder.dims;
  const codes = new Int8Array(vectors.length * dims);
  const scales: number[] = [];
  vectors.forEach((v, r) => {
    let maxabs = 0;
    for (let j = 0; j < dims; j++) maxabs = Math.max(maxabs, Math.abs(v[j]));
    const scale = maxabs > 0 ? maxabs / 127 : 0;
    scales.push(scale);
    for (let j = 0; j < dims; j++) codes[r * dims + j] = scale > 0 ? Math.round(v[j] / scale) : 0;
  });
  return {
    formatVersion: COLLECTION_FORMAT_VERSION,
    kind,
    embedder: { id: embedder.id, dims },
    items,
    texts,
    vectors: { scales, codes: bytesToBase64(new Uint8Array(codes.buffer)) },
  };
}

/** Decode a parsed collection file; throws a clear message on a malformed or foreign file. */
export function decodeCollection<T>(json: unknown, kind: 'faq' | 'intents'): EmbeddedCollection<T> {
  const f = json as Partial<EmbeddedCollectionFile<T>>;
  if (!f || f.formatVersion !== COLLECTION_FORMAT_VERSION || f.kind !== kind) {
    throw new Error(`Not a ${kind} collection (format ${COLLECTION_FORMAT_VERSION}).`);
  }
  if (!f.embedder || !Array.isArray(f.items) || !Array.isArray(f.texts) || !f.vectors) {
    throw new Error(`The ${kind} collection is missing items, texts or vectors.`);
  }
  const dims = f.embedder.dims;
  const codes = new Int8Array(base64ToBytes(f.vectors.codes).buffer);
  if (codes.length !== f.items.length * dims || f.vectors.scales.length !== f.items.length) {
    throw new Error(`The ${kind} collection has ${f.items.length} items but vectors for another count.`);
  }
  const vectors = f.items.map((_, r) => {
    const v = new Float32Array(dims);
    const s = f.vectors!.scales[r];
    for (let j = 0; j < dims; j++) v[j] = codes[r * dims + j] * s;
    return l2normalize(v);
  });
  return { embedderId: f.embedder.id, items: f.items, texts: f.texts, vectors };
}
