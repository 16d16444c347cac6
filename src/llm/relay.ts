/**
 * The page owns the LLM (web-llm runs in its own worker, started from the page); the engine
 * worker's pipeline reaches it through this relay. An async iterator cannot cross postMessage, so
 * a stream is relayed as chunk callbacks and turned back into an AsyncIterable on the far side.
 */
import * as Comlink from 'comlink';
import type { ChatMessage, LlmCallOptions, LlmEngine } from '../core/conversation/llm-port.ts';

/** What the page exposes (wrapped in Comlink.proxy) to the engine worker. */
export interface LlmRelay {
  chatJson(messages: ChatMessage[], schema: object, options: LlmCallOptions): Promise<string>;
  chatStream(
    messages: ChatMessage[],
    options: LlmCallOptions,
    onChunk: (chunk: string) => void,
  ): Promise<void>;
  cancel(): void;
}

/** Signals do not survive structured clone; timeouts are re-applied on the page side. */
const plain = (o: LlmCallOptions = {}): LlmCallOptions => ({
  timeoutMs: o.timeoutMs,
  maxTokens: o.maxTokens,
  temperature: o.temperature,
});

/** Page side: a relay over a loaded engine. */
export function createLlmRelay(engine: LlmEngine): LlmRelay {
  return {
    chatJson: (m, s, o) => engine.chatJson(m, s, o),
    async chatStream(m, o, onChunk) {
      for await (const chunk of engine.chatStream(m, o)) await onChunk(chunk);
    },
    cancel: () => engine.cancel(),
  };
}

/** Worker side: an LlmEngine whose calls go to the page. load/unload belong to the page. */
export function llmFromRelay(relay: Comlink.Remote<LlmRelay>, modelId: string): LlmEngine {
  return {
    modelId,
    async load() {},
    async unload() {},
    cancel: () => void relay.cancel(),
    chatJson: (m, s, o) => relay.chatJson(m, s, plain(o)),
    chatStream(m, o) {
      const chunks: string[] = [];
      let wake: (() => void) | null = null;
      let finished = false;
      let failure: unknown = null;
      const done = relay
        .chatStream(
          m,
          plain(o),
          Comlink.proxy((c: string) => {
            chunks.push(c);
            wake?.();
          }),
        )
        .then(
          () => void (finished = true),
          (e: unknown) => void ((failure = e), (finished = true)),
        )
        .finally(() => wake?.());
      return {
        async *[Symbol.asyncIterator]() {
          for (;;) {
            if (chunks.length) {
              yield chunks.shift()!;
              continue;
            }
            if (finished) break;
            await new Promise<void>((r) => (wake = r));
            wake = null;
          }
          await done;
          if (failure) throw failure;
        },
      };
    },
  };
}
