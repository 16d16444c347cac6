/**
 * The conversation engine, in-thread: one host over an opened index. The app runs it inside
 * workers/engine.worker.ts (a thin comlink adapter); `npm run eval`, the bench, parity, transcripts and
 * tests run the very same host in Node. A figure measured through it is a figure of the app.
 *
 * @example
 * const host = createEngineHost(await openIndex(manifest, files, { embedder }));
 * const a = await host.turn({ message: 'hidden gem horror from the 80s', hidden: [] }, null);
 * const b = await host.turn({ message: 'shorter ones', hidden: [] }, a.state);
 */
import { createChatPipeline, type ChatPipeline, type ChatTurn } from '../core/pipeline.ts';
import { initialState, type ConversationState } from '../core/conversation/state.ts';
import { planToChips } from '../core/conversation/chips.ts';
import type { LlmEngine } from '../core/conversation/llm-port.ts';
import type { Movie } from '../core/types.ts';
import type { RemoteSearchConfig } from '../qdrant/remote-search.ts';
import type { OpenedIndex } from './open-index.ts';
import type { EngineLoadInfo, EngineTurnInput, EngineTurnOutput } from './protocol.ts';

/** Movie cards per answer. */
export const RESULTS_PER_ANSWER = 10;

export interface EngineHost {
  turn(
    input: EngineTurnInput,
    state: ConversationState | null,
    onChunk?: (chunk: string) => void,
  ): Promise<EngineTurnOutput>;
  /** Use a loaded LLM for plans and answers (null: rules and templates only). */
  setLlm(llm: LlmEngine | null): Promise<void>;
  /** Search a Qdrant server (null: the local index only); ranking stays the same either way. */
  setRemoteSearch(config: RemoteSearchConfig | null): Promise<void>;
  movies(ids: number[]): Promise<Movie[]>;
  info(): EngineLoadInfo;
  /** Milliseconds of the recent learned re-ranking stages (the bench reads them). */
  rerankTimes(): number[];
}

export interface EngineHostOptions {
  /** Time spent fetching the files before openIndex (reported in info()). */
  fetchMs?: number;
  /** When loading started (performance.now()), for info().loadMs. */
  startedAt?: number;
}

export function createEngineHost(opened: OpenedIndex, opts: EngineHostOptions = {}): EngineHost {
  const { movies, retriever, router, faq, embedder, index } = opened;
  const byId = new Map<number, Movie>();
  for (const m of movies) if (!byId.has(m.id)) byId.set(m.id, m);
  const withLlm = (llm: LlmEngine | null): ChatPipeline =>
    createChatPipeline({ embedder, router, faq, movies, retriever, llm, options: { k: RESULTS_PER_ANSWER } });
  let pipeline = withLlm(null);
  const info = loadInfo(opened, opts);
  // Parts the retriever builds on first use (the fuzzy title index) are built now, while the person types.
  setTimeout(() => retriever.warmUp(), 0);

  const output = (t: ChatTurn): EngineTurnOutput => ({
    reply: t.reply,
    results: t.results.flatMap((r) => {
      const movie = movies[r.row] ?? byId.get(r.id);
      return movie ? [{ movie, score: r.score, why: r.why }] : [];
    }),
    ...(t.ranking ? { ranking: t.ranking.map((r) => r.id) } : {}),
    chips: t.state.active ? planToChips(t.state.active) : [],
    ...(t.startedOver && t.state.previous ? { previousChips: planToChips(t.state.previous) } : {}),
    intent: t.intent,
    plan: t.plan,
    state: t.state,
    search: index.report(),
  });

  return {
    async turn(input, state, onChunk) {
      const st = state ?? initialState();
      index.beginTurn();
      const opts = {
        hidden: input.hidden,
        taste: input.taste,
        depth: input.depth,
        onAnswerChunk: onChunk,
      };
      const t = input.action
        ? await pipeline.act(input.action, st, opts)
        : await pipeline.handle(input.message, st, opts);
      return output(t);
    },
    async setLlm(llm) {
      pipeline = withLlm(llm && llm.modelId ? llm : null);
    },
    setRemoteSearch: (config) => index.configure(config),
    async movies(ids) {
      return ids.map((id) => byId.get(id)).filter((m): m is Movie => m !== undefined);
    },
    info: () => info,
    rerankTimes: () => retriever.rerankTimes(),
  };
}

function loadInfo(opened: OpenedIndex, opts: EngineHostOptions): EngineLoadInfo {
  const { manifest, vectors, retriever, stepsMs } = opened;
  return {
    count: opened.movies.length,
    embeddedCount: vectors.rows,
    embedderId: manifest.embedder.id,
    dims: manifest.embedder.dims,
    engine: opened.engine,
    loadMs: opts.startedAt !== undefined ? performance.now() - opts.startedAt : 0,
    buildMs: retriever.buildMs,
    stepsMs: { fetch: opts.fetchMs ?? 0, ...stepsMs },
  };
}
