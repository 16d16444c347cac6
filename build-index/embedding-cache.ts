/**
 * On-disk embedding cache: `<root>/<embedder-id>/`, keyed by sha256(embedder id + text).
 * Vectors are appended to shard files as they are computed (one shard per build process), so an
 * interrupted build keeps everything it embedded and a rebuild re-embeds only texts it has not seen.
 * A torn record at the end of a shard (crash mid-write) is ignored on load.
 *
 * Record layout: 32-byte sha256 key, then dims × float32 little-endian.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const KEY_BYTES = 32;

interface CacheMeta {
  embedderId: string;
  dims: number;
  format: 'sha256+f32le';
}

/** Folder-safe form of an embedder id ("hf:Xenova/all-MiniLM-L6-v2" → "hf_Xenova_all-MiniLM-L6-v2"). */
export function embedderDirName(embedderId: string): string {
  return embedderId.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** What computes a build's document vectors: tfjs-wasm (as the browser) or onnxruntime-node. */
export type DocRuntime = 'tfjs' | 'ort';

/**
 * Id of the document vectors a build computes with `embedderId` on `runtime`: the embedder plus its
 * document procedure. use-lite documents are embedded with every model call padded to the model's 128
 * tokens (src/embed/use-lite.ts padToMaxTokens; build-index/ort-use-lite.ts), which makes each
 * vector a function of its text alone; tfjs and onnxruntime agree to cosine ≥ 0.99999 but not to the
 * last bit, so each has its own id. Vectors made another way (the caches of older builds) live under
 * another id. Cache and artifact keys include this id.
 */
export function documentVectorId(embedderId: string, runtime: DocRuntime = 'tfjs'): string {
  if (embedderId !== 'use-lite') return embedderId;
  return runtime === 'ort' ? 'use-lite+L128+ort' : 'use-lite+L128';
}

export class EmbeddingCache {
  private readonly vectors = new Map<string, Float32Array>();
  /** Bytes already read per shard file (whole records only). */
  private readonly loaded = new Map<string, number>();
  /** This process's shard: never re-read (its vectors are in memory already). */
  private ownShard: string | null = null;
  private shardFd: number | null = null;
  private dimsValue: number | null;
  /** Records appended by this process. */
  written = 0;

  private constructor(
    readonly dir: string,
    readonly embedderId: string,
    dims: number | null,
  ) {
    this.dimsValue = dims;
  }

  /** Open (and load) the cache of one embedder. `dims` may be unknown until the model loads. */
  static open(root: string, embedderId: string): EmbeddingCache {
    const dir = path.join(root, embedderDirName(embedderId));
    const metaPath = path.join(dir, 'meta.json');
    let dims: number | null = null;
    if (fs.existsSync(metaPath)) {
      const meta = JSON.parse(fs.readFileSync(metaPath, 'utf8')) as CacheMeta;
      if (meta.embedderId === embedderId && meta.format === 'sha256+f32le' && meta.dims > 0) dims = meta.dims;
    }
    const cache = new EmbeddingCache(dir, embedderId, dims);
    if (dims !== null) cache.load();
    return cache;
  }

  get dims(): number | null {
    return this.dimsValue;
  }

  get size(): number {
    return this.vectors.size;
  }

  key(text: string): string {
    return crypto.createHash('sha256').update(this.embedderId).update('\0').update(text).digest('hex');
  }

  get(text: string): Float32Array | undefined {
    return this.vectors.get(this.key(text));
  }

  /** Set the dimension once the model is known; a mismatch with stored vectors discards them. */
  setDims(dims: number): void {
    if (this.dimsValue === dims) return;
    if (this.dimsValue !== null) this.vectors.clear();
    this.dimsValue = dims;
    fs.mkdirSync(this.dir, { recursive: true });
    for (const f of this.shardFiles()) fs.rmSync(path.join(this.dir, f));
    this.loaded.clear();
    const meta: CacheMeta = { embedderId: this.embedderId, dims, format: 'sha256+f32le' };
    fs.writeFileSync(path.join(this.dir, 'meta.json'), JSON.stringify(meta));
  }

  /** Store vectors and append them to this process's shard (synchronously: survives a crash). */
  putMany(texts: string[], vecs: Float32Array[]): void {
    const dims = this.dimsValue;
    if (dims === null) throw new Error('EmbeddingCache: setDims() before putMany()');
    const rec = KEY_BYTES + dims * 4;
    const buf = Buffer.alloc(rec * texts.length);
    texts.forEach((t, i) => {
      const key = this.key(t);
      const v = vecs[i];
      if (v.length !== dims) throw new Error(`EmbeddingCache: vector of ${v.length} dims, expected ${dims}`);
      this.vectors.set(key, v);
      buf.write(key, i * rec, 'hex');
      for (let j = 0; j < dims; j++) buf.writeFloatLE(v[j], i * rec + KEY_BYTES + j * 4);
    });
    if (this.shardFd === null) {
      fs.mkdirSync(this.dir, { recursive: true });
      const name = `shard-${Date.now().toString(36)}-${process.pid}-${crypto.randomBytes(3).toString('hex')}.bin`;
      this.ownShard = name;
      this.shardFd = fs.openSync(path.join(this.dir, name), 'a');
    }
    fs.writeSync(this.shardFd, buf);
    this.written += texts.length;
  }

  close(): void {
    if (this.shardFd !== null) fs.closeSync(this.shardFd);
    this.shardFd = null;
  }

  private shardFiles(): string[] {
    if (!fs.existsSync(this.dir)) return [];
    return fs
      .readdirSync(this.dir)
      .filter((f) => f.startsWith('shard-') && f.endsWith('.bin'))
      .sort();
  }

  /**
   * Pick up vectors that other processes (a concurrent dev build) appended since the last load,
   * so two builds never embed the same text twice. Returns how many were new.
   */
  refresh(): number {
    if (this.dimsValue === null) return 0;
    const before = this.vectors.size;
    this.load();
    return this.vectors.size - before;
  }

  private load(): void {
    const dims = this.dimsValue!;
    const rec = KEY_BYTES + dims * 4;
    for (const f of this.shardFiles()) {
      if (f === this.ownShard) continue;
      const p = path.join(this.dir, f);
      const start = this.loaded.get(f) ?? 0;
      const size = fs.statSync(p).size;
      const n = Math.floor((size - start) / rec); // a torn (or still growing) last record waits
      if (n <= 0) continue;
      const buf = Buffer.alloc(n * rec);
      const fd = fs.openSync(p, 'r');
      fs.readSync(fd, buf, 0, buf.length, start);
      fs.closeSync(fd);
      this.loaded.set(f, start + n * rec);
      for (let i = 0; i < n; i++) {
        const off = i * rec;
        const key = buf.toString('hex', off, off + KEY_BYTES);
        const v = new Float32Array(dims);
        for (let j = 0; j < dims; j++) v[j] = buf.readFloatLE(off + KEY_BYTES + j * 4);
        this.vectors.set(key, v);
      }
    }
  }
}
