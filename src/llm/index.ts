/** Browser LLM support: capability check, model choice, and the web-llm engine (lazy). */
export { checkWebGpu, type GpuCapability, type GpuUnavailable } from './webgpu.ts';
export { CURATED_MODELS, chooseModel, modelsForDevice, type CuratedModel } from './models.ts';
export { createWebLlmEngine, checkStorageFor, CACHE_BACKEND, LlmStorageError } from './web-llm-engine.ts';
export type {
  LlmEngine,
  ChatMessage,
  LlmLoadProgress,
  LlmCallOptions,
} from '../core/conversation/llm-port.ts';
