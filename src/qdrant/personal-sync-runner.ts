/**
 * Sync of the personal lists through a Qdrant server (off unless the person turns it on in Settings).
 *
 * `startPersonalSync` runs `startQdrantSync` (src/qdrant/sync.ts: pull → last-write-wins merge → push,
 * offline queue, retry with back-off and on the browser's `online` event). Local edits reach it through
 * `reconcile(lists)`, which the app calls whenever the lists change; remote winners come back through
 * `apply`, which writes them into the personal store. The sync state and the offline queue are kept in
 * localStorage per sync id, so changes made offline survive a reload; the device (replica) id too.
 */
import type { SyncEngine, SyncSnapshot, SyncStatus } from '../core/sync/engine.ts';
import { parseSyncRecord } from '../core/sync/merge.ts';
import type { SyncRecord, SyncState } from '../core/sync/types.ts';
import { recordKey } from '../core/sync/types.ts';
import { changesFromLists, opsFromRecords, type PersonalLists, type PersonalOp } from './personal-sync.ts';
import { redactSecret } from './remote-search.ts';

export type SyncUiStatus =
  | { kind: 'off' }
  | { kind: 'syncing'; pending: number }
  | { kind: 'synced'; at: number | null; pending: number }
  | { kind: 'offline'; message: string; retryInMs: number; pending: number }
  | { kind: 'error'; message: string };

/** The subset of `startQdrantSync`'s options used here (injectable for tests). */
export interface StartSync {
  (options: {
    url: string;
    apiKey?: string;
    userId: string;
    replica: string;
    initial?: SyncSnapshot;
    onApply: (records: SyncRecord[]) => void;
    onPersist: (snapshot: SyncSnapshot) => void;
    onStatus: (status: SyncStatus) => void;
    onRejected?: (problems: string[]) => void;
  }): { engine: SyncEngine; dispose: () => void };
}

export interface PersonalSyncOptions {
  url: string;
  apiKey?: string;
  userId: string;
  /** Where the sync state, the offline queue and the device id live (null: memory only). */
  storage: Storage | null;
  /** The personal lists as they are now; null once this sync is being replaced (nothing is compared). */
  readLists: () => PersonalLists | null;
  /** Write remote winners into the personal lists. */
  apply: (ops: PersonalOp[]) => Promise<void>;
  onStatus: (status: SyncUiStatus) => void;
  start?: StartSync;
}

export interface PersonalSync {
  /** Queue the lists' local changes (call whenever they may have changed). */
  reconcile(): void;
  /** The engine, for tests and status (pending count, snapshot). */
  readonly engine: SyncEngine;
  stop(): void;
}

const REPLICA_KEY = 'cinechat:sync-replica';
const SNAPSHOT_PREFIX = 'cinechat:sync:';

function safeGet(storage: Storage | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function safeSet(storage: Storage | null, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {
    // Full or blocked storage: sync keeps working for this session; the server holds the lists.
  }
}

/** This device's replica id (the merge's tie-breaker), made once and kept. */
export function replicaId(storage: Storage | null): string {
  const known = safeGet(storage, REPLICA_KEY);
  if (known) return known;
  const id = crypto.randomUUID();
  safeSet(storage, REPLICA_KEY, id);
  return id;
}

function parseState(value: unknown): SyncState {
  const out: Record<string, SyncRecord> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const item of Object.values(value)) {
    const parsed = parseSyncRecord(item);
    if (parsed.ok) out[recordKey(parsed.record.kind, parsed.record.movieId)] = parsed.record;
  }
  return out;
}

/** The saved snapshot for a sync id; anything unreadable is dropped record by record, never trusted. */
export function loadSnapshot(storage: Storage | null, userId: string): SyncSnapshot | undefined {
  const text = safeGet(storage, SNAPSHOT_PREFIX + userId);
  if (!text) return undefined;
  try {
    const raw = JSON.parse(text) as { state?: unknown; outbox?: unknown };
    return { state: parseState(raw.state), outbox: parseState(raw.outbox) };
  } catch {
    return undefined;
  }
}

/** Forget the snapshots of other sync ids (an old id's lists stay on the server, not on this device). */
function dropOtherSnapshots(storage: Storage | null, userId: string): void {
  try {
    if (!storage) return;
    const stale: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(SNAPSHOT_PREFIX) && key !== SNAPSHOT_PREFIX + userId) stale.push(key);
    }
    for (const key of stale) storage.removeItem(key);
  } catch {
    // Nothing to clean up where storage is blocked.
  }
}

/** Remove every saved sync state and queue from this device ("Clear all data"; the server keeps its copy). */
export function forgetSyncState(storage: Storage | null): void {
  dropOtherSnapshots(storage, '');
}

export async function startPersonalSync(options: PersonalSyncOptions): Promise<PersonalSync> {
  const { storage, userId } = options;
  const start: StartSync = options.start ?? (await import('../qdrant/sync.ts')).startQdrantSync;
  dropOtherSnapshots(storage, userId);
  /** Keys whose remote version is being written to the lists: not local changes meanwhile. */
  const applying = new Set<string>();
  let pending = 0;
  let stopped = false;
  const key = options.apiKey;

  const applyRecords = (records: SyncRecord[]) => {
    const { ops } = opsFromRecords(records);
    const keys = records.map((r) => recordKey(r.kind, r.movieId));
    for (const k of keys) applying.add(k);
    void options
      .apply(ops)
      .catch(() => undefined) // a failed write shows as a local change on the next reconcile
      .finally(() => {
        for (const k of keys) applying.delete(k);
        // A local edit of one of these items made while it was being written is picked up now.
        sync.reconcile();
      });
  };

  const { engine, dispose } = start({
    url: options.url,
    apiKey: options.apiKey,
    userId,
    replica: replicaId(storage),
    initial: loadSnapshot(storage, userId),
    onApply: applyRecords,
    onPersist: (snapshot) => {
      pending = Object.keys(snapshot.outbox).length;
      safeSet(storage, SNAPSHOT_PREFIX + userId, JSON.stringify(snapshot));
    },
    onStatus: (s) => {
      if (stopped) return;
      if (s.kind === 'syncing') options.onStatus({ kind: 'syncing', pending });
      else if (s.kind === 'idle') options.onStatus({ kind: 'synced', at: s.lastSyncAt, pending });
      else
        options.onStatus({
          kind: 'offline',
          message: redactSecret(s.error, key),
          retryInMs: s.retryInMs,
          pending: s.pending,
        });
    },
  });

  const sync: PersonalSync = {
    engine,
    reconcile() {
      if (stopped) return;
      const lists = options.readLists();
      if (!lists) return;
      for (const change of changesFromLists(lists, engine.snapshot().state, applying)) engine.change(change);
    },
    stop() {
      stopped = true;
      dispose();
      options.onStatus({ kind: 'off' });
    },
  };
  return sync;
}
