/**
 * Browser-shell state the UI shows: online/offline, "update available" from the service worker,
 * and the current view. Signals only; main.tsx connects them to the browser.
 */
import { createSignal } from 'solid-js';

export type View = 'chat' | 'watchlist' | 'history' | 'settings';

export function createShell() {
  const [online, setOnline] = createSignal(typeof navigator === 'undefined' ? true : navigator.onLine);
  const [updateReady, setUpdateReady] = createSignal(false);
  const [offlineReady, setOfflineReady] = createSignal(false);
  const [view, setView] = createSignal<View>('chat');
  let applyUpdate: () => Promise<void> = async () => location.reload();
  if (typeof window !== 'undefined') {
    window.addEventListener('online', () => setOnline(true));
    window.addEventListener('offline', () => setOnline(false));
  }
  return {
    online,
    updateReady,
    offlineReady,
    view,
    setView,
    setUpdateReady,
    setOfflineReady,
    onApplyUpdate(fn: () => Promise<void>) {
      applyUpdate = fn;
    },
    applyUpdate: () => applyUpdate(),
  };
}

export type Shell = ReturnType<typeof createShell>;
