/**
 * The only host APIs src/core may use — present in every JavaScript runtime the engine runs in
 * (browser page, web worker, Node): timers and a monotonic clock. Everything else (DOM, worker,
 * Node) is out of reach: src/core/tsconfig.json has no DOM, WebWorker or Node types.
 */
declare function setTimeout(handler: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare const performance: { now(): number };
/** Cancellation handle passed through to the LLM (src/core/conversation/llm-port.ts); core never creates one. */
interface AbortSignal {
  readonly aborted: boolean;
}
