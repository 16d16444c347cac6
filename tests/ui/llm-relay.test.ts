import { describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import { createLlmRelay, llmFromRelay, type LlmRelay } from '../../src/llm/relay.ts';
import type { ChatMessage, LlmCallOptions, LlmEngine } from '../../src/core/conversation/llm-port.ts';

/** A scripted engine on the "page" side (real comlink messaging over a MessageChannel between). */
function scripted(chunks: string[], failAfter?: number): LlmEngine & { seen: LlmCallOptions[] } {
  const seen: LlmCallOptions[] = [];
  return {
    seen,
    modelId: 'test-model',
    async load() {},
    async unload() {},
    cancel() {},
    async chatJson(_m: ChatMessage[], schema: object, o: LlmCallOptions = {}) {
      seen.push(o);
      return JSON.stringify({ schemaKeys: Object.keys(schema) });
    },
    async *chatStream(_m: ChatMessage[], o: LlmCallOptions = {}) {
      seen.push(o);
      for (let i = 0; i < chunks.length; i++) {
        if (failAfter === i) throw new Error('GPU device lost');
        await new Promise((r) => setTimeout(r, 2));
        yield chunks[i];
      }
    },
  };
}

function connect(engine: LlmEngine) {
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(createLlmRelay(engine), port1);
  const remote = Comlink.wrap<LlmRelay>(port2);
  return { llm: llmFromRelay(remote, 'test-model'), close: () => (port1.close(), port2.close()) };
}

describe('LLM relay between the page and the engine worker', () => {
  it('streams every chunk in order and passes options without the AbortSignal', async () => {
    const engine = scripted(['The ', 'Matrix ', '(1999)']);
    const { llm, close } = connect(engine);
    let text = '';
    for await (const c of llm.chatStream([{ role: 'user', content: 'hi' }], {
      timeoutMs: 500,
      signal: new AbortController().signal,
    })) {
      text += c;
    }
    expect(text).toBe('The Matrix (1999)');
    expect(engine.seen[0]).toEqual({ timeoutMs: 500, maxTokens: undefined, temperature: undefined });
    expect(await llm.chatJson([], { a: 1 })).toBe('{"schemaKeys":["a"]}');
    close();
  });

  it('surfaces a failure in the middle of a stream after the chunks before it', async () => {
    const { llm, close } = connect(scripted(['one ', 'two ', 'three'], 2));
    const got: string[] = [];
    await expect(
      (async () => {
        for await (const c of llm.chatStream([])) got.push(c);
      })(),
    ).rejects.toThrow('GPU device lost');
    expect(got).toEqual(['one ', 'two ']);
    close();
  });
});
