import { For, Show } from 'solid-js';
import type { View } from '../app/shell.ts';
import { useApp } from './context.tsx';
import { Icon, type IconName } from './Icon.tsx';

const TABS: Array<{ view: View; label: string; icon: IconName }> = [
  { view: 'chat', label: 'Chat', icon: 'chat' },
  { view: 'watchlist', label: 'Watchlist', icon: 'bookmark' },
  { view: 'history', label: 'History', icon: 'clock' },
  { view: 'settings', label: 'Settings', icon: 'gear' },
];

export function Header() {
  const { app, shell } = useApp();
  return (
    <header class="topbar">
      <div class="brand">
        <span class="brand-mark">
          <img src={`${import.meta.env.BASE_URL}icons/icon.svg`} alt="" width="28" height="28" />
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
                  onClick={() => {
                    shell.setView(t.view);
                    window.scrollTo({ top: 0 });
                  }}
                >
                  <Icon name={t.icon} size={20} />
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
