import { Match, Switch } from 'solid-js';
import { Banners } from './Banners.tsx';
import { ChatView } from './ChatView.tsx';
import { useApp } from './context.tsx';
import { Header } from './Header.tsx';
import { HistoryView } from './HistoryView.tsx';
import { LoadingScreen } from './LoadingScreen.tsx';
import { SettingsView } from './SettingsView.tsx';
import { WatchlistView } from './WatchlistView.tsx';

export function App() {
  const { app, shell } = useApp();
  return (
    <div class="app" data-phase={app.phase()}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <Banners />
      <main id="main" tabIndex={-1}>
        <Switch>
          <Match when={shell.view() === 'settings'}>
            <SettingsView />
          </Match>
          <Match when={app.phase() !== 'ready'}>
            <LoadingScreen />
          </Match>
          <Match when={shell.view() === 'chat'}>
            <ChatView />
          </Match>
          <Match when={shell.view() === 'watchlist'}>
            <WatchlistView />
          </Match>
          <Match when={shell.view() === 'history'}>
            <HistoryView />
          </Match>
        </Switch>
      </main>
    </div>
  );
}
