/**
 * WebGPU capability check, run before offering any model. Returns a reason a person can act on
 * when WebGPU is missing (the app stays fully usable with rules and templates).
 */

export interface GpuCapability {
  ok: true;
  shaderF16: boolean;
  isFallbackAdapter: boolean;
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  vendor: string;
  architecture: string;
}

export interface GpuUnavailable {
  ok: false;
  reason: string;
}

/** Minimal structural types: lib.dom in TS 5.9 has no WebGPU types without @webgpu/types. */
interface GpuAdapterLike {
  features: { has(name: string): boolean };
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; isFallbackAdapter?: boolean };
}
interface GpuLike {
  requestAdapter(options?: {
    powerPreference?: 'high-performance' | 'low-power';
  }): Promise<GpuAdapterLike | null>;
}

export async function checkWebGpu(
  nav: { gpu?: unknown } | undefined = globalThis.navigator,
): Promise<GpuCapability | GpuUnavailable> {
  const gpu = nav?.gpu as GpuLike | undefined;
  if (!gpu) {
    return {
      ok: false,
      reason:
        'This browser has no WebGPU, so the optional AI model cannot run. Search and recommendations still work. ' +
        'WebGPU is available in recent Chrome and Edge (and in Safari/Firefox on some systems).',
    };
  }
  let adapter: GpuAdapterLike | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { ok: false, reason: `The browser refused a WebGPU adapter (${(e as Error).message}).` };
  }
  if (!adapter) {
    return {
      ok: false,
      reason:
        'WebGPU is present but no GPU adapter is available (GPU blocked, disabled, or running headless). ' +
        'The AI model needs one; everything else works without it.',
    };
  }
  return {
    ok: true,
    shaderF16: adapter.features.has('shader-f16'),
    isFallbackAdapter: adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    vendor: adapter.info?.vendor ?? '',
    architecture: adapter.info?.architecture ?? '',
  };
}
