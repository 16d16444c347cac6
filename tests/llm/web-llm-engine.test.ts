/**
 * src/llm/web-llm-engine.ts against a fake web-llm: the engine is an object typed as web-llm's own
 * `MLCEngineInterface` (so a change in that interface breaks compilation here), handed over through
 * the module's `loadRuntime` seam; the worker is a fake too. web-llm's runtime is never imported.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  AppConfig,
  Chat,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  ChatCompletionRequestBase,
  ChatCompletionRequestNonStreaming,
  ChatCompletionRequestStreaming,
  Completions,
  Embeddings,
  MLCEngineConfig,
  MLCEngineInterface,
} from '@mlc-ai/web-llm';
import {
  CACHE_BACKEND,
  LlmStorageError,
  createWebLlmEngine,
  type WebLlmRuntime,
} from '../../src/llm/web-llm-engine.ts';
import { CURATED_MODELS } from '../../src/llm/models.ts';
import {
  LlmCancelledError,
  LlmTimeoutError,
  type ChatMessage,
  type LlmLoadProgress,
} from '../../src/core/conversation/llm-port.ts';
import { LLM_PLAN_SCHEMA } from '../../src/core/prompts/plan-prompt.ts';

// The module must reach web-llm only through the injected runtime: importing the real one fails.
vi.mock('@mlc-ai/web-llm', () => {
  throw new Error('web-llm runtime imported by web-llm-engine.ts despite the injected runtime');
});

const notUsed = (): never => {
  throw new Error('not used in this test');
};

// ---------------------------------------------------------------------------------------------
// Fakes

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function chunk(
  content: string | null | undefined,
  finish: ChatCompletionChunk.Choice['finish_reason'] = null,
): ChatCompletionChunk {
  return {
    id: 'chunk',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'fake',
    choices: [{ index: 0, delta: content === undefined ? {} : { content }, finish_reason: finish }],
  };
}

function completion(content: string | null): ChatCompletion {
  return {
    id: 'completion',
    object: 'chat.completion',
    created: 0,
    model: 'fake',
    choices: [{ index: 0, finish_reason: 'stop', logprobs: null, message: { role: 'assistant', content } }],
  };
}

/** A chunk stream the test drives. Like web-llm's, it ends after an interrupt with an 'abort' chunk. */
class Feed implements AsyncIterableIterator<ChatCompletionChunk> {
  private items: (ChatCompletionChunk | 'end')[] = [];
  private waiting: ((r: IteratorResult<ChatCompletionChunk>) => void) | null = null;
  returnCalls = 0;

  push(...chunks: ChatCompletionChunk[]): this {
    for (const c of chunks) this.put(c);
    return this;
  }
  end(): this {
    this.put('end');
    return this;
  }
  /** What web-llm's stream does once interruptGenerate() is called. */
  interrupt(): void {
    this.push(chunk('', 'abort')).end();
  }
  private put(x: ChatCompletionChunk | 'end') {
    const w = this.waiting;
    this.waiting = null;
    if (w) w(Feed.result(x));
    else this.items.push(x);
  }
  private static result(x: ChatCompletionChunk | 'end'): IteratorResult<ChatCompletionChunk> {
    return x === 'end' ? { done: true, value: undefined } : { done: false, value: x };
  }
  next(): Promise<IteratorResult<ChatCompletionChunk>> {
    const x = this.items.shift();
    if (x !== undefined) return Promise.resolve(Feed.result(x));
    return new Promise((r) => (this.waiting = r));
  }
  return(): Promise<IteratorResult<ChatCompletionChunk>> {
    this.returnCalls++;
    this.items = [];
    return Promise.resolve({ done: true, value: undefined });
  }
  [Symbol.asyncIterator](): this {
    return this;
  }
}

interface FakeEngineScript {
  /** Answer to a non-streaming request (default: `{}`). */
  reply?: (request: ChatCompletionRequestNonStreaming) => Promise<ChatCompletion>;
  /** Stream for a streaming request. */
  feed?: Feed;
}

