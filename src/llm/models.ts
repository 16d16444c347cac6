/**
 * The curated model list and the choice of a model the device can run. The figures are copied
 * from @mlc-ai/web-llm 0.2.86's `prebuiltAppConfig` (tests/conversation/llm-models.test.ts fails if
 * they drift), so the settings screen can list sizes without importing web-llm (~6 MB) on the main
 * thread.
 */
import type { GpuCapability } from './webgpu.ts';

export interface CuratedModel {
  /** `model_id` in prebuiltAppConfig. */
  id: string;
  label: string;
  /** vram_required_MB. */
  vramMB: number;
  lowResource: boolean;
  /** Needs the `shader-f16` WebGPU feature (f16 weights or activations). */
  needsF16: boolean;
  contextWindow: number;
}

/** Best first: a stronger model is preferred when the device can hold it. */
export const CURATED_MODELS: readonly CuratedModel[] = [
  {
    id: 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC',
    label: 'Qwen2.5 1.5B',
    vramMB: 1629.75,
    lowResource: true,
    needsF16: true,
    contextWindow: 4096,
  },
  {
    id: 'Qwen2.5-1.5B-Instruct-q4f32_1-MLC',
    label: 'Qwen2.5 1.5B (f32)',
    vramMB: 1888.97,
    lowResource: true,
    needsF16: false,
    contextWindow: 4096,
  },
  {
    id: 'Phi-3.5-mini-instruct-q4f16_1-MLC-1k',
    label: 'Phi-3.5 mini (1k context)',
    vramMB: 2520.07,
    lowResource: true,
    needsF16: true,
    contextWindow: 1024,
  },
  {
    id: 'Phi-3.5-mini-instruct-q4f32_1-MLC-1k',
    label: 'Phi-3.5 mini (1k, f32)',
    vramMB: 3179.12,
    lowResource: true,
    needsF16: false,
    contextWindow: 1024,
  },
  {
    id: 'Llama-3.2-1B-Instruct-q4f16_1-MLC',
    label: 'Llama 3.2 1B',
    vramMB: 879.04,
    lowResource: true,
    needsF16: true,
    contextWindow: 4096,
  },
  {
    id: 'Llama-3.2-1B-Instruct-q4f32_1-MLC',
    label: 'Llama 3.2 1B (f32)',
    vramMB: 1128.82,
    lowResource: true,
    needsF16: false,
    contextWindow: 4096,
  },
  {
    id: 'SmolLM2-360M-Instruct-q4f16_1-MLC',
    label: 'SmolLM2 360M',
    vramMB: 376.06,
    lowResource: true,
    needsF16: true,
    contextWindow: 4096,
  },
  {
    id: 'SmolLM2-360M-Instruct-q4f32_1-MLC',
    label: 'SmolLM2 360M (f32)',
    vramMB: 579.61,
    lowResource: true,
    needsF16: false,
    contextWindow: 4096,
  },
];

/**
 * Models this device can run, best first. The VRAM budget is an estimate: browsers do not expose
 * GPU memory, so we use `navigator.deviceMemory` (GB, capped at 8 by browsers) as a proxy and keep
 * half of it for the model; `maxBufferSize` must hold the largest weight buffer (~1/4 of VRAM need,
 * conservative). A fallback (software) adapter only gets low-resource f32 models.
 */
export function modelsForDevice(gpu: GpuCapability, deviceMemoryGB: number | null): CuratedModel[] {
  const budgetMB = ((deviceMemoryGB ?? 4) * 1024) / 2;
  return CURATED_MODELS.filter(
    (m) =>
      (!m.needsF16 || gpu.shaderF16) &&
      m.vramMB <= budgetMB &&
      m.vramMB * 1024 * 1024 <= gpu.maxBufferSize * 4 &&
      (!gpu.isFallbackAdapter || (m.lowResource && m.vramMB <= 1200)),
  );
}

/** The default model: the best one that fits, preferring small models on fallback adapters. */
export function chooseModel(gpu: GpuCapability, deviceMemoryGB: number | null): CuratedModel | null {
  const fit = modelsForDevice(gpu, deviceMemoryGB);
  return fit[0] ?? null;
}
