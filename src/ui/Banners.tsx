import { Show } from 'solid-js';
import { useApp } from './context.tsx';

/** Offline, update-available, storage and notice banners. */
export function Banners() {
  const { app, shell } = useApp();
  return (
    <div class="banners">
      <Show when={shell.updateReady()}>
        <div class="banner info" role="status">
          <span>A new version of CineChat is ready.</span>
          <button class="button small" onClick={() => void shell.applyUpdate()}>
            Update
          </button>
        </div>
      </Show>
      <Show when={app.personal.warning()}>
        <div class="banner warn" role="alert" data-testid="storage-warning">
          {app.personal.warning()}
        </div>
      </Show>
      <Show when={app.personal.evicted}>
        <div class="banner warn" role="status">
          The browser cleared CineChat's saved data since your last visit. Use Settings → Keep data
          persistently to avoid this.
        </div>
      </Show>
      <Show
        when={(() => {
          const s = app.llm();
          return s.kind === 'loading' ? s : null;
        })()}
      >
        {(s) => (
          <div class="banner info" role="status">
            <span>Language model: {s().text}</span>
            <progress max={1} value={s().progress} aria-label="Language model download" />
          </div>
        )}
      </Show>
      <Show when={app.notice()}>
        <div class="banner info" role="status">
          <span>{app.notice()}</span>
          <button class="link-button" onClick={() => app.dismissNotice()} aria-label="Dismiss">
            ×
          </button>
        </div>
      </Show>
    </div>
  );
}