function fakeEngine(script: FakeEngineScript = {}) {
  const log = { requests: [] as ChatCompletionRequest[], interrupts: 0, unloads: 0 };
  let unloadError: Error | null = null;

  function chatCompletion(request: ChatCompletionRequestNonStreaming): Promise<ChatCompletion>;
  function chatCompletion(
    request: ChatCompletionRequestStreaming,
  ): Promise<AsyncIterable<ChatCompletionChunk>>;
  function chatCompletion(
    request: ChatCompletionRequestBase,
  ): Promise<AsyncIterable<ChatCompletionChunk> | ChatCompletion>;
  function chatCompletion(
    request: ChatCompletionRequest,
  ): Promise<AsyncIterable<ChatCompletionChunk> | ChatCompletion>;
  async function chatCompletion(
    request: ChatCompletionRequestBase,
  ): Promise<AsyncIterable<ChatCompletionChunk> | ChatCompletion> {
    log.requests.push(structuredClone(request) as ChatCompletionRequest);
    if (request.stream) {
      if (!script.feed) throw new Error('no stream scripted');
      return script.feed;
    }
    const r = request as ChatCompletionRequestNonStreaming;
    return script.reply ? script.reply(r) : completion('{}');
  }

  // web-llm declares `Chat` and its `completions` as classes with a private field, so no object
  // literal can have those types: the assertions below are the only casts; `create` itself is
  // checked against web-llm's signature. It forwards to chatCompletion, as web-llm's does.
  const chat = {
    completions: { create: chatCompletion } satisfies Pick<
      Chat['completions'],
      'create'
    > as Chat['completions'],
  } as Chat;

  const engine = {
    chat,
    get completions(): Completions {
      return notUsed();
    },
    get embeddings(): Embeddings {
      return notUsed();
    },
    setInitProgressCallback: notUsed,
    getInitProgressCallback: notUsed,
    setAppConfig: notUsed,
    reload: notUsed,
    chatCompletion,
    completion: notUsed,
    embedding: notUsed,
    listResumableSessions: notUsed,
    resumeChatCompletion: notUsed,
    deleteResumableSession: notUsed,
    runtimeStatsText: notUsed,
    interruptGenerate: () => {
      log.interrupts++;
      script.feed?.interrupt();
    },
    unload: async () => {
      log.unloads++;
      if (unloadError) throw unloadError;
    },
    resetChat: notUsed,
    getMessage: notUsed,
    getMaxStorageBufferBindingSize: notUsed,
    getGPUVendor: notUsed,
    forwardTokensAndSample: notUsed,
    setLogLevel: notUsed,
  } satisfies MLCEngineInterface;

  return { engine, log, failUnload: (e: Error) => (unloadError = e) };
}

class FakeWorker extends EventTarget {
  terminated = 0;
  terminate() {
    this.terminated++;
  }
}

const PREBUILT: AppConfig = {
  model_list: [{ model: 'https://models.test/m/', model_id: 'm', model_lib: 'https://models.test/m.wasm' }],
};

/** The web-llm runtime as web-llm-engine.ts sees it; each CreateWebWorkerMLCEngine call waits for the test. */
function fakeRuntime(opts: { cached?: boolean | Error } = {}) {
  const creates: {
    worker: Worker;
    modelId: string;
    config: MLCEngineConfig;
    done: ReturnType<typeof deferred<MLCEngineInterface>>;
  }[] = [];
  const cacheQueries: { modelId: string; appConfig: AppConfig }[] = [];
  let imports = 0;
  const runtime: WebLlmRuntime = {
    prebuiltAppConfig: PREBUILT,
    CreateWebWorkerMLCEngine(worker, modelId, config) {
      const done = deferred<MLCEngineInterface>();
      creates.push({ worker, modelId, config, done });
      return done.promise;
    },
    async hasModelInCache(modelId, appConfig) {
      cacheQueries.push({ modelId, appConfig });
      if (opts.cached instanceof Error) throw opts.cached;
      return opts.cached ?? false;
    },
  };
  return {
    creates,
    cacheQueries,
    get imports() {
      return imports;
    },
    loadRuntime: async () => {
      imports++;
      return runtime;
    },
  };
}

