/**
 * A comlink client for one worker: created on first use, restarted after a crash, and able to
 * re-run its set-up (load the model/index again) on the fresh worker. Calls that were in flight
 * when the worker died reject with WorkerCrashed; `call` retries them once on a new worker.
 */
import * as Comlink from 'comlink';

export class WorkerCrashed extends Error {
  constructor(name: string, detail: string) {
    super(`The ${name} worker stopped (${detail}). It was restarted.`);
    this.name = 'WorkerCrashed';
  }
}

export interface WorkerClient<Api> {
  /** Runs fn against the live worker (set up first); retried once if the worker crashes meanwhile. */
  call<T>(fn: (api: Comlink.Remote<Api>) => Promise<T>): Promise<T>;
  /** Kills the worker now (tests, "clear data"); the next call starts a new one. */
  terminate(): void;
  readonly restarts: () => number;
  onCrash(listener: (error: WorkerCrashed) => void): void;
}

export function createWorkerClient<Api>(
  name: string,
  spawn: () => Worker,
  setUp: (api: Comlink.Remote<Api>) => Promise<unknown> = async () => undefined,
): WorkerClient<Api> {
  interface Live {
    worker: Worker;
    api: Comlink.Remote<Api>;
    /** The set-up run on this worker; null until the first call, and again after it failed. */
    ready: Promise<unknown> | null;
    dead: Promise<never>;
  }
  let live: Live | null = null;
  let restarts = 0;
  const listeners: Array<(e: WorkerCrashed) => void> = [];

  function start(): Live {
    const worker = spawn();
    const api = Comlink.wrap<Api>(worker);
    let kill!: (e: WorkerCrashed) => void;
    const dead = new Promise<never>((_, reject) => (kill = reject));
    dead.catch(() => undefined); // observed through races only
    const crash = (detail: string) => {
      if (live?.worker !== worker) return;
      live = null;
      restarts++;
      worker.terminate();
      const err = new WorkerCrashed(name, detail);
      kill(err);
      listeners.forEach((l) => l(err));
    };
    worker.addEventListener('error', (e) => crash(e.message || 'script error'));
    worker.addEventListener('messageerror', () => crash('unreadable message'));
    const w: Live = { worker, api, ready: null, dead };
    live = w;
    return w;
  }

  async function attempt<T>(fn: (api: Comlink.Remote<Api>) => Promise<T>): Promise<T> {
    const w: Live = live ?? start();
    // A failed set-up (e.g. a corrupt download) is forgotten, so the next call tries it again.
    w.ready ??= Promise.race([setUp(w.api), w.dead]).catch((e: unknown) => {
      w.ready = null;
      throw e;
    });
    await w.ready;
    return Promise.race([fn(w.api), w.dead]);
  }

  return {
    async call(fn) {
      try {
        return await attempt(fn);
      } catch (e) {
        if (e instanceof WorkerCrashed) return attempt(fn);
        throw e;
      }
    },
    terminate() {
      live?.worker.terminate();
      live = null;
    },
    restarts: () => restarts,
    onCrash(l) {
      listeners.push(l);
    },
  };
}

/**
 * Hands out tickets so only the newest request's answer is used: an answer to a request that was
 * overtaken (the person sent another message) is dropped instead of overwriting the newer one.
 */
export function createLatest() {
  let seq = 0;
  return {
    next(): () => boolean {
      const mine = ++seq;
      return () => mine === seq;
    },
  };
}
