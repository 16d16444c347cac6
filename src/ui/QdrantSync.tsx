import { createSignal, Match, Show, Switch } from 'solid-js';
import { useApp } from './context.tsx';

const ID_PATTERN = /^[\w-]{8,64}$/;

/**
 * Sync of ratings, watchlist and hidden movies through the Qdrant server (off by default). The sync id is
 * a random UUID made here; entering the same id on another device shares the lists between the two.
 */
export function QdrantSync() {
  const { app } = useApp();
  const s = () => app.personal.settings();
  const [idError, setIdError] = createSignal('');
  const [copied, setCopied] = createSignal(false);

  const toggle = async (on: boolean) => {
    // The switch first (so it does not flick back while the id is saved); sync starts once both are set.
    await app.personal.setSetting('qdrantSync', on);
    if (on && !s().syncUserId) await app.personal.setSetting('syncUserId', crypto.randomUUID());
  };
  const setId = (raw: string) => {
    const id = raw.trim();
    if (!ID_PATTERN.test(id)) {
      setIdError('A sync id is 8–64 letters, digits, "-" or "_" (copy it from your other device).');
      return;
    }
    setIdError('');
    void app.personal.setSetting('syncUserId', id);
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(s().syncUserId);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setIdError('Copying is not allowed here: select the id and copy it by hand.');
    }
  };
  const status = () => app.syncStatus();

  return (
    <div class="qdrant-sync">
      <label class="switch">
        <input
          type="checkbox"
          checked={s().qdrantSync}
          disabled={!s().qdrantUrl}
          onChange={(e) => void toggle(e.currentTarget.checked)}
        />
        <span>Sync ratings, watchlist and hidden movies through this server</span>
      </label>
      <p class="hint">
        Off by default. Your lists are stored on the server under a random sync id made on this device (no
        name, no e-mail); anyone who can reach the server and knows the id can read them. Use the same id on
        another device to share your lists.
      </p>
      <Show when={s().syncUserId}>
        <label class="field">
          <span>Sync id</span>
          <input
            type="text"
            spellcheck={false}
            autocomplete="off"
            data-testid="sync-user-id"
            value={s().syncUserId}
            onChange={(e) => setId(e.currentTarget.value)}
          />
        </label>
        <button class="button secondary" onClick={() => void copy()}>
          {copied() ? 'Copied' : 'Copy sync id'}
        </button>
      </Show>
      <Show when={idError()}>
        <p class="warning-text" role="alert">
          {idError()}
        </p>
      </Show>
      <p class="hint" role="status" data-testid="sync-status">
        <Switch>
          <Match when={status().kind === 'syncing'}>Syncing…</Match>
          <Match when={status().kind === 'synced'}>
            {(() => {
              const st = status();
              return st.kind === 'synced' && st.at
                ? `Synced at ${new Date(st.at).toLocaleTimeString()}.`
                : '';
            })()}
          </Match>
          <Match when={status().kind === 'offline'}>
            {(() => {
              const st = status();
              return st.kind === 'offline'
                ? `Not synced (${st.message}). ${st.pending} change(s) waiting; retrying in ${Math.ceil(st.retryInMs / 1000)} s and when back online.`
                : '';
            })()}
          </Match>
          <Match when={status().kind === 'error'}>
            {(() => {
              const st = status();
              return st.kind === 'error' ? `Sync could not start: ${st.message}` : '';
            })()}
          </Match>
        </Switch>
      </p>
    </div>
  );
}
