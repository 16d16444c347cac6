import { createResource, createSignal, Show } from 'solid-js';
import { useApp } from './context.tsx';
import { formatBytes } from './format.ts';

async function estimate() {
  const s = navigator.storage;
  if (!s?.estimate) return null;
  const [e, persisted] = await Promise.all([s.estimate(), s.persisted?.() ?? Promise.resolve(false)]);
  return { usage: e.usage ?? 0, quota: e.quota ?? 0, persisted };
}

export function StorageSettings() {
  const { app } = useApp();
  const [info, { refetch }] = createResource(estimate);
  const [msg, setMsg] = createSignal('');
  const persist = async () => {
    const ok = (await navigator.storage?.persist?.()) ?? false;
    setMsg(
      ok
        ? 'Storage is now persistent.'
        : 'The browser declined; it may still keep data for a frequent visitor.',
    );
    void refetch();
  };
  return (
    <section class="settings-card" aria-labelledby="storage-title">
      <h2 id="storage-title">Storage</h2>
      <Show when={info()} fallback={<p class="hint">Storage estimates are not available in this browser.</p>}>
        {(i) => (
          <>
            <p>
              Using {formatBytes(i().usage)} of {formatBytes(i().quota)} available.
            </p>
            <meter min={0} max={i().quota || 1} value={i().usage} aria-label="Storage used" />
            <p class="hint">
              {i().persisted
                ? 'Persistent: the browser will not clear CineChat data to save space.'
                : 'Best effort: the browser may clear this data when space runs low.'}
            </p>
            <Show when={!i().persisted}>
              <button class="button secondary" onClick={() => void persist()}>
                Keep data persistently
              </button>
            </Show>
          </>
        )}
      </Show>
      <Show when={app.personal.backend() === 'memory'}>
        <p class="warning-text">{app.personal.warning()}</p>
      </Show>
      <p role="status" class="hint">
        {msg()}
      </p>
    </section>
  );
}
