/**
 * The engine worker: a thin comlink adapter over the in-thread engine host (src/engine/host.ts).
 * It fetches the index (src/engine/fetch-index.ts), opens it (src/engine/open-index.ts) and exposes
 * the host's API; it plans and ranks nothing itself. The embedder stays in its own worker: embed()
 * calls are relayed through the page, so a crash there restarts only the embedder. The conversation
 * state is passed in and returned on every turn, so a restarted engine worker continues the chat.
 */
import * as Comlink from 'comlink';
import type { LoadProgress, Movie } from '../src/core/types.ts';
import type { ConversationState } from '../src/core/conversation/state.ts';
import type { EngineHost } from '../src/engine/host.ts';
import type { EngineLoadInfo, EngineTurnInput, EngineTurnOutput } from '../src/engine/protocol.ts';
import type { LlmRelay } from '../src/llm/relay.ts';
import type { RemoteSearchConfig } from '../src/qdrant/remote-search.ts';

type EmbedRelay = (texts: string[]) => Promise<Float32Array[]>;

let current: { key: string; promise: Promise<EngineHost> } | undefined;
let embedRelay: EmbedRelay | null = null;

async function open(baseUrl: string, onProgress: (p: LoadProgress) => void): Promise<EngineHost> {
  const startedAt = performance.now();
  // Imported here, after Comlink.expose ran (a module worker drops messages while it awaits imports).
  const [{ fetchIndex }, { openIndex }, { createEngineHost }] = await Promise.all([
    import('../src/engine/fetch-index.ts'),
    import('../src/engine/open-index.ts'),
    import('../src/engine/host.ts'),
  ]);
  const { manifest, files } = await fetchIndex(baseUrl, onProgress);
  const fetchMs = performance.now() - startedAt;
  onProgress({ phase: 'index-decode', loaded: 0, total: null });
  const { id, dims } = manifest.embedder;
  const embedder = { id, dims, embed: (texts: string[]) => embedRelay!(texts) };
  const host = createEngineHost(await openIndex(manifest, files, { embedder }), { fetchMs, startedAt });
  onProgress({ phase: 'index-ready', loaded: 1, total: 1 });
  return host;
}

async function ready(): Promise<EngineHost> {
  if (!current) throw new Error('The movie index is not loaded yet.');
  return current.promise;
}

const api = {
  /** Loads the index once per base URL; embed() calls go back to the page (and on to the embedder worker). */
  async load(
    baseUrl: string,
    onProgress: (p: LoadProgress) => void,
    embed: EmbedRelay,
  ): Promise<EngineLoadInfo> {
    embedRelay = embed;
    if (current?.key !== baseUrl) {
      const promise = open(baseUrl, (p) => void Promise.resolve(onProgress(p)).catch(() => undefined));
      current = { key: baseUrl, promise };
      promise.catch(() => {
        if (current?.promise === promise) current = undefined; // a failed load is retried on the next call
      });
    }
    return (await current.promise).info();
  },

  /** Use the page's loaded LLM (null: rules and templates only). */
  async setLlm(relay: LlmRelay | null, modelId: string | null): Promise<void> {
    const { llmFromRelay } = await import('../src/llm/relay.ts');
    // The page passes a Comlink.proxy: here every method call is a message and returns a promise.
    const remote = relay as unknown as Comlink.Remote<LlmRelay> | null;
    await (await ready()).setLlm(remote && modelId ? llmFromRelay(remote, modelId) : null);
  },

  async turn(
    input: EngineTurnInput,
    state: ConversationState | null,
    onChunk?: (chunk: string) => void,
  ): Promise<EngineTurnOutput> {
    const relay = onChunk
      ? (c: string) => void Promise.resolve(onChunk(c)).catch(() => undefined)
      : undefined;
    return (await ready()).turn(input, state, relay);
  },

  async setRemoteSearch(config: RemoteSearchConfig | null): Promise<void> {
    await (await ready()).setRemoteSearch(config);
  },

  async movies(ids: number[]): Promise<Movie[]> {
    return (await ready()).movies(ids);
  },

  /** Milliseconds of the recent learned re-ranking stages (for the bench). */
  async rerankTimes(): Promise<number[]> {
    return (await ready()).rerankTimes();
  },
};

export type EngineWorkerApi = typeof api;

Comlink.expose(api);
