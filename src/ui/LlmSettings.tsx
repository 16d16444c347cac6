import { createResource, For, Show } from 'solid-js';
import { checkWebGpu, CURATED_MODELS, modelsForDevice } from '../app/llm.ts';
import { useApp } from './context.tsx';

const deviceMemory = () => (navigator as Navigator & { deviceMemory?: number }).deviceMemory ?? null;

export function LlmSettings() {
  const { app } = useApp();
  const [gpu] = createResource(() => checkWebGpu());
  const settings = () => app.personal.settings();
  const failed = () => {
    const s = app.llm();
    return s.kind === 'error' ? s : null;
  };
  const available = () => gpu()?.ok === true;
  const choices = () => {
    const g = gpu();
    return g?.ok ? modelsForDevice(g, deviceMemory()) : CURATED_MODELS.filter((m) => !m.needsF16);
  };
  return (
    <section class="settings-card" aria-labelledby="llm-title">
      <h2 id="llm-title">Language model</h2>
      <p class="hint">
        An optional model that runs on your GPU to understand trickier requests and write answers. Without it,
        CineChat uses its built-in planner and answers.
      </p>
      <p class="capability" data-testid="llm-capability" role="status">
        <Show when={gpu()} fallback="Checking WebGPU…">
          {(g) => {
            const r = g();
            return r.ok
              ? `WebGPU is available${r.shaderF16 ? ' (with f16 shaders)' : ''}${r.isFallbackAdapter ? ', software adapter' : ''}.`
              : `Language model unavailable: ${r.reason}`;
          }}
        </Show>
      </p>
      <label class="switch">
        <input
          type="checkbox"
          checked={settings().llmEnabled && available()}
          disabled={!available()}
          onChange={(e) => void app.personal.setSetting('llmEnabled', e.currentTarget.checked)}
        />
        <span>Use a language model</span>
      </label>
      <label class="field">
        <span>Model</span>
        <select
          disabled={!available() || !settings().llmEnabled}
          value={settings().llmModel ?? choices()[0]?.id}
          onChange={(e) => void app.personal.setSetting('llmModel', e.currentTarget.value)}
        >
          <For each={choices()}>
            {(c) => (
              <option value={c.id}>
                {c.label} · {(c.vramMB / 1024).toFixed(1)} GB
              </option>
            )}
          </For>
        </select>
      </label>
      <Show when={settings().llmEnabled && available()}>
        <p class="hint">The model downloads once (its size above) and is then cached for offline use.</p>
      </Show>
      <p class="hint" classList={{ 'llm-error': failed() != null }} role="status" data-testid="llm-state">
        {(() => {
          const s = app.llm();
          if (s.kind === 'loading') return `${s.text} (${Math.round(s.progress * 100)}%)`;
          if (s.kind === 'ready')
            return `Loaded: ${s.modelId}. Answers are written by the model and checked against the results.`;
          // Whole sentences already (llmErrorText in src/app/llm.ts).
          if (s.kind === 'error') return s.message;
          return '';
        })()}
      </p>
      <Show when={failed()}>
        {(s) => (
          <button class="button secondary small" type="button" onClick={() => s().retry()}>
            Retry
          </button>
        )}
      </Show>
    </section>
  );
}
