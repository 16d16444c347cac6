import { describe, expect, it } from 'vitest';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { CURATED_MODELS, chooseModel, modelsForDevice } from '../../src/llm/models.ts';
import { checkWebGpu, type GpuCapability } from '../../src/llm/webgpu.ts';

const gpu = (over: Partial<GpuCapability> = {}): GpuCapability => ({
  ok: true,
  shaderF16: true,
  isFallbackAdapter: false,
  maxBufferSize: 2 ** 31,
  maxStorageBufferBindingSize: 2 ** 30,
  vendor: 'test',
  architecture: '',
  ...over,
});

describe('curated models', () => {
  it('match web-llm prebuiltAppConfig (ids, VRAM, low-resource flag)', () => {
    for (const m of CURATED_MODELS) {
      const rec = prebuiltAppConfig.model_list.find((r) => r.model_id === m.id);
      expect(rec, m.id).toBeDefined();
      expect(rec!.vram_required_MB).toBeCloseTo(m.vramMB, 1);
      expect(rec!.low_resource_required ?? false).toBe(m.lowResource);
      expect(m.needsF16).toBe(/f16/.test(m.id));
    }
  });

  it('offer only f32 variants without shader-f16', () => {
    const fit = modelsForDevice(gpu({ shaderF16: false }), 8);
    expect(fit.length).toBeGreaterThan(0);
    expect(fit.every((m) => !m.needsF16)).toBe(true);
    expect(chooseModel(gpu({ shaderF16: false }), 8)!.id).toBe('Qwen2.5-1.5B-Instruct-q4f32_1-MLC');
  });

  it('fit the memory budget and keep fallback adapters on small models', () => {
    expect(modelsForDevice(gpu(), 2).every((m) => m.vramMB <= 1024)).toBe(true);
    const soft = modelsForDevice(
      gpu({ shaderF16: false, isFallbackAdapter: true, maxBufferSize: 2 ** 30 }),
      8,
    );
    expect(soft.map((m) => m.id)).toEqual([
      'Llama-3.2-1B-Instruct-q4f32_1-MLC',
      'SmolLM2-360M-Instruct-q4f32_1-MLC',
    ]);
    expect(chooseModel(gpu(), 0.5)).toBeNull();
  });
});

describe('checkWebGpu', () => {
  it('explains a missing WebGPU or adapter', async () => {
    const none = await checkWebGpu({});
    expect(none.ok).toBe(false);
    expect(!none.ok && none.reason).toMatch(/no WebGPU/);
    const noAdapter = await checkWebGpu({ gpu: { requestAdapter: async () => null } });
    expect(!noAdapter.ok && noAdapter.reason).toMatch(/no GPU adapter/);
  });

  it('reads features and limits of an adapter', async () => {
    const adapter = {
      features: new Set(['shader-f16']),
      limits: { maxBufferSize: 1024, maxStorageBufferBindingSize: 512 },
      info: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true },
    };
    const cap = await checkWebGpu({ gpu: { requestAdapter: async () => adapter } });
    expect(cap).toMatchObject({
      ok: true,
      shaderF16: true,
      isFallbackAdapter: true,
      maxBufferSize: 1024,
      vendor: 'google',
    });
  });
});
