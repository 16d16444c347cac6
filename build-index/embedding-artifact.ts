/**
 * The committed embedding artifact (data/embeddings/<vector id>/): the shipped dataset's document
 * vectors, exactly as the index stores them (int8 codes + one float32 scale per vector), keyed by
 * text hash. A fresh clone assembles public/index/ from it instead of embedding ~21k texts; any
 * text it lacks (a changed dataset, Kaggle's originals) is embedded as usual.
 *
 * Layout: meta.json + shards/<xx>.bin, where xx is the first byte of the key in hex. A shard is a
 * run of records sorted by key: key (16 bytes) | scale (float32 LE) | codes (dims × int8).
 * key = first 16 bytes of sha256(vectorId + "\0" + text) (the embedding cache's key, cut to 128
 * bits). Sharding by key keeps a data change cheap in git: only the shards of changed texts are
 * rewritten (~44 KB each for 21k texts), and records never move between shards.
 *
 * Written only by `npm run build-index -- --write-artifact` (see data/embeddings/README.md);
 * output depends on the texts and their vectors only (no time-stamps), so rewriting an unchanged
 * artifact changes no byte.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { QuantizedVectors } from '../src/core/quantize.ts';
import { embedderDirName } from './embedding-cache.ts';

export const ARTIFACT_FORMAT = 'cinechat-embedding-artifact';
export const ARTIFACT_VERSION = 1;
export const KEY_BYTES = 16;

export interface ArtifactMeta {
  format: typeof ARTIFACT_FORMAT;
  version: typeof ARTIFACT_VERSION;
  /** The embedder as recorded in index manifests (what the browser loads for queries). */
  embedder: string;
  /** Embedder + document procedure (e.g. use-lite+L128); part of every key. */
  vectorId: string;
  dims: number;
  key: string;
  record: string;
  /** Records in all shards. */
  count: number;
  /** Per shard file (shards/<name>.bin), by name: records and sha256 of the file. */
  shards: Array<{ name: string; records: number; sha256: string }>;
  /** Digest of the model files the vectors came from; another model means another artifact. */
  model: { sha256: string };
  /**
   * What computed them (informative): the runtime package and the CPU. Another runtime version or
   * CPU family can move last bits (onnxruntime picks kernels by CPU features): vectors still agree
   * to cosine ≥ 0.9999, but a fresh build is then byte-identical only after regenerating.
   */
  producer?: { runtime: string; cpu: string };
  /**
   * The text list the artifact was written for (index row order) and the int8-vs-float32 recall
   * measured then from float vectors; a build of exactly these texts reports that figure.
   */
  dataset: { texts: number; textsSha256: string; recallAt10VsFloat32?: number; sampleQueries?: number };
}

export interface ArtifactRow {
  scale: number;
  /** A view into the shard buffer: copy before keeping it past the artifact. */
  codes: Int8Array;
}

const sha256hex = (data: Uint8Array | string) => crypto.createHash('sha256').update(data).digest('hex');

/** Digest of a build's ordered text list (what `dataset.textsSha256` records). */
export function textsDigest(texts: readonly string[]): string {
  const h = crypto.createHash('sha256');
  for (const t of texts) h.update(t).update('\0');
  return h.digest('hex');
}

export function artifactKey(vectorId: string, text: string): Buffer {
  return crypto
    .createHash('sha256')
    .update(vectorId)
    .update('\0')
    .update(text)
    .digest()
    .subarray(0, KEY_BYTES);
}

export function artifactDir(root: string, vectorId: string): string {
  return path.join(root, embedderDirName(vectorId));
}

export class EmbeddingArtifact {
  private readonly rows = new Map<string, { buf: Buffer; offset: number }>();

  private constructor(
    readonly dir: string,
    readonly meta: ArtifactMeta,
  ) {}

  /**
   * Open the artifact of `vectorId` under `root`, or null when there is none. Throws when it is
   * there but damaged (a shard's sha256 or size disagrees with meta.json): a silent fallback would
   * hide a bad commit behind a 10-minute embedding run.
   */
  static open(root: string, vectorId: string): EmbeddingArtifact | null {
    const dir = artifactDir(root, vectorId);
    const metaPath = path.join(dir, 'meta.json');
    if (!fs.existsSync(metaPath)) return null;
    const meta = JSON.parse(fs.readFileSync(metaPath, 'utf8')) as ArtifactMeta;
    if (meta.format !== ARTIFACT_FORMAT || meta.version !== ARTIFACT_VERSION || meta.vectorId !== vectorId) {
      throw new Error(`${metaPath}: not a version-${ARTIFACT_VERSION} artifact of ${vectorId}`);
    }
    const art = new EmbeddingArtifact(dir, meta);
    const rec = KEY_BYTES + 4 + meta.dims;
    let count = 0;
    for (const info of meta.shards) {
      const name = info.name;
      const file = path.join(dir, 'shards', `${name}.bin`);
      const buf = fs.readFileSync(file);
      if (buf.byteLength !== info.records * rec || sha256hex(buf) !== info.sha256) {
        throw new Error(`${file} does not match meta.json (size or sha256): regenerate the artifact`);
      }
      for (let off = 0; off < buf.byteLength; off += rec) {
        art.rows.set(buf.toString('hex', off, off + KEY_BYTES), { buf, offset: off + KEY_BYTES });
      }
      count += info.records;
    }
    if (count !== meta.count || art.rows.size !== count) {
      throw new Error(`${metaPath}: ${art.rows.size} distinct records, meta says ${meta.count}`);
    }
    return art;
  }

