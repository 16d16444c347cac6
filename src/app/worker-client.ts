/**
 * A comlink client for one worker: created on first use, restarted after a crash, and able to
 * re-run its set-up (load the model/index again) on the fresh worker. Calls that were in flight
 * when the worker died reject with WorkerCrashed; `call` retries them once on a new worker.
 *
 * A worker can also die silently (killed by the browser with no error event, or stuck): while calls
 * are pending it is probed every `heartbeatMs`, and one that answers no probe for `deadAfterMs` is
 * treated as crashed. Before the first call after a quiet spell it is probed once (`idleProbeMs`), so
 * a worker that died while the app sat idle is replaced before the person's next request waits on it.
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

export interface LivenessOptions {
  /** Probe interval while calls are pending. */
  heartbeatMs?: number;
  /**
   * No answer to any probe for this long = dead. Generous: a live worker in a long synchronous step
   * (building the keyword index, compiling a model) cannot answer meanwhile.
   */
  deadAfterMs?: number;
  /** Probe before a call when the worker has been quiet this long. */
  idleMs?: number;
  /** How long that probe may take. */
  idleProbeMs?: number;
}

const LIVENESS: Required<LivenessOptions> = {
  heartbeatMs: 5_000,
  deadAfterMs: 45_000,
  idleMs: 60_000,
  idleProbeMs: 10_000,
};

/**
 * Asks the worker for a property it does not have: comlink answers a GET with `undefined`, so any
 * exposed API answers without a ping method of its own.
 */
function probe<Api>(api: Comlink.Remote<Api>): Promise<unknown> {
  return Promise.resolve((api as unknown as { readonly __alive__: Promise<unknown> }).__alive__);
}

export function createWorkerClient<Api>(
  name: string,
  spawn: () => Worker,
  setUp: (api: Comlink.Remote<Api>) => Promise<unknown> = async () => undefined,
  liveness: LivenessOptions = {},
): WorkerClient<Api> {
  const opts = { ...LIVENESS, ...liveness };
  interface Live {
    worker: Worker;
    api: Comlink.Remote<Api>;
    /** The set-up run on this worker; null until the first call, and again after it failed. */
    ready: Promise<unknown> | null;
    dead: Promise<never>;
    crash(detail: string): void;
    /** Calls (and set-up) in flight, for the heartbeat. */
    pending: number;
    /** When the worker last answered anything (a call or a probe). */
    lastAnswer: number;
    heartbeat: ReturnType<typeof setInterval> | null;
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
    const w: Live = {
      worker,
      api,
      ready: null,
      dead,
      crash,
      pending: 0,
      lastAnswer: Date.now(),
      heartbeat: null,
    };
    dead.catch(() => {
      if (w.heartbeat) clearInterval(w.heartbeat);
    });
    live = w;
    return w;
  }

  /** Runs `work` on `w`, probing the worker meanwhile; a worker silent for deadAfterMs is crashed. */
  async function watched<T>(w: Live, work: Promise<T>): Promise<T> {
    if (w.pending++ === 0) w.lastAnswer = Date.now(); // silence is counted from when waiting starts
    w.heartbeat ??= setInterval(() => {
      if (Date.now() - w.lastAnswer > opts.deadAfterMs) {
        w.crash(`no answer for ${Math.round(opts.deadAfterMs / 1000)} s`);
        return;
      }
      void probe(w.api).then(() => (w.lastAnswer = Date.now()));
    }, opts.heartbeatMs);
    try {
      const out = await Promise.race([work, w.dead]);
      w.lastAnswer = Date.now();
      return out;
    } finally {
      if (--w.pending === 0 && w.heartbeat) {
        clearInterval(w.heartbeat);
        w.heartbeat = null;
      }
    }
  }

  async function attempt<T>(fn: (api: Comlink.Remote<Api>) => Promise<T>): Promise<T> {
    let w: Live = live ?? start();
    if (w.pending === 0 && w.ready && Date.now() - w.lastAnswer > opts.idleMs) {
      // Quiet for a while: make sure the worker is still there before the request waits on it.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const alive = await Promise.race([
        probe(w.api).then(() => true),
        new Promise<boolean>((r) => (timer = setTimeout(() => r(false), opts.idleProbeMs))),
        w.dead.catch(() => false),
      ]);
      clearTimeout(timer);
      if (alive) w.lastAnswer = Date.now();
      else {
        w.crash(`no answer after ${Math.round((Date.now() - w.lastAnswer) / 1000)} s idle`);
        w = start();
      }
    }
    // A failed set-up (e.g. a corrupt download) is forgotten, so the next call tries it again.
    const cur = w;
    cur.ready ??= watched(cur, setUp(cur.api)).catch((e: unknown) => {
      cur.ready = null;
      throw e;
    });
    await cur.ready;
    return watched(cur, fn(cur.api));
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
      if (live?.heartbeat) clearInterval(live.heartbeat);
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
