import { createResource, Show } from 'solid-js';
import { useApp } from './context.tsx';
import { DataSettings } from './DataSettings.tsx';
import { LlmSettings } from './LlmSettings.tsx';
import { QdrantSettings } from './QdrantSettings.tsx';
import { StorageSettings } from './StorageSettings.tsx';

function EngineInfo() {
  const { app } = useApp();
  const [emb] = createResource(() => app.embedderInfo().catch(() => null));
  return (
    <section class="settings-card" aria-labelledby="engine-title">
      <h2 id="engine-title">Search engine</h2>
      <Show when={app.report()}>
        {(r) => (
          <p>
            {r().count.toLocaleString()} movies · embedder {r().embedderId} ({r().dims} dimensions)
          </p>
        )}
      </Show>
      <Show when={emb()}>
        {(e) => (
          <p class="hint">
            Embedder state: {e().state}
            {e().loadMs != null ? ` · loaded in ${Math.round(e().loadMs ?? 0)} ms` : ''}
          </p>
        )}
      </Show>
    </section>
  );
}

export function SettingsView() {
  return (
    <section class="page settings" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <LlmSettings />
      <EngineInfo />
      <StorageSettings />
      <DataSettings />
      <QdrantSettings />
    </section>
  );
}
