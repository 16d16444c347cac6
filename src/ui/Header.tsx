import { For, Show } from 'solid-js';
import type { View } from '../app/shell.ts';
import { useApp } from './context.tsx';

const TABS: Array<{ view: View; label: string; icon: string }> = [
  { view: 'chat', label: 'Chat', icon: '💬' },
  { view: 'watchlist', label: 'Watchlist', icon: '🔖' },
  { view: 'history', label: 'History', icon: '🕘' },
  { view: 'settings', label: 'Settings', icon: '⚙️' },
];

export function Header() {
  const { app, shell } = useApp();
  return (
    <header class="topbar">
      <div class="brand">
        <span class="brand-mark" aria-hidden="true">
          🎬
        </span>
        <span class="brand-name">CineChat</span>
        <Show when={!shell.online()}>
          <span class="badge offline" role="status">
            Offline
          </span>
        </Show>
      </div>
      <nav aria-label="Main">
        <ul class="tabs">
          <For each={TABS}>
            {(t) => (
              <li>
                <button
                  class="tab"
                  aria-current={shell.view() === t.view ? 'page' : undefined}
                  onClick={() => shell.setView(t.view)}
                >
                  <span aria-hidden="true" class="tab-icon">
                    {t.icon}
                  </span>
                  <span class="tab-label">{t.label}</span>
                  <Show when={t.view === 'watchlist' && app.personal.data().watchlist.length}>
                    <span class="count">{app.personal.data().watchlist.length}</span>
                  </Show>
                </button>
              </li>
            )}
          </For>
        </ul>
      </nav>
    </header>
  );
}
