/**
 * A scripted LlmEngine: returns recorded outputs at the engine interface and records what it was
 * asked. Only the engine is scripted; tests assert on what the pipeline does with the outputs.
 */
import type { ChatMessage, LlmCallOptions, LlmEngine } from '../../src/core/conversation/llm-port.ts';

export type Scripted = string | { hang: true } | { throws: string };

export interface ScriptedEngine extends LlmEngine {
  calls: Array<{ kind: 'json' | 'stream'; messages: ChatMessage[]; schema?: object }>;
  cancelled: number;
}

export function scriptedEngine(script: { json?: Scripted[]; stream?: Scripted[] }): ScriptedEngine {
  const json = [...(script.json ?? [])];
  const stream = [...(script.stream ?? [])];
  let cancelResolvers: Array<() => void> = [];
  const engine: ScriptedEngine = {
    modelId: 'scripted-model',
    calls: [],
    cancelled: 0,
    async load() {},
    cancel() {
      engine.cancelled++;
      cancelResolvers.forEach((r) => r());
      cancelResolvers = [];
    },
    async chatJson(messages: ChatMessage[], schema: object, _o?: LlmCallOptions) {
      engine.calls.push({ kind: 'json', messages, schema });
      const next = json.shift();
      if (next === undefined) throw new Error('script exhausted');
      if (typeof next === 'string') return next;
      if ('throws' in next) throw new Error(next.throws);
      // Never answers until cancelled (then the pipeline's timeout has already rejected).
      return new Promise<string>((resolve) => cancelResolvers.push(() => resolve('')));
    },
    async *chatStream(messages: ChatMessage[]) {
      engine.calls.push({ kind: 'stream', messages });
      const next = stream.shift();
      if (next === undefined) throw new Error('script exhausted');
      if (typeof next !== 'string') throw new Error('stream script must be text');
      // Stream in small chunks, like a real engine.
      for (let i = 0; i < next.length; i += 7) yield next.slice(i, i + 7);
    },
    async unload() {},
  };
  return engine;
}
