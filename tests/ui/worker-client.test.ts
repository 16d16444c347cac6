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
