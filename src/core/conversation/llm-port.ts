/**
 * The LLM as the conversation core sees it. Pure interface: the web-llm implementation lives in
 * src/llm/ (browser, WebGPU, worker); tests drive the pipeline through a scripted implementation of
 * this same interface, so everything after the engine (validation, fallback, grounding) is real.
 */

import { withTimeout as withDeadline } from '../timing.ts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Progress of a model download / initialisation. */
export interface LlmLoadProgress {
  /** 0..1 */
  progress: number;
  text: string;
  timeElapsedS: number;
}

export interface LlmCallOptions {
  /** Give up after this long (the call is interrupted and rejects with an LlmTimeoutError). */
  timeoutMs?: number;
  signal?: AbortSignal;
  maxTokens?: number;
  temperature?: number;
}

export interface LlmEngine {
  /** Model currently loaded, or null. */
  readonly modelId: string | null;
  /** Download (or read from cache) and initialise a model. Rejects with LlmCancelledError on cancel(). */
  load(modelId: string, onProgress?: (p: LlmLoadProgress) => void): Promise<void>;
  /** Stop the current download or generation. */
  cancel(): void;
  /**
   * One completion constrained to JSON by `schema` (web-llm: response_format json_object + schema).
   * Returns the raw text: the caller parses and validates it, never trusting it.
   */
  chatJson(messages: ChatMessage[], schema: object, options?: LlmCallOptions): Promise<string>;
  /** Streamed completion, chunk by chunk. */
  chatStream(messages: ChatMessage[], options?: LlmCallOptions): AsyncIterable<string>;
  unload(): Promise<void>;
}

export class LlmTimeoutError extends Error {
  override name = 'LlmTimeoutError';
}
export class LlmCancelledError extends Error {
  override name = 'LlmCancelledError';
}

/** Race an LLM call against a timeout (core/timing.ts); on timeout call `onTimeout` (e.g. interrupt generation). */
export function withTimeout<T>(p: Promise<T>, ms: number | undefined, onTimeout?: () => void): Promise<T> {
  return withDeadline(
    p,
    ms,
    onTimeout,
    (t) => new LlmTimeoutError(`No answer from the model within ${t} ms.`),
  );
}
