/**
 * The LLM worker: web-llm's own handler, nothing else. A module worker with a static import of
 * web-llm is fine here (unlike voy, no top-level await): the handler is installed synchronously.
 * The page talks to it through CreateWebWorkerMLCEngine (src/llm/web-llm-engine.ts).
 */
import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';

const handler = new WebWorkerMLCEngineHandler();
self.onmessage = (msg: MessageEvent) => handler.onmessage(msg);
