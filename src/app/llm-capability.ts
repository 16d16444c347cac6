/**
 * Can this browser run a local LLM? WebGPU with an adapter is required; shader-f16 widens the
 * model choice. Checked once and cached; never throws.
 */
import type { LlmCapability, LlmChoice } from './ports.ts';

let cached: Promise<LlmCapability> | null = null;

interface GpuLike {
  requestAdapter(): Promise<{ features: { has(f: string): boolean } } | null>;
}

export function checkLlmCapability(): Promise<LlmCapability> {
  cached ??= (async (): Promise<LlmCapability> => {
    const gpu = (navigator as Navigator & { gpu?: GpuLike }).gpu;
    if (!gpu) return { available: false, reason: 'This browser has no WebGPU.', f16: false };
    try {
      const adapter = await gpu.requestAdapter();
      if (!adapter) return { available: false, reason: 'WebGPU is present but no GPU adapter is available.', f16: false };
      return { available: true, reason: null, f16: adapter.features.has('shader-f16') };
    } catch (e) {
      return { available: false, reason: `WebGPU failed: ${e instanceof Error ? e.message : String(e)}`, f16: false };
    }
  })();
  return cached;
}

/**
 * Small instruct models from web-llm's prebuilt list (sizes: VRAM MB from its config, see
 * /work/shared notes). Used until src/llm provides the curated list.
 */
export const FALLBACK_LLM_CHOICES: LlmChoice[] = [
  { id: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC', label: 'Qwen2.5 0.5B (fast)', sizeMb: 1060, needsF16: false },
  { id: 'Llama-3.2-1B-Instruct-q4f32_1-MLC', label: 'Llama 3.2 1B', sizeMb: 1129, needsF16: false },
  { id: 'Qwen2.5-1.5B-Instruct-q4f32_1-MLC', label: 'Qwen2.5 1.5B (better)', sizeMb: 1889, needsF16: false },
  { id: 'SmolLM2-360M-Instruct-q4f16_1-MLC', label: 'SmolLM2 360M (tiny, f16)', sizeMb: 376, needsF16: true },
];
