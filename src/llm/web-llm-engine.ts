/**
 * LlmEngine backed by @mlc-ai/web-llm running in its own worker (workers/llm.worker.ts).
 * web-llm is imported lazily, so none of its ~6 MB lands in the main bundle until a person
 * chooses to load a model. A WebGPU failure or an out-of-memory in the worker leaves search working.
 */
import type { AppConfig, ChatCompletionMessageParam, WebWorkerMLCEngine } from '@mlc-ai/web-llm';
import {
  LlmCancelledError,
  type ChatMessage,
  type LlmCallOptions,
  type LlmEngine,
  type LlmLoadProgress,
} from '../core/conversation/llm-port.ts';
import { CURATED_MODELS } from './models.ts';

/**
 * Weight cache: the Cache API ('cache'). Reasons: it is web-llm's most tested backend (its docs
 * say so), and it is what the model URLs were designed for (one entry per fetched shard).
 * IndexedDB was web-llm's answer to Cache API quota errors (mlc-ai/web-llm#144), but it fails the
 * same way under a small quota, only later and with missing shards (#374) — the quota, not the
 * backend, is the problem. OPFS is newer and less tested in web-llm. So we keep 'cache' and deal
 * with the quota up front: ask for persistent storage and check `navigator.storage.estimate()`
 * against the model's size before downloading (see `checkStorageFor`).
 */
export const CACHE_BACKEND: NonNullable<AppConfig['cacheBackend']> = 'cache';

export class LlmStorageError extends Error {
  override name = 'LlmStorageError';
}

/** Throws a clear LlmStorageError when the origin's free quota cannot hold the model. */
export async function checkStorageFor(modelId: string): Promise<void> {
  const model = CURATED_MODELS.find((m) => m.id === modelId);
  const storage = globalThis.navigator?.storage;
  if (!model || !storage?.estimate) return;
  // Persistent storage protects gigabytes of weights from eviction; refusal is not an error.
  await storage.persist?.().catch(() => false);
  const { quota = 0, usage = 0 } = await storage.estimate();
  // Weights are roughly the VRAM figure minus the KV cache; use the VRAM figure as an upper bound.
  const need = model.vramMB * 1024 * 1024;
  if (quota && quota - usage < need) {
    const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
    throw new LlmStorageError(
      `Not enough browser storage for ${model.label}: it needs about ${mb(need)}, ${mb(quota - usage)} is free. ` +
        'Free disk space, leave private browsing, or pick a smaller model.',
    );
  }
}

export interface WebLlmEngineOptions {
  /** Creates the worker; the default uses workers/llm.worker.ts via vite's worker import. */
  createWorker?: () => Worker;
}

export function createWebLlmEngine(opts: WebLlmEngineOptions = {}): LlmEngine {
  let engine: WebWorkerMLCEngine | null = null;
  let worker: Worker | null = null;
  let modelId: string | null = null;
  let rejectLoad: ((e: Error) => void) | null = null;

  const makeWorker =
    opts.createWorker ??
    (() => new Worker(new URL('../../workers/llm.worker.ts', import.meta.url), { type: 'module' }));

  const toParams = (messages: ChatMessage[]): ChatCompletionMessageParam[] =>
    messages.map((m) => ({ role: m.role, content: m.content }) as ChatCompletionMessageParam);

  function terminate() {
    worker?.terminate();
    worker = null;
    engine = null;
    modelId = null;
  }

  const api: LlmEngine = {
    get modelId() {
      return modelId;
    },
    async load(id: string, onProgress?: (p: LlmLoadProgress) => void) {
      await checkStorageFor(id);
      const webllm = await import('@mlc-ai/web-llm');
      if (engine && modelId === id) return;
      terminate();
      worker = makeWorker();
      const appConfig: AppConfig = { ...webllm.prebuiltAppConfig, cacheBackend: CACHE_BACKEND };
      const cancelled = new Promise<never>((_, reject) => (rejectLoad = reject));
      try {
        engine = await Promise.race([
          webllm.CreateWebWorkerMLCEngine(worker, id, {
            appConfig,
            initProgressCallback: (r) =>
              onProgress?.({ progress: r.progress, text: r.text, timeElapsedS: r.timeElapsed }),
          }),
          cancelled,
        ]);
        modelId = id;
      } catch (e) {
        terminate();
        throw e;
      } finally {
        rejectLoad = null;
      }
    },
    cancel() {
      if (rejectLoad) {
        // web-llm cannot abort a download in progress; ending the worker stops it for sure.
        rejectLoad(new LlmCancelledError('Model download cancelled.'));
        terminate();
      } else engine?.interruptGenerate();
    },
    async chatJson(messages: ChatMessage[], schema: object, o: LlmCallOptions = {}) {
      if (!engine) throw new Error('No model loaded.');
      const reply = await engine.chat.completions.create({
        messages: toParams(messages),
        temperature: o.temperature ?? 0,
        max_tokens: o.maxTokens ?? 400,
        // web-llm's grammar-constrained JSON: `json_object` + a schema string. (An OpenAI-style
        // `json_schema` type is silently ignored by web-llm 0.2.86.)
        response_format: { type: 'json_object', schema: JSON.stringify(schema) },
        stream: false,
      });
      return reply.choices[0]?.message?.content ?? '';
    },
    async *chatStream(messages: ChatMessage[], o: LlmCallOptions = {}) {
      if (!engine) throw new Error('No model loaded.');
      const chunks = await engine.chat.completions.create({
        messages: toParams(messages),
        temperature: o.temperature ?? 0.3,
        max_tokens: o.maxTokens ?? 300,
        stream: true,
      });
      for await (const c of chunks) {
        if (o.signal?.aborted) {
          engine.interruptGenerate();
          break;
        }
        const text = c.choices[0]?.delta?.content;
        if (text) yield text;
      }
    },
    async unload() {
      await engine?.unload().catch(() => undefined);
      terminate();
    },
  };
  return api;
}
