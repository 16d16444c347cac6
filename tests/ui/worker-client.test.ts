import { describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import { createLatest, createWorkerClient, WorkerCrashed } from '../../src/app/worker-client.ts';

/**
 * A Worker stand-in over a MessageChannel with a real comlink endpoint on the other side, which
 * can "crash" (fire an error event and stop answering) like a worker killed by the browser.
 */
class FakeWorker extends EventTarget {
  static spawned = 0;
  private port: MessagePort;
  terminated = false;
  constructor(api: object) {
    super();
    FakeWorker.spawned++;
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    Comlink.expose(api, port2);
    port1.addEventListener('message', (e) =>
      this.dispatchEvent(new MessageEvent('message', { data: e.data })),
    );
    port1.start();
  }
  postMessage(data: unknown, transfer?: Transferable[]) {
    if (!this.terminated) this.port.postMessage(data, transfer ?? []);
  }
  terminate() {
    this.terminated = true;
    this.port.close();
  }
  crash() {
    const e = new Event('error') as Event & { message: string };
    e.message = 'out of memory';
    this.dispatchEvent(e);
  }
}

describe('worker client', () => {
  it('restarts a crashed worker, sets it up again and retries the call once', async () => {
    const workers: FakeWorker[] = [];
    let setUps = 0;
    let hang = true;
    const api = {
      loaded: false,
      async load() {
        api.loaded = true;
      },
      async work(x: number): Promise<number> {
        if (hang) return new Promise(() => undefined); // never answers: the crash must end it
        return x * 2;
      },
    };
    const client = createWorkerClient<typeof api>(
      'test',
      () => {
        const w = new FakeWorker(api);
        workers.push(w);
        return w as unknown as Worker;
      },
      async (remote) => {
        setUps++;
        await remote.load();
      },
    );
    const crashes: WorkerCrashed[] = [];
    client.onCrash((e) => crashes.push(e));
    const pending = client.call((r) => r.work(21));
    await new Promise((r) => setTimeout(r, 20));
    hang = false;
    workers[0].crash();
    await expect(pending).resolves.toBe(42);
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(setUps).toBe(2);
    expect(client.restarts()).toBe(1);
    expect(crashes[0]).toBeInstanceOf(WorkerCrashed);
    expect(crashes[0].message).toContain('out of memory');
    client.terminate();
  });

  it('creates the worker lazily, on the first call', async () => {
    let spawned = 0;
    const api = { ping: async () => 'pong' };
    const client = createWorkerClient<typeof api>('lazy', () => {
      spawned++;
      return new FakeWorker(api) as unknown as Worker;
    });
    expect(spawned).toBe(0);
    await expect(client.call((r) => r.ping())).resolves.toBe('pong');
    await client.call((r) => r.ping());
    expect(spawned).toBe(1);
    client.terminate();
  });

  it('createLatest marks overtaken requests as stale', () => {
    const latest = createLatest();
    const a = latest.next();
    const b = latest.next();
    expect(a()).toBe(false);
    expect(b()).toBe(true);
  });
});

describe('worker client set-up failures', () => {
  it('runs a failed set-up again on the next call instead of failing forever', async () => {
    let attempts = 0;
    const api = { ping: async () => 'pong' };
    const client = createWorkerClient<typeof api>(
      'retry',
      () => new FakeWorker(api) as unknown as Worker,
      async () => {
        if (++attempts === 1) throw new Error('index file is corrupt');
      },
    );
    await expect(client.call((r) => r.ping())).rejects.toThrow('corrupt');
    await expect(client.call((r) => r.ping())).resolves.toBe('pong');
    expect(attempts).toBe(2);
    client.terminate();
  });
});

describe('worker client liveness', () => {
  /** A worker that stops answering without any error event (killed by the browser, or stuck). */
  class SilentWorker extends FakeWorker {
    silent = false;
    override postMessage(data: unknown, transfer?: Transferable[]) {
      if (!this.silent) super.postMessage(data, transfer);
    }
  }
  const fast = { heartbeatMs: 10, deadAfterMs: 80, idleMs: 50, idleProbeMs: 40 };

  it('replaces a worker that stops answering during a call, and retries the call', async () => {
    const workers: SilentWorker[] = [];
    const api = { work: async (x: number) => x + 1 };
    const client = createWorkerClient<typeof api>(
      'silent',
      () => {
        const w = new SilentWorker(api);
        if (workers.length === 0) w.silent = true; // the first one is dead from the start
        workers.push(w);
        return w as unknown as Worker;
      },
      undefined,
      fast,
    );
    const crashes: string[] = [];
    client.onCrash((e) => crashes.push(e.message));
    await expect(client.call((r) => r.work(1))).resolves.toBe(2);
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(crashes[0]).toMatch(/no answer/);
    client.terminate();
  });

  it('keeps a slow worker that still answers probes', async () => {
    let spawned = 0;
    // The call outlasts the death timeout several times over; only the answered probes keep it alive.
    // (Margins are wider than `fast`: a loaded CI machine can stall timers for tens of milliseconds.)
    const api = { slow: () => new Promise<string>((r) => setTimeout(() => r('done'), 1200)) };
    const client = createWorkerClient<typeof api>(
      'slow',
      () => {
        spawned++;
        return new FakeWorker(api) as unknown as Worker;
      },
      undefined,
      { ...fast, heartbeatMs: 25, deadAfterMs: 300 },
    );
    await expect(client.call((r) => r.slow())).resolves.toBe('done');
    expect(spawned).toBe(1);
    expect(client.restarts()).toBe(0);
    client.terminate();
  });

  it('probes a worker that sat idle before the next call and replaces it if it is gone', async () => {
    const workers: SilentWorker[] = [];
    const api = { work: async (x: number) => x * 3 };
    const client = createWorkerClient<typeof api>(
      'idle',
      () => {
        const w = new SilentWorker(api);
        workers.push(w);
        return w as unknown as Worker;
      },
      async (r) => {
        await r.work(0);
      },
      { ...fast, deadAfterMs: 60_000 }, // the heartbeat alone would wait a minute
    );
    await expect(client.call((r) => r.work(2))).resolves.toBe(6);
    workers[0].silent = true; // dies while nobody is asking
    await new Promise((r) => setTimeout(r, 80));
    const started = Date.now();
    await expect(client.call((r) => r.work(3))).resolves.toBe(9);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(workers).toHaveLength(2);
    expect(client.restarts()).toBe(1);
    client.terminate();
  });
});