  get size(): number {
    return this.rows.size;
  }

  get(text: string): ArtifactRow | undefined {
    const r = this.rows.get(artifactKey(this.meta.vectorId, text).toString('hex'));
    if (!r) return undefined;
    return {
      scale: r.buf.readFloatLE(r.offset),
      codes: new Int8Array(r.buf.buffer, r.buf.byteOffset + r.offset + 4, this.meta.dims),
    };
  }
}

export interface WriteArtifactInput {
  embedder: string;
  vectorId: string;
  modelSha256: string;
  producer?: ArtifactMeta['producer'];
  /** Index rows: texts[r] has the quantized row r of `vectors`. */
  texts: readonly string[];
  vectors: QuantizedVectors;
  recall?: { recallAt10VsFloat32: number; sampleQueries: number };
}

/**
 * Write (replace) the artifact under `root` from a build's texts and quantized rows. Repeated
 * texts are stored once. Shards whose bytes do not change are not rewritten; shards of the old
 * artifact that no text maps to any more are removed. Returns the meta written.
 */
export function writeArtifact(root: string, input: WriteArtifactInput): ArtifactMeta {
  const { vectors: q, texts, vectorId } = input;
  if (texts.length !== q.rows) throw new Error(`writeArtifact: ${texts.length} texts, ${q.rows} rows`);
  const dir = artifactDir(root, vectorId);
  const shardDir = path.join(dir, 'shards');
  fs.mkdirSync(shardDir, { recursive: true });
  const rec = KEY_BYTES + 4 + q.dims;

  const byShard = new Map<string, Array<{ key: Buffer; row: number }>>();
  const seen = new Set<string>();
  texts.forEach((t, row) => {
    const key = artifactKey(vectorId, t);
    const hex = key.toString('hex');
    if (seen.has(hex)) return;
    seen.add(hex);
    const name = hex.slice(0, 2);
    if (!byShard.has(name)) byShard.set(name, []);
    byShard.get(name)!.push({ key, row });
  });

  const shards: ArtifactMeta['shards'] = [];
  for (const name of [...byShard.keys()].sort()) {
    const entries = byShard.get(name)!.sort((a, b) => Buffer.compare(a.key, b.key));
    const buf = Buffer.alloc(entries.length * rec);
    entries.forEach(({ key, row }, i) => {
      const off = i * rec;
      key.copy(buf, off);
      buf.writeFloatLE(q.scales[row], off + KEY_BYTES);
      const codes = q.codes.subarray(row * q.dims, (row + 1) * q.dims);
      buf.set(new Uint8Array(codes.buffer, codes.byteOffset, q.dims), off + KEY_BYTES + 4);
    });
    const file = path.join(shardDir, `${name}.bin`);
    if (!(fs.existsSync(file) && fs.readFileSync(file).equals(buf))) fs.writeFileSync(file, buf);
    shards.push({ name, records: entries.length, sha256: sha256hex(buf) });
  }
  const names = new Set(shards.map((sh) => `${sh.name}.bin`));
  for (const f of fs.readdirSync(shardDir)) {
    if (f.endsWith('.bin') && !names.has(f)) fs.rmSync(path.join(shardDir, f));
  }

  const meta: ArtifactMeta = {
    format: ARTIFACT_FORMAT,
    version: ARTIFACT_VERSION,
    embedder: input.embedder,
    vectorId,
    dims: q.dims,
    key: `first ${KEY_BYTES} bytes of sha256(vectorId + "\\0" + text)`,
    record: `key[${KEY_BYTES}] | scale float32 LE | codes int8[${q.dims}]; vector = codes × scale (the index's int8 row)`,
    count: seen.size,
    shards,
    model: { sha256: input.modelSha256 },
    ...(input.producer ? { producer: input.producer } : {}),
    dataset: {
      texts: texts.length,
      textsSha256: textsDigest(texts),
      ...(input.recall ?? {}),
    },
  };
  // One line per shard: a data change shows as the changed shards' lines in a diff.
  const json = JSON.stringify({ ...meta, shards: [] }, null, 2).replace(
    '"shards": []',
    `"shards": [\n${shards.map((sh) => `    ${JSON.stringify(sh)}`).join(',\n')}\n  ]`,
  );
  fs.writeFileSync(path.join(dir, 'meta.json'), json + '\n');
  return meta;
}
