import { createResource, For, Show } from 'solid-js';
import { checkLlmCapability, FALLBACK_LLM_CHOICES } from '../app/llm-capability.ts';
import { useApp } from './context.tsx';

export function LlmSettings() {
  const { app } = useApp();
  const [cap] = createResource(checkLlmCapability);
  const settings = () => app.personal.settings();
  const choices = () => FALLBACK_LLM_CHOICES.filter((c) => !c.needsF16 || cap()?.f16);
  return (
    <section class="settings-card" aria-labelledby="llm-title">
      <h3 id="llm-title">Language model</h3>
      <p class="hint">
        An optional model that runs on your GPU to understand trickier requests and write answers. Without it, CineChat
        uses its built-in planner.
      </p>
      <p class="capability" data-testid="llm-capability" role="status">
        <Show when={cap()} fallback="Checking WebGPU…">
          {(c) =>
            c().available
              ? `WebGPU is available${c().f16 ? ' (with f16 shaders)' : ''}.`
              : `Language model unavailable: ${c().reason} CineChat keeps working with its built-in planner.`
          }
        </Show>
      </p>
      <label class="switch">
        <input
          type="checkbox"
          checked={settings().llmEnabled}
          disabled={!cap()?.available}
          onChange={(e) => void app.personal.setSetting('llmEnabled', e.currentTarget.checked)}
        />
        <span>Use a language model</span>
      </label>
      <label class="field">
        <span>Model</span>
        <select
          disabled={!cap()?.available || !settings().llmEnabled}
          value={settings().llmModel ?? choices()[0]?.id}
          onChange={(e) => void app.personal.setSetting('llmModel', e.currentTarget.value)}
        >
          <For each={choices()}>
            {(c) => (
              <option value={c.id}>
                {c.label} · {(c.sizeMb / 1024).toFixed(1)} GB
              </option>
            )}
          </For>
        </select>
      </label>
    </section>
  );
}
