/**
 * Entry: wires the browser (service worker, online state), the personal store and the engine
 * into the app service, then renders. Everything heavy starts after the first paint.
 */
import { render } from 'solid-js/web';
import { createEngine } from './app/engine.ts';
import { registerPwa } from './app/pwa.ts';
import { createAppService } from './app/service.ts';
import { createShell } from './app/shell.ts';
import { openPersonalStore } from './storage/store.ts';
import { App } from './ui/App.tsx';
import { AppProvider } from './ui/context.tsx';
import './ui/styles.css';

async function start(root: HTMLElement) {
  const shell = createShell();
  registerPwa(shell);
  const baseUrl = new URL(import.meta.env.BASE_URL, location.href).href;
  const store = await openPersonalStore();
  let app: ReturnType<typeof createAppService> | null = null;
  const engine = createEngine({
    baseUrl,
    onWorkerCrash: (message) => app?.showNotice(message),
  });
  app = createAppService({ engine, store });
  render(
    () => (
      <AppProvider value={{ app: app!, shell }}>
        <App />
      </AppProvider>
    ),
    root,
  );
  // Exposed for the e2e tests and benchmarks (timings and state only; no personal data beyond the page's own).
  (window as Window & { __cinechat?: unknown }).__cinechat = {
    readyAt: app.readyAt,
    phase: app.phase,
    report: app.report,
  };
  await app.boot();
}

const root = document.getElementById('root');
if (root) void start(root);
