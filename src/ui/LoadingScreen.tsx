import { Show } from 'solid-js';
import { useApp } from './context.tsx';
import { formatBytes } from './format.ts';

/** First visit: index + embedder download with bytes and percent. Later visits come from cache. */
export function LoadingScreen() {
  const { app } = useApp();
  const p = () => app.progress();
  const pct = () => {
    const q = p();
    return q && q.total ? Math.min(100, Math.round((q.loaded / q.total) * 100)) : null;
  };
  return (
    <div class="loading" role="status" aria-live="polite">
      <img
        class="logo-mark"
        src={`${import.meta.env.BASE_URL}icons/icon.svg`}
        alt=""
        width="72"
        height="72"
      />
      <h1>CineChat</h1>
      <Show
        when={app.phase() !== 'error'}
        fallback={
          <div class="load-error" role="alert">
            <p>Loading failed: {app.loadError()}</p>
            <button class="button" onClick={() => void app.boot()}>
              Try again
            </button>
          </div>
        }
      >
        <p class="loading-phase">{p()?.phase ?? 'Starting…'}</p>
        <Show when={pct() != null} fallback={<progress aria-label="Loading progress" />}>
          <progress max={100} value={pct() ?? 0} aria-label="Loading progress" />
        </Show>
        <p class="loading-bytes">
          <Show when={p()} fallback=" ">
            {(q) => (
              <>
                {formatBytes(q().loaded)}
                {q().total ? ` of ${formatBytes(q().total)}` : ''}
                {pct() != null ? ` · ${pct()}%` : ''}
              </>
            )}
          </Show>
        </p>
        <p class="hint">
          The first visit downloads the movie index and a small language model. After that, CineChat works
          offline.
        </p>
      </Show>
    </div>
  );
}
