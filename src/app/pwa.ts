/**
 * Service worker registration (vite-plugin-pwa, prompt mode): "offline ready" and "update
 * available" become shell signals; the update is applied only when the person asks, so an open
 * conversation is never reloaded away (and it is in IndexedDB anyway).
 */
import { createEffect, createRoot } from 'solid-js';
import { useRegisterSW } from 'virtual:pwa-register/solid';
import type { Shell } from './shell.ts';

export function registerPwa(shell: Shell): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  createRoot(() => {
    const { needRefresh, offlineReady, updateServiceWorker } = useRegisterSW({ immediate: true });
    createEffect(() => shell.setUpdateReady(needRefresh[0]()));
    createEffect(() => shell.setOfflineReady(offlineReady[0]()));
    shell.onApplyUpdate(async () => {
      // vite-plugin-pwa reloads on workbox's 'controlling' event only when the page already had a
      // controller when it registered; in the tab of a first visit it had none, so "Update" would
      // activate the new worker and leave the old page up. Reload on the controller change ourselves.
      navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
      await updateServiceWorker(true);
    });
  });
}
