/**
 * LlmEngine backed by @mlc-ai/web-llm running in its own worker (workers/llm.worker.ts).
 * web-llm is imported lazily, so none of its ~6 MB lands in the main bundle until a person
 * chooses to load a model. A WebGPU failure or an out-of-memory in the worker leaves search working.
 */
import type {
  AppConfig,
  ChatCompletionMessageParam,
  MLCEngineConfig,
  MLCEngineInterface,
} from '@mlc-ai/web-llm';
import {
  LlmCancelledError,
  LlmTimeoutError,
  withTimeout,
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

/**
 * Throws a clear LlmStorageError when the origin's free quota cannot hold the model. Weights
 * already in the cache (`cached`) need no more room: their size is in `usage` already, so only
 * persistence is requested for them.
 */
export async function checkStorageFor(modelId: string, cached = false): Promise<void> {
  const model = CURATED_MODELS.find((m) => m.id === modelId);
  const storage = globalThis.navigator?.storage;
  if (!model || !storage?.estimate) return;
  // Persistent storage protects gigabytes of weights from eviction; refusal is not an error.
  await storage.persist?.().catch(() => false);
  if (cached) return;
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

/**
 * A model load that failed inside web-llm. Its worker rejects with `String(err)` ("TypeError: Failed
 * to fetch"), not an Error: this carries that text as the message, plus the host the model's files
 * come from (e.g. huggingface.co), so the app can say which download failed.
 */
export class LlmLoadError extends Error {
  override name = 'LlmLoadError';
  constructor(
    message: string,
    readonly host: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The host of the model's weights in `appConfig` (null when unknown). */
function modelHost(appConfig: AppConfig, id: string): string | null {
  const url = appConfig.model_list?.find((m) => m.model_id === id)?.model;
  try {
    return url ? new URL(url).host : null;
  } catch {
    return null;
  }
}

/** The parts of web-llm used here; `import('@mlc-ai/web-llm')` is one (tests pass a fake). */
export interface WebLlmRuntime {
  prebuiltAppConfig: AppConfig;
  CreateWebWorkerMLCEngine(
    worker: Worker,
    modelId: string,
    engineConfig: MLCEngineConfig,
  ): Promise<MLCEngineInterface>;
  hasModelInCache(modelId: string, appConfig: AppConfig): Promise<boolean>;
}

export interface WebLlmEngineOptions {
  /** Creates the worker; the default uses workers/llm.worker.ts via vite's worker import. */
  createWorker?: () => Worker;
  /** Loads web-llm; the default imports it lazily on the first load(). */
  loadRuntime?: () => Promise<WebLlmRuntime>;
}

/** When a call must end (LlmCallOptions.timeoutMs from now); null for no timeout. */
type Deadline = { at: number; ms: number } | null;
const deadlineOf = (ms: number | undefined): Deadline => (ms && ms > 0 ? { at: Date.now() + ms, ms } : null);

export function createWebLlmEngine(opts: WebLlmEngineOptions = {}): LlmEngine {
  let engine: MLCEngineInterface | null = null;
  let worker: Worker | null = null;
  let modelId: string | null = null;
  let rejectLoad: ((e: Error) => void) | null = null;

  const makeWorker =
    opts.createWorker ??
    (() => new Worker(new URL('../../workers/llm.worker.ts', import.meta.url), { type: 'module' }));
  const loadRuntime = opts.loadRuntime ?? (() => import('@mlc-ai/web-llm'));

  const toParams = (messages: ChatMessage[]): ChatCompletionMessageParam[] =>
    messages.map((m) => ({ role: m.role, content: m.content }) as ChatCompletionMessageParam);

  /** `p`, or an LlmTimeoutError (and the generation interrupted) if the deadline comes first. */
  function before<T>(p: Promise<T>, deadline: Deadline, e: MLCEngineInterface): Promise<T> {
    if (!deadline) return p;
    return withTimeout(p, Math.max(1, deadline.at - Date.now()), () => e.interruptGenerate()).catch((err) => {
      // Name the caller's timeout, not what was left of it for this step.
      throw err instanceof LlmTimeoutError
        ? new LlmTimeoutError(`No answer from the model within ${deadline.ms} ms.`)
        : err;
    });
  }

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
      const webllm = await loadRuntime();
      if (engine && modelId === id) return;
      const appConfig: AppConfig = { ...webllm.prebuiltAppConfig, cacheBackend: CACHE_BACKEND };
      await checkStorageFor(id, await webllm.hasModelInCache(id, appConfig).catch(() => false));
      // A load still in progress is superseded: end it (it would never settle once its worker is gone).
      rejectLoad?.(new LlmCancelledError('Model download cancelled: another model was chosen.'));
      terminate();
      const w = (worker = makeWorker());
      const cancelled = new Promise<never>((_, reject) => (rejectLoad = reject));
      const mine = rejectLoad;
      // web-llm does not listen for worker errors: a worker that fails to start would never answer.
      w.addEventListener('error', (ev) =>
        mine?.(new Error(`The language model worker failed${ev.message ? `: ${ev.message}` : ' to start'}.`)),
      );
      try {
        engine = await Promise.race([
          webllm.CreateWebWorkerMLCEngine(w, id, {
            appConfig,
            initProgressCallback: (r) =>
              onProgress?.({ progress: r.progress, text: r.text, timeElapsedS: r.timeElapsed }),
          }),
          cancelled,
        ]);
        modelId = id;
      } catch (e) {
        if (rejectLoad === mine) terminate();
        // Errors of our own (cancelled, worker failed) pass as they are; web-llm's strings get a host.
        throw e instanceof Error ? e : new LlmLoadError(String(e), modelHost(appConfig, id), { cause: e });
      } finally {
        if (rejectLoad === mine) rejectLoad = null;
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
      const e = engine;
      const call = e.chat.completions.create({
        messages: toParams(messages),
        temperature: o.temperature ?? 0,
        max_tokens: o.maxTokens ?? 400,
        // web-llm's grammar-constrained JSON: `json_object` + a schema string. (An OpenAI-style
        // `json_schema` type is silently ignored by web-llm 0.2.86.)
        response_format: { type: 'json_object', schema: JSON.stringify(schema) },
        stream: false,
      });
      const reply = await before(call, deadlineOf(o.timeoutMs), e);
      return reply.choices[0]?.message?.content ?? '';
    },
    async *chatStream(messages: ChatMessage[], o: LlmCallOptions = {}) {
      if (!engine) throw new Error('No model loaded.');
      const e = engine;
      const deadline = deadlineOf(o.timeoutMs);
      const call = e.chat.completions.create({
        messages: toParams(messages),
        temperature: o.temperature ?? 0.3,
        max_tokens: o.maxTokens ?? 300,
        stream: true,
      });
      const chunks = (await before(call, deadline, e))[Symbol.asyncIterator]();
      let ended = false;
      try {
        for (;;) {
          const next = await before(chunks.next(), deadline, e);
          if ((ended = !!next.done)) break;
          if (o.signal?.aborted) {
            e.interruptGenerate();
            break;
          }
          const text = next.value.choices[0]?.delta?.content;
          if (text) yield text;
        }
      } finally {
        // As `for await` does: close the source when the loop stops early (abort, timeout, consumer).
        if (!ended) void chunks.return?.().catch(() => undefined);
      }
    },
    async unload() {
      await engine?.unload().catch(() => undefined);
      terminate();
    },
  };
  return api;
}