function setup(runtimeOpts: { cached?: boolean | Error } = {}) {
  const rt = fakeRuntime(runtimeOpts);
  const workers: FakeWorker[] = [];
  const llm = createWebLlmEngine({
    loadRuntime: rt.loadRuntime,
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      // The module only calls terminate() and addEventListener() on it.
      return w as unknown as Worker;
    },
  });
  return { llm, rt, workers };
}

/** Lets pending promise callbacks run (load() awaits the runtime, the cache query and the storage check). */
const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

/** A loaded engine over `fake`. */
async function loaded(script: FakeEngineScript = {}) {
  const s = setup();
  const fake = fakeEngine(script);
  const loading = s.llm.load('m');
  await flush();
  expect(s.rt.creates).toHaveLength(1);
  s.rt.creates[0].done.resolve(fake.engine);
  await loading;
  return { ...s, fake };
}

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const c of it) out.push(c);
  return out;
}

const MESSAGES: ChatMessage[] = [
  { role: 'system', content: 'You turn a movie request into a JSON plan.' },
  { role: 'user', content: 'a heist movie like Heat' },
  { role: 'assistant', content: '{"searchText":"heist"}' },
  { role: 'user', content: 'but from the 90s' },
];

// ---------------------------------------------------------------------------------------------
// navigator.storage

const originalNavigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');

function stubStorage(s: { quota?: number; usage?: number; persist?: () => Promise<boolean> } | null) {
  const storage =
    s &&
    ({
      persist: vi.fn(s.persist ?? (async () => true)),
      estimate: vi.fn(async (): Promise<StorageEstimate> => ({ quota: s.quota, usage: s.usage })),
    } satisfies Pick<StorageManager, 'persist' | 'estimate'>);
  vi.stubGlobal('navigator', storage ? { storage } : {});
  return storage;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  // The stub is gone: navigator is what it was before the test (absent on Node 20).
  expect(Object.getOwnPropertyDescriptor(globalThis, 'navigator')).toEqual(originalNavigator);
});

// ---------------------------------------------------------------------------------------------

