/**
 * Two-way sync of one user's records with a remote store, independent of what the store is (the Qdrant
 * adapter lives in src/qdrant/sync.ts). Timers are injected, so tests drive it without waiting.
 *
 * A sync round: pull the remote records → merge (last-write-wins) → apply the remote winners locally
 * (`onApply`) → push the local winners → acknowledge them in the outbox. Failures keep the outbox and
 * schedule a retry with back-off; `syncNow()` (e.g. on the browser's `online` event) retries at once.
 */
import {
  merge,
  localVersion,
  mergeWithReport,
  parseSyncRecord,
  stateFrom,
  type LocalChange,
  type MergeConflict,
} from './merge.ts';
import { acknowledge, enqueue, retryDelayMs, type Outbox } from './outbox.ts';
import type { SyncRecord, SyncState } from './types.ts';

export interface SyncRemote {
  /** All records stored remotely (raw: validated here). */
  pull(): Promise<unknown[]>;
  /** Store these versions (overwriting older ones of the same keys). */
  push(records: SyncRecord[]): Promise<void>;
}

export interface SyncSnapshot {
  state: SyncState;
  outbox: Outbox;
}

export type SyncStatus =
  | { kind: 'idle'; lastSyncAt: number | null }
  | { kind: 'syncing' }
  | { kind: 'offline'; error: string; retryInMs: number; pending: number };

export interface SyncEngineOptions {
  replica: string;
  remote: SyncRemote;
  initial?: SyncSnapshot;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => () => void;
  /** Remote versions that won: write them to local storage (a tombstone means remove). */
  onApply?: (records: SyncRecord[]) => void;
  /** Persist the snapshot (state + outbox) after each change, so a reload loses nothing. */
  onPersist?: (snapshot: SyncSnapshot) => void;
  onStatus?: (status: SyncStatus) => void;
  onConflicts?: (conflicts: MergeConflict[]) => void;
  /** Remote records that failed validation (skipped, never merged). */
  onRejected?: (problems: string[]) => void;
  /** Start a sync round after each local change (default true). */
  autoSync?: boolean;
}

const defaultSetTimer = (fn: () => void, ms: number): (() => void) => {
  const id = setTimeout(fn, ms);
  return () => clearTimeout(id);
};

export class SyncEngine {
  private state: SyncState;
  private outbox: Outbox;
  private attempt = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private cancelRetry: (() => void) | null = null;
  private lastSyncAt: number | null = null;
  private readonly o: Required<Omit<SyncEngineOptions, 'initial'>>;

  constructor(options: SyncEngineOptions) {
    this.state = options.initial?.state ?? {};
    this.outbox = options.initial?.outbox ?? {};
    this.o = {
      replica: options.replica,
      remote: options.remote,
      now: options.now ?? Date.now,
      setTimer: options.setTimer ?? defaultSetTimer,
      onApply: options.onApply ?? (() => {}),
      onPersist: options.onPersist ?? (() => {}),
      onStatus: options.onStatus ?? (() => {}),
      onConflicts: options.onConflicts ?? (() => {}),
      onRejected: options.onRejected ?? (() => {}),
      autoSync: options.autoSync ?? true,
    };
  }

  snapshot(): SyncSnapshot {
    return { state: this.state, outbox: this.outbox };
  }

  get pending(): number {
    return Object.keys(this.outbox).length;
  }

  /** Record a local change (rate, add to watchlist, hide, or remove with `deleted: true`) and queue it. */
  change(change: LocalChange): SyncRecord {
    const record = localVersion(this.state, change, this.o.now(), this.o.replica);
    this.state = merge(this.state, stateFrom([record]));
    this.outbox = enqueue(this.outbox, record);
    this.o.onPersist(this.snapshot());
    if (this.o.autoSync) void this.syncNow();
    return record;
  }

  /** Sync now; concurrent calls share one round (and a call during a round runs one more after it). */
  syncNow(): Promise<void> {
    this.cancelRetry?.();
    this.cancelRetry = null;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  stop(): void {
    this.cancelRetry?.();
    this.cancelRetry = null;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.round();
    } while (this.again);
  }

  private async round(): Promise<void> {
    this.o.onStatus({ kind: 'syncing' });
    try {
      const raw = await this.o.remote.pull();
      const problems: string[] = [];
      const valid: SyncRecord[] = [];
      for (const item of raw) {
        const parsed = parseSyncRecord(item);
        if (parsed.ok) valid.push(parsed.record);
        else problems.push(parsed.reason);
      }
      if (problems.length > 0) this.o.onRejected(problems);
      const report = mergeWithReport(this.state, stateFrom(valid));
      this.state = merge(this.state, report.merged);
      if (report.toApply.length > 0) this.o.onApply(report.toApply);
      if (report.conflicts.length > 0) this.o.onConflicts(report.conflicts);
      // Everything local that the remote lacks, plus the queue (already part of toPush when it wins).
      const toPush = report.toPush;
      if (toPush.length > 0) await this.o.remote.push(toPush);
      this.outbox = acknowledge(this.outbox, toPush);
      // Versions queued but superseded by a newer remote one are settled too.
      this.outbox = acknowledge(this.outbox, report.toApply);
      this.o.onPersist(this.snapshot());
      this.attempt = 0;
      this.lastSyncAt = this.o.now();
      this.o.onStatus({ kind: 'idle', lastSyncAt: this.lastSyncAt });
    } catch (error) {
      const retryInMs = retryDelayMs(this.attempt++);
      this.o.onPersist(this.snapshot());
      this.o.onStatus({
        kind: 'offline',
        error: error instanceof Error ? error.message : String(error),
        retryInMs,
        pending: this.pending,
      });
      this.cancelRetry = this.o.setTimer(() => {
        this.cancelRetry = null;
        void this.syncNow();
      }, retryInMs);
    }
  }
}
