import { For, Show } from 'solid-js';
import { useApp } from './context.tsx';

const when = (t: number) =>
  new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Past questions, newest first; choosing one asks it again. */
export function HistoryView() {
  const { app, shell } = useApp();
  const asked = () =>
    app.personal
      .data()
      .history.filter((t) => t.role === 'user')
      .slice()
      .reverse();
  const hidden = () => app.personal.data().hidden;
  return (
    <section class="page" aria-labelledby="history-title">
      <h1 id="history-title">History</h1>
      <Show when={asked().length} fallback={<p class="empty">Your questions will appear here.</p>}>
        <ul class="history-list">
          <For each={asked()}>
            {(t) => (
              <li>
                <button
                  class="history-item"
                  onClick={() => {
                    shell.setView('chat');
                    void app.send(t.text);
                  }}
                >
                  <span class="history-text">{t.text}</span>
                  <time datetime={new Date(t.at).toISOString()}>{when(t.at)}</time>
                </button>
              </li>
            )}
          </For>
        </ul>
        <button class="button secondary" onClick={() => void app.personal.clearHistory()}>
          Clear history
        </button>
      </Show>
      <Show when={hidden().length}>
        <h2 class="subhead">Hidden movies</h2>
        <ul class="hidden-list">
          <For each={hidden()}>
            {(h) => (
              <li>
                <span>{h.title}</span>
                <button class="link-button" onClick={() => void app.personal.unhide(h.movieId)}>
                  Show again
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
