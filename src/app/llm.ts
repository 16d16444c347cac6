/**
 * The optional LLM: loaded when the person turns it on in Settings and WebGPU works, handed to the
 * pipeline, unloaded when turned off. web-llm (~6 MB) is imported only then, never at start-up.
 */
import { createEffect, createRoot, createSignal, on } from 'solid-js';
import type { LlmEngine } from '../core/conversation/llm-port.ts';
import type { Personal } from './personal.ts';
import type { EnginePort } from './ports.ts';

export type LlmState =
  | { kind: 'off' }
  | { kind: 'loading'; text: string; progress: number }
  | { kind: 'ready'; modelId: string }
  | { kind: 'error'; message: string };

export function createLlmController(engine: EnginePort, personal: Personal) {
  const [state, setState] = createSignal<LlmState>({ kind: 'off' });
  let current: LlmEngine | null = null;

  async function apply(enabled: boolean, wanted: string | null): Promise<void> {
    if (!enabled) {
      if (current) {
        await engine.setLlm(null);
        await current.unload().catch(() => undefined);
        current = null;
      }
      setState({ kind: 'off' });
      return;
    }
    try {
      const [{ checkWebGpu }, { chooseModel }] = await Promise.all([
        import('../llm/webgpu.ts'),
        import('../llm/models.ts'),
      ]);
      const gpu = await checkWebGpu();
      if (!gpu.ok) throw new Error(gpu.reason);
      const memory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory ?? null;
      const modelId = wanted ?? chooseModel(gpu, memory)?.id;
      if (!modelId) throw new Error('No language model fits this device.');
      setState({ kind: 'loading', text: 'Preparing the language model…', progress: 0 });
      const { createWebLlmEngine } = await import('../llm/web-llm-engine.ts');
      current ??= createWebLlmEngine();
      await current.load(modelId, (p) => setState({ kind: 'loading', text: p.text, progress: p.progress }));
      await engine.setLlm(current);
      setState({ kind: 'ready', modelId });
    } catch (e) {
      await engine.setLlm(null).catch(() => undefined);
      setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  /** Starts watching the settings; call once the engine is ready. */
  function start(): void {
    // Its own root: start() runs after an await, outside any component's reactive scope.
    createRoot(() =>
      createEffect(
        on(
          () => [personal.settings().llmEnabled, personal.settings().llmModel] as const,
          ([enabled, model]) => void apply(enabled, model),
        ),
      ),
    );
  }

  return { state, start };
}

// What Settings → Language model shows (the UI reaches the LLM modules only through the app layer).
export { checkWebGpu } from '../llm/webgpu.ts';
export { CURATED_MODELS, modelsForDevice } from '../llm/models.ts';