describe('chatJson (the plan call)', { timeout: 5_000 }, () => {
  it('sends the messages, temperature 0, max_tokens 400 and a json_object response_format with the schema as a string', async () => {
    const { llm, fake } = await loaded({ reply: async () => completion('{"searchText":"heist 1990s"}') });
    const text = await llm.chatJson(MESSAGES, LLM_PLAN_SCHEMA);
    expect(text).toBe('{"searchText":"heist 1990s"}');
    expect(fake.log.requests).toHaveLength(1);
    const request = fake.log.requests[0];
    expect(request).toEqual({
      messages: MESSAGES,
      temperature: 0,
      max_tokens: 400,
      response_format: { type: 'json_object', schema: JSON.stringify(LLM_PLAN_SCHEMA) },
      stream: false,
    });
    // A string (web-llm's grammar input), not the schema object; and the same schema.
    const schema = request.response_format?.schema;
    expect(typeof schema).toBe('string');
    expect(JSON.parse(schema as string)).toEqual(LLM_PLAN_SCHEMA);
  });

  it('passes the caller’s temperature and max tokens', async () => {
    const { llm, fake } = await loaded();
    await llm.chatJson(MESSAGES.slice(1, 2), { type: 'object' }, { temperature: 0.7, maxTokens: 64 });
    expect(fake.log.requests[0]).toMatchObject({
      messages: [{ role: 'user', content: 'a heist movie like Heat' }],
      temperature: 0.7,
      max_tokens: 64,
      response_format: { type: 'json_object', schema: '{"type":"object"}' },
    });
  });

  it('returns "" when the model answers with null content', async () => {
    const { llm } = await loaded({ reply: async () => completion(null) });
    await expect(llm.chatJson(MESSAGES, {})).resolves.toBe('');
  });

  it('rejects before any model is loaded, without touching the runtime', async () => {
    const { llm, rt } = setup();
    await expect(llm.chatJson(MESSAGES, {})).rejects.toThrow('No model loaded.');
    expect(rt.imports).toBe(0);
  });

  it('surfaces an engine error', async () => {
    const { llm } = await loaded({
      reply: async () => {
        throw new Error('Grammar compilation failed');
      },
    });
    await expect(llm.chatJson(MESSAGES, {})).rejects.toThrow('Grammar compilation failed');
  });

  it('times out after timeoutMs: rejects with LlmTimeoutError and interrupts the generation', async () => {
    const never = deferred<ChatCompletion>();
    const { llm, fake } = await loaded({ reply: () => never.promise });
    vi.useFakeTimers();
    const call = llm.chatJson(MESSAGES, {}, { timeoutMs: 1000 });
    const settled = vi.fn();
    call.then(settled, settled);
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).not.toHaveBeenCalled();
    expect(fake.log.interrupts).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await expect(call).rejects.toThrow(new LlmTimeoutError('No answer from the model within 1000 ms.'));
    await expect(call).rejects.toBeInstanceOf(LlmTimeoutError);
    expect(fake.log.interrupts).toBe(1);
  });

  it('an answer within timeoutMs wins, and the timer is cleared (no late interrupt)', async () => {
    const answer = deferred<ChatCompletion>();
    const { llm, fake } = await loaded({ reply: () => answer.promise });
    vi.useFakeTimers();
    const call = llm.chatJson(MESSAGES, {}, { timeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(500);
    answer.resolve(completion('{"ok":true}'));
    await expect(call).resolves.toBe('{"ok":true}');
    await vi.advanceTimersByTimeAsync(5000);
    expect(fake.log.interrupts).toBe(0);
  });
});

describe('chatStream', { timeout: 5_000 }, () => {
  it('yields the delta contents in order, skips empty deltas, and ends on the finish chunk', async () => {
    const feed = new Feed()
      .push(chunk(undefined)) // role-only first chunk: no content
      .push(chunk('A'), chunk(''), chunk(' heist'), chunk(null), chunk(' film'))
      .push({ ...chunk('x'), choices: [] }) // a usage-only chunk has no choices
      .push(chunk('', 'stop'))
      .end();
    const { llm, fake } = await loaded({ feed });
    expect(await collect(llm.chatStream(MESSAGES))).toEqual(['A', ' heist', ' film']);
    expect(fake.log.requests).toEqual([
      { messages: MESSAGES, temperature: 0.3, max_tokens: 300, stream: true },
    ]);
    expect(feed.returnCalls).toBe(0); // ran to its end: nothing to close
  });

  it('passes the caller’s temperature and max tokens', async () => {
    const { llm, fake } = await loaded({ feed: new Feed().end() });
    expect(await collect(llm.chatStream(MESSAGES, { temperature: 0, maxTokens: 10 }))).toEqual([]);
    expect(fake.log.requests[0]).toMatchObject({ temperature: 0, max_tokens: 10, stream: true });
    expect(fake.log.requests[0]).not.toHaveProperty('response_format');
  });

  it('yields each chunk as it arrives, not after the end', async () => {
    const feed = new Feed();
    const { llm } = await loaded({ feed });
    const it = llm.chatStream(MESSAGES)[Symbol.asyncIterator]();
    const first = it.next();
    feed.push(chunk('one'));
    await expect(first).resolves.toEqual({ done: false, value: 'one' });
    const second = it.next();
    feed.push(chunk('two'));
    await expect(second).resolves.toEqual({ done: false, value: 'two' });
    feed.push(chunk('', 'stop')).end();
    await expect(it.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('rejects before any model is loaded', async () => {
    const { llm } = setup();
    await expect(collect(llm.chatStream(MESSAGES))).rejects.toThrow('No model loaded.');
  });

  it('cancel() interrupts the generation: the pending stream ends with what it had, the model stays loaded', async () => {
    const feed = new Feed().push(chunk('Heat'));
    const { llm, fake, workers } = await loaded({ feed });
    const it = llm.chatStream(MESSAGES)[Symbol.asyncIterator]();
    await expect(it.next()).resolves.toEqual({ done: false, value: 'Heat' });
    const pending = it.next(); // waits for a chunk that will not come
    llm.cancel();
    expect(fake.log.interrupts).toBe(1);
    // web-llm ends an interrupted stream (finish_reason 'abort'); the module ends it without error.
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    expect(llm.modelId).toBe('m');
    expect(workers[0].terminated).toBe(0);
    expect(fake.log.unloads).toBe(0);
  });

  it('an aborted signal interrupts and ends the stream at the next chunk, and closes the source', async () => {
    const feed = new Feed().push(chunk('one'));
    const { llm, fake } = await loaded({ feed });
    const ctl = new AbortController();
    const it = llm.chatStream(MESSAGES, { signal: ctl.signal })[Symbol.asyncIterator]();
    await expect(it.next()).resolves.toEqual({ done: false, value: 'one' });
    ctl.abort();
    const pending = it.next();
    feed.push(chunk('two'));
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    expect(fake.log.interrupts).toBe(1);
    expect(feed.returnCalls).toBe(1);
  });

  it('closes the source when the consumer stops early (as for-await does)', async () => {
    const feed = new Feed().push(chunk('one'), chunk('two'));
    const { llm, fake } = await loaded({ feed });
    for await (const c of llm.chatStream(MESSAGES)) {
      expect(c).toBe('one');
      break;
    }
    expect(feed.returnCalls).toBe(1);
    expect(fake.log.interrupts).toBe(0);
  });

  it('timeoutMs bounds the whole stream, not each chunk: LlmTimeoutError and an interrupt', async () => {
    const feed = new Feed();
    const { llm, fake } = await loaded({ feed });
    vi.useFakeTimers();
    const got: string[] = [];
    const run = (async () => {
      for await (const c of llm.chatStream(MESSAGES, { timeoutMs: 1000 })) got.push(c);
    })();
    const settled = vi.fn();
    run.then(settled, settled);
    await vi.advanceTimersByTimeAsync(400);
    feed.push(chunk('a'));
    await vi.advanceTimersByTimeAsync(400);
    feed.push(chunk('b'));
    await vi.advanceTimersByTimeAsync(199); // 999 ms in: a chunk every 400 ms would never time out per chunk
    expect(got).toEqual(['a', 'b']);
    expect(settled).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await expect(run).rejects.toThrow(new LlmTimeoutError('No answer from the model within 1000 ms.'));
    expect(fake.log.interrupts).toBe(1);
    expect(got).toEqual(['a', 'b']);
  });

  it('a stream that finishes within timeoutMs leaves no timer behind', async () => {
    const feed = new Feed();
    const { llm, fake } = await loaded({ feed });
    vi.useFakeTimers();
    const run = collect(llm.chatStream(MESSAGES, { timeoutMs: 1000 }));
    await vi.advanceTimersByTimeAsync(300);
    feed.push(chunk('done'), chunk('', 'stop')).end();
    await expect(run).resolves.toEqual(['done']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(fake.log.interrupts).toBe(0);
  });
});

describe('load', { timeout: 5_000 }, () => {
  it('creates the worker engine with the prebuilt config on the Cache API backend and forwards progress', async () => {
    const { llm, rt, workers } = setup();
    const progress: LlmLoadProgress[] = [];
    const loading = llm.load('m', (p) => progress.push(p));
    await flush();
    expect(workers).toHaveLength(1);
    expect(rt.creates).toHaveLength(1);
    const create = rt.creates[0];
    expect(create.worker).toBe(workers[0]);
    expect(create.modelId).toBe('m');
    expect(create.config.appConfig).toEqual({ ...PREBUILT, cacheBackend: 'cache' });
    expect(CACHE_BACKEND).toBe('cache');
    expect(llm.modelId).toBeNull(); // not before the engine is ready

    create.config.initProgressCallback?.({
      progress: 0.25,
      text: 'Fetching param cache[3/12]',
      timeElapsed: 4,
    });
    create.config.initProgressCallback?.({ progress: 1, text: 'Finish loading', timeElapsed: 9.5 });
    expect(progress).toEqual([
      { progress: 0.25, text: 'Fetching param cache[3/12]', timeElapsedS: 4 },
      { progress: 1, text: 'Finish loading', timeElapsedS: 9.5 },
    ]);

    create.done.resolve(fakeEngine().engine);
    await loading;
    expect(llm.modelId).toBe('m');
    expect(workers[0].terminated).toBe(0);
  });

  it('loading the model already loaded is a no-op; another model replaces the worker', async () => {
    const { llm, rt, workers } = await loaded();
    await llm.load('m');
    expect(rt.creates).toHaveLength(1);
    expect(workers).toHaveLength(1);

    const next = llm.load('n');
    await flush();
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(1);
    expect(llm.modelId).toBeNull();
    rt.creates[1].done.resolve(fakeEngine().engine);
    await next;
    expect(llm.modelId).toBe('n');
  });

  it('surfaces a load error with its message and leaves nothing loaded', async () => {
    const { llm, rt, workers } = setup();
    const loading = llm.load('m');
    await flush();
    rt.creates[0].done.reject(new Error('WebGPU is not supported in your current environment'));
    await expect(loading).rejects.toThrow('WebGPU is not supported in your current environment');
    expect(workers[0].terminated).toBe(1);
    expect(llm.modelId).toBeNull();
    await expect(llm.chatJson(MESSAGES, {})).rejects.toThrow('No model loaded.');
  });

  it('a worker that fails fails the load with a clear message instead of hanging', async () => {
    const { llm, workers } = setup();
    const loading = llm.load('m');
    await flush();
    workers[0].dispatchEvent(
      Object.assign(new Event('error'), { message: 'Uncaught RangeError: out of memory' }),
    );
    await expect(loading).rejects.toThrow(
      'The language model worker failed: Uncaught RangeError: out of memory.',
    );
    expect(workers[0].terminated).toBe(1);
    expect(llm.modelId).toBeNull();

    // A module worker whose script cannot load fires a plain Event, with no message.
    const again = llm.load('m');
    await flush();
    workers[1].dispatchEvent(new Event('error'));
    await expect(again).rejects.toThrow('The language model worker failed to start.');
  });

  it('cancel() during the download rejects the load with LlmCancelledError and ends the worker', async () => {
    const { llm, rt, workers } = setup();
    const fake = fakeEngine();
    const loading = llm.load('m');
    await flush();
    llm.cancel();
    await expect(loading).rejects.toThrow(new LlmCancelledError('Model download cancelled.'));
    await expect(loading).rejects.toBeInstanceOf(LlmCancelledError);
    expect(workers[0].terminated).toBeGreaterThanOrEqual(1);
    expect(llm.modelId).toBeNull();
    // The engine arriving late changes nothing.
    rt.creates[0].done.resolve(fake.engine);
    await flush();
    expect(llm.modelId).toBeNull();
    expect(fake.log.interrupts).toBe(0);
    // After a cancelled load, cancel() has nothing to stop.
    expect(() => llm.cancel()).not.toThrow();
  });

  it('a second load during a download supersedes the first, which rejects instead of hanging', async () => {
    const { llm, rt, workers } = setup();
    const first = llm.load('m');
    await flush();
    const second = llm.load('n');
    await expect(first).rejects.toBeInstanceOf(LlmCancelledError);
    await flush();
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(1);
    expect(rt.creates[1].modelId).toBe('n');
    rt.creates[1].done.resolve(fakeEngine().engine);
    await second;
    expect(llm.modelId).toBe('n');
    expect(workers[1].terminated).toBe(0); // the first load's cleanup did not end the second's worker
  });

  it('unload() unloads the engine and ends the worker, even when web-llm’s unload fails', async () => {
    const { llm, fake, workers } = await loaded();
    fake.failUnload(new Error('device lost'));
    await llm.unload();
    expect(fake.log.unloads).toBe(1);
    expect(workers[0].terminated).toBe(1);
    expect(llm.modelId).toBeNull();
    await expect(llm.chatJson(MESSAGES, {})).rejects.toThrow('No model loaded.');
  });
});

describe('storage check before the download', { timeout: 5_000 }, () => {
  const model = CURATED_MODELS[0];
  const needMB = Math.round(model.vramMB);
  const MB = 1024 * 1024;

  let s: ReturnType<typeof setup>;
  beforeEach(() => {
    s = setup();
  });

  async function loadAndFinish(id: string, rt: ReturnType<typeof fakeRuntime> = s.rt) {
    const loading = s.llm.load(id);
    await flush();
    rt.creates.at(-1)?.done.resolve(fakeEngine().engine);
    return loading;
  }

  it('asks for persistent storage and checks the estimate; enough room lets the download start', async () => {
    const storage = stubStorage({ quota: 10_000 * MB, usage: 100 * MB })!;
    await loadAndFinish(model.id);
    expect(storage.persist).toHaveBeenCalledTimes(1);
    expect(storage.estimate).toHaveBeenCalledTimes(1);
    expect(s.rt.creates).toHaveLength(1);
    expect(s.llm.modelId).toBe(model.id);
  });

  it('refuses a model that does not fit the free quota, with a clear LlmStorageError, before any worker starts', async () => {
    stubStorage({ quota: 1000 * MB, usage: 200 * MB });
    const loading = s.llm.load(model.id);
    await expect(loading).rejects.toBeInstanceOf(LlmStorageError);
    await expect(loading).rejects.toThrow(
      `Not enough browser storage for ${model.label}: it needs about ${needMB} MB, 800 MB is free. ` +
        'Free disk space, leave private browsing, or pick a smaller model.',
    );
    expect(s.workers).toHaveLength(0);
    expect(s.rt.creates).toHaveLength(0);
    expect(s.llm.modelId).toBeNull();
  });

  it('the limit is the model’s VRAM figure: exactly enough passes, one byte less fails', async () => {
    const need = model.vramMB * MB;
    stubStorage({ quota: need + 50 * MB, usage: 50 * MB });
    await loadAndFinish(model.id);
    expect(s.llm.modelId).toBe(model.id);

    const t = setup();
    stubStorage({ quota: need + 50 * MB, usage: 50 * MB + 1 });
    await expect(t.llm.load(model.id)).rejects.toBeInstanceOf(LlmStorageError);
  });

  it('a model already in the cache is not checked against the free quota (its weights are in `usage`)', async () => {
    const t = setup({ cached: true });
    const storage = stubStorage({ quota: 2000 * MB, usage: 1900 * MB })!;
    const loading = t.llm.load(model.id);
    await flush();
    t.rt.creates[0]?.done.resolve(fakeEngine().engine);
    await loading;
    expect(t.llm.modelId).toBe(model.id);
    expect(t.rt.cacheQueries).toEqual([
      { modelId: model.id, appConfig: { ...PREBUILT, cacheBackend: 'cache' } },
    ]);
    expect(storage.persist).toHaveBeenCalledTimes(1); // still protected from eviction
    expect(storage.estimate).not.toHaveBeenCalled();
  });

  it('a failing cache query counts as "not cached": the quota is still checked', async () => {
    const t = setup({ cached: new Error('caches is not defined') });
    stubStorage({ quota: 1000 * MB, usage: 200 * MB });
    await expect(t.llm.load(model.id)).rejects.toBeInstanceOf(LlmStorageError);
  });

  it('a refused or failing persistence request is not an error', async () => {
    const storage = stubStorage({
      quota: 10_000 * MB,
      usage: 0,
      persist: () => Promise.reject(new Error('NotAllowedError')),
    })!;
    await loadAndFinish(model.id);
    expect(storage.persist).toHaveBeenCalledTimes(1);
    expect(s.llm.modelId).toBe(model.id);
  });

  it('an unknown quota (0) or a browser without navigator.storage does not block the load', async () => {
    stubStorage({ quota: 0, usage: 0 });
    await loadAndFinish(model.id);
    expect(s.llm.modelId).toBe(model.id);

    const t = setup();
    stubStorage(null); // navigator without storage
    const loading = t.llm.load(model.id);
    await flush();
    t.rt.creates[0].done.resolve(fakeEngine().engine);
    await loading;
    expect(t.llm.modelId).toBe(model.id);
  });

  it('a model outside the curated list is not checked (its size is unknown here)', async () => {
    const storage = stubStorage({ quota: 1 * MB, usage: 1 * MB })!;
    await loadAndFinish('m');
    expect(storage.estimate).not.toHaveBeenCalled();
    expect(storage.persist).not.toHaveBeenCalled();
    expect(s.llm.modelId).toBe('m');
  });
});
