/**
 * The optional LLM: loaded when the person turns it on in Settings and WebGPU works, handed to the
 * pipeline, unloaded when turned off. web-llm (~6 MB) is imported only then, never at start-up.
 */
import { createEffect, createRoot, createSignal, on } from 'solid-js';
import { checkWebGpu } from '../llm/webgpu.ts';
import { chooseModel, CURATED_MODELS, modelsForDevice } from '../llm/models.ts';
import type { LlmEngine } from '../core/conversation/llm-port.ts';
import type { Personal } from './personal.ts';
import type { EnginePort } from './ports.ts';

export type LlmState =
  | { kind: 'off' }
  | { kind: 'loading'; text: string; progress: number }
  | { kind: 'ready'; modelId: string }
  /** `message` is whole sentences, ready to show (llmErrorText); `retry` tries the current settings again. */
  | { kind: 'error'; message: string; retry: () => void };

/** Words for "the request never reached the server": fetch() in Chromium, Firefox and Safari, undici. */
const NETWORK_FAILURE =
  /failed to fetch|networkerror|network error|load failed|fetch failed|net::err_|err_internet_disconnected|err_name_not_resolved|err_connection/i;

/** The text of an error, whatever was thrown: web-llm's worker rejects with `String(err)`, not an Error. */
function rawMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : typeof e === 'string' ? e : e == null ? '' : String(e);
  // A bare "Error: " (what String(new Error(m)) adds) says nothing; other names stay.
  return text
    .replace(/^Error:\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The host a failed download went to: the engine's `host` (LlmLoadError), else a URL in the message. */
function hostOf(e: unknown, text: string): string | null {
  const host = (e as { host?: unknown } | null)?.host;
  if (typeof host === 'string' && host) return host;
  const url = /\bhttps?:\/\/[^\s'"<>)]+/.exec(text)?.[0];
  if (!url) return null;
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

/** `text` as a sentence: ends with . ! ? or … (a trailing ":" ";" or "," becomes "."); long ones are cut. */
function asSentence(text: string, max = 300): string {
  const chars = [...text.trim()];
  let t =
    chars.length > max
      ? chars
          .slice(0, max - 1)
          .join('')
          .trimEnd() + '…'
      : chars.join('');
  t = t.replace(/[\s:;,]+$/, '');
  return /[.!?…]["'”’)\]]*$/.test(t) ? t : `${t}.`;
}

/**
 * What Settings → Language model says when the model cannot be used, in whole sentences. A network
 * failure (no connection, host unreachable) names what failed: the model's download from its host.
 * Anything else keeps its own message. Both end by saying that search keeps working.
 */
export function llmErrorText(e: unknown): string {
  const text = rawMessage(e);
  const after = ' Search keeps working without it.';
  if (NETWORK_FAILURE.test(text)) {
    const host = hostOf(e, text);
    return `The language model could not be downloaded from its host${host ? ` (${host})` : ''}: the network request failed.${after}`;
  }
  return text
    ? `The language model could not start: ${asSentence(text)}${after}`
    : `The language model could not start.${after}`;
}

export function createLlmController(engine: EnginePort, personal: Personal) {
  const [state, setState] = createSignal<LlmState>({ kind: 'off' });
  let current: LlmEngine | null = null;
  /** The newest apply(); an older one that ends later (superseded, retried twice) changes nothing. */
  let runs = 0;
  const retry = () => void apply(personal.settings().llmEnabled, personal.settings().llmModel);

  async function apply(enabled: boolean, wanted: string | null): Promise<void> {
    const run = ++runs;
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
      const gpu = await checkWebGpu();
      if (!gpu.ok) throw new Error(gpu.reason);
      const memory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory ?? null;
      const modelId = wanted ?? chooseModel(gpu, memory)?.id;
      if (!modelId) throw new Error('No language model fits this device.');
      setState({ kind: 'loading', text: 'Preparing the language model…', progress: 0 });
      const { createWebLlmEngine } = await import('../llm/web-llm-engine.ts');
      current ??= createWebLlmEngine();
      await current.load(modelId, (p) => {
        if (run === runs) setState({ kind: 'loading', text: p.text, progress: p.progress });
      });
      if (run !== runs) return;
      await engine.setLlm(current);
      setState({ kind: 'ready', modelId });
    } catch (e) {
      if (run !== runs) return;
      await engine.setLlm(null).catch(() => undefined);
      setState({ kind: 'error', message: llmErrorText(e), retry });
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
// Both are small and static; only web-llm itself (web-llm-engine.ts) is loaded on demand.
export { checkWebGpu, CURATED_MODELS, modelsForDevice };
