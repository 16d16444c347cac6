/**
 * worker_threads entry of the embedding pool: loads its own copy of the embedder, then embeds
 * the batches the main thread posts. Messages: in { id, texts } → out { id, vectors } | { id, error }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDocumentEmbedder } from './embed-pool.ts';
import type { DocRuntime } from './embedding-cache.ts';

interface WorkerInit {
  embedderId: string;
  runtime?: DocRuntime;
}

const port = parentPort!;
const { embedderId, runtime } = workerData as WorkerInit;

try {
  const embedder = await createDocumentEmbedder(embedderId, runtime ?? 'tfjs');
  port.on('message', async (msg: { id: number; texts: string[] }) => {
    try {
      const vectors = await embedder.embed(msg.texts);
      port.postMessage(
        { id: msg.id, vectors },
        vectors.map((v) => v.buffer as ArrayBuffer),
      );
    } catch (e) {
      port.postMessage({ id: msg.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
  port.postMessage({ ready: true, dims: embedder.dims, id: embedder.id });
} catch (e) {
  port.postMessage({ ready: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
