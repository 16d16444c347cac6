/**
 * Embeds texts in this thread or spread over worker_threads (each worker loads its own model).
 * Batches are handed out dynamically, so a slow worker never holds the others up. Results are
 * reported per batch, so the caller can cache them at once (an interrupt loses little).
 *
 * Measured on the 2-core build machine: see build-index/README.md (2 workers vs 1).
 */
import { Worker } from 'node:worker_threads';
import type { Embedder } from '../src/core/types.ts';
import { createNodeEmbedder } from '../src/embed/node.ts';
import type { DocRuntime } from './embedding-cache.ts';

/** The document embedder of `embedderId` on `runtime` (ort: use-lite on onnxruntime-node). */
export async function createDocumentEmbedder(embedderId: string, runtime: DocRuntime): Promise<Embedder> {
  if (runtime === 'ort' && embedderId === 'use-lite') {
    const { createOrtUseLiteEmbedder } = await import('./ort-use-lite.ts');
    return createOrtUseLiteEmbedder();
  }
  return createNodeEmbedder(embedderId, { documents: true });
}

export type OnBatch = (indices: number[], vectors: Float32Array[]) => void;

export interface EmbedPool {
  readonly dims: number;
  /** Embed all `texts`; `onBatch` gets indices into `texts` and their vectors. */
  embed(texts: string[], onBatch: OnBatch): Promise<void>;
  close(): Promise<void>;
}

type WorkerReply =
  | { ready: true; dims: number; id: string }
  | { ready: false; error: string }
  | { id: number; vectors: Float32Array[] }
  | { id: number; error: string };

/** Load a TypeScript worker: the eval'd bootstrap registers tsx inside the worker first. */
function startTsWorker(file: URL, workerData: unknown): Worker {
  const boot = `import('tsx/esm/api').then((m) => m.tsImport(${JSON.stringify(file.href)}, ${JSON.stringify(
    import.meta.url,
  )}))`;
  return new Worker(boot, { eval: true, workerData });
}

function batchesOf(count: number, size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < count; i += size)
    out.push(Array.from({ length: Math.min(size, count - i) }, (_, k) => i + k));
  return out;
}

/** In-thread pool (workers = 1): no thread start-up, same interface. */
export function inThreadPool(embedder: Embedder, batchSize = 64): EmbedPool {
  return {
    dims: embedder.dims,
    async embed(texts, onBatch) {
      for (const batch of batchesOf(texts.length, batchSize)) {
        onBatch(batch, await embedder.embed(batch.map((i) => texts[i])));
      }
    },
    async close() {},
  };
}

interface PoolWorker {
  worker: Worker;
  /** Resolves with the reply to the message in flight. */
  request(texts: string[]): Promise<Float32Array[]>;
}

function wrapWorker(worker: Worker): Promise<{ pw: PoolWorker; dims: number }> {
  return new Promise((resolve, reject) => {
    let nextId = 0;
    const pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
    const failAll = (e: Error) => {
      for (const p of pending.values()) p.reject(e);
      pending.clear();
      reject(e);
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`embedding worker exited (code ${code})`)));
    worker.on('message', (msg: WorkerReply) => {
      if ('ready' in msg) {
        if (!msg.ready) return failAll(new Error(`embedding worker failed to load: ${msg.error}`));
        return resolve({
          dims: msg.dims,
          pw: {
            worker,
            request(texts) {
              const id = nextId++;
              return new Promise((res, rej) => {
                pending.set(id, { resolve: res, reject: rej });
                worker.postMessage({ id, texts });
              });
            },
          },
        });
      }
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if ('error' in msg) p?.reject(new Error(`embedding worker: ${msg.error}`));
      else p?.resolve(msg.vectors);
    });
  });
}

/** Start `workers` threads (1 = in this thread) that each load the document embedder `embedderId` on `runtime`. */
export async function startEmbedPool(
  embedderId: string,
  workers: number,
  batchSize = 64,
  runtime: DocRuntime = 'tfjs',
): Promise<EmbedPool> {
  if (workers <= 1) return inThreadPool(await createDocumentEmbedder(embedderId, runtime), batchSize);
  const raw = Array.from({ length: workers }, () =>
    startTsWorker(new URL('./embed-worker.ts', import.meta.url), { embedderId, runtime }),
  );
  let started: Array<{ pw: PoolWorker; dims: number }>;
  try {
    started = await Promise.all(raw.map(wrapWorker));
  } catch (e) {
    await Promise.all(raw.map((w) => w.terminate()));
    throw e;
  }
  const pws = started.map((s) => s.pw);
  return {
    dims: started[0].dims,
    async embed(texts, onBatch) {
      const queue = batchesOf(texts.length, batchSize);
      await Promise.all(
        pws.map(async (pw) => {
          for (let batch = queue.shift(); batch; batch = queue.shift()) {
            onBatch(batch, await pw.request(batch.map((i) => texts[i])));
          }
        }),
      );
    },
    async close() {
      for (const pw of pws) pw.worker.removeAllListeners('exit');
      await Promise.all(pws.map((pw) => pw.worker.terminate()));
    },
  };
}

/** Every text's vector, in order, from a pool of `workers` started for the call and closed after it. */
export async function embedAllInPool(
  texts: string[],
  embedderId: string,
  opts: { workers: number; batchSize?: number; runtime?: DocRuntime },
): Promise<Float32Array[]> {
  const pool = await startEmbedPool(embedderId, opts.workers, opts.batchSize, opts.runtime);
  const out = new Array<Float32Array>(texts.length);
  try {
    await pool.embed(texts, (idx, vecs) => idx.forEach((i, k) => (out[i] = vecs[k])));
  } finally {
    await pool.close();
  }
  return out;
}
