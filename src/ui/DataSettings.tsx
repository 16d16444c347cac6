import { createSignal } from 'solid-js';
import { useApp } from './context.tsx';
import { downloadText, stamp } from './download.ts';

export function DataSettings() {
  const { app } = useApp();
  const [msg, setMsg] = createSignal<{ text: string; error: boolean } | null>(null);
  let file!: HTMLInputElement;

  const onImport = async () => {
    const f = file.files?.[0];
    file.value = '';
    if (!f) return;
    const r = await app.personal.importAll(await f.text());
    setMsg(
      r.ok
        ? { text: 'Imported. Your ratings, watchlist and history were replaced.', error: false }
        : { text: r.error, error: true },
    );
  };
  const onClear = async () => {
    if (!window.confirm('Delete all ratings, watchlist, hidden movies, history and settings on this device?'))
      return;
    await app.clearAllData();
    setMsg({ text: 'All personal data was deleted.', error: false });
  };
  return (
    <section class="settings-card" aria-labelledby="data-title">
      <h2 id="data-title">Your data</h2>
      <p class="hint">
        {app.personal.data().ratings.length} ratings · {app.personal.data().watchlist.length} in watchlist ·{' '}
        {app.personal.data().hidden.length} hidden. Stored only on this device.
      </p>
      <div class="button-row">
        <button
          class="button secondary"
          onClick={() =>
            downloadText(`cinechat-data-${stamp()}.json`, app.personal.exportAll(), 'application/json')
          }
        >
          Export all data
        </button>
        <button class="button secondary" onClick={() => file.click()}>
          Import data…
        </button>
        <button
          class="button secondary"
          onClick={() =>
            downloadText(
              `cinechat-ratings-${stamp()}.jsonl`,
              app.personal.exportRatedPairs(),
              'application/x-ndjson',
            )
          }
        >
          Export ratings (JSONL)
        </button>
        <button class="button danger" onClick={() => void onClear()}>
          Clear all data
        </button>
      </div>
      <input
        ref={file}
        type="file"
        accept="application/json,.json"
        class="sr-only"
        aria-label="Choose a CineChat data file to import"
        tabIndex={-1}
        onChange={() => void onImport()}
      />
      <p
        role="status"
        classList={{ hint: !msg()?.error, 'warning-text': !!msg()?.error }}
        data-testid="data-message"
      >
        {msg()?.text ?? ''}
      </p>
    </section>
  );
}
