import { createContext, useContext, type JSX } from 'solid-js';
import type { AppService } from '../app/service.ts';
import type { Shell } from '../app/shell.ts';

export interface AppContextValue {
  app: AppService;
  shell: Shell;
}

const Ctx = createContext<AppContextValue>();

export function AppProvider(props: { value: AppContextValue; children: JSX.Element }) {
  // The value object is created once in main.tsx and never replaced; its members are signals.
  // eslint-disable-next-line solid/reactivity
  return <Ctx.Provider value={props.value}>{props.children}</Ctx.Provider>;
}

/** The app service and shell state; throws outside AppProvider so a wiring mistake is loud. */
export function useApp(): AppContextValue {
  const v = useContext(Ctx);
  if (!v) throw new Error('useApp() must be used inside <AppProvider>.');
  return v;
}
