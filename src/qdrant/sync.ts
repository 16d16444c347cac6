/**
 * Sync endpoint on a Qdrant server: a user's ratings, watchlist and hidden movies stored as points of a
 * per-user collection, behind the `SyncRemote` interface of src/core/sync (which does the merging).
 *
 * Storage layout: collection `cinechat-sync-<userId>`; one point per (kind, movieId) with a deterministic
 * numeric id (kind code × 10⁹ + TMDB id, so re-uploads overwrite instead of duplicating) and the record as
 * payload. Qdrant points carry a vector; a 1-d dummy vector `[1]` (Dot) is used because it is valid on every
 * server version, whereas vector-less points need a recent server and could not be checked here.
 *
 * Privacy model: nothing leaves the device unless the user enters a server URL. The user id is a random
 * UUID made on the device (no name, no e-mail); entering the same id on another device is how the two
 * devices share lists. Whoever controls the server (or holds its API key) can read every collection on it:
 * use a server you run or trust. The API key is kept in local settings only, sent as the `api-key` header,
 * and never logged or exported.
 */
import type { QdrantClient, Schemas } from '@qdrant/js-client-rest';
import type { SyncKind, SyncRecord } from '../core/sync/types.ts';
import { SyncEngine, type SyncEngineOptions, type SyncRemote } from '../core/sync/engine.ts';
import { callQdrant, createQdrantClient } from './client.ts';
import { QdrantUnavailableError } from './errors.ts';

const KIND_CODE: Record<SyncKind, number> = { rating: 1, watchlist: 2, hidden: 3 };
const ID_SPAN = 1_000_000_000;

/** A new pseudonymous user id (random UUID v4). */
export function createUserId(): string {
  return crypto.randomUUID();
}

export function isValidUserId(id: string): boolean {
  return /^[A-Za-z0-9_-]{8,64}$/.test(id);
}

export function syncCollectionName(userId: string, prefix = 'cinechat-sync-'): string {
  if (!isValidUserId(userId)) {
    throw new QdrantUnavailableError('config', 'the sync id must be 8–64 letters, digits, "-" or "_"');
  }
  return `${prefix}${userId}`;
}

/** Point id of a record: deterministic, so the same item always lands on the same point. */
export function syncPointId(kind: SyncKind, movieId: number): number {
  if (!Number.isSafeInteger(movieId) || movieId < 0 || movieId >= ID_SPAN) {
    throw new RangeError(`movie id ${movieId} out of range for a sync point id`);
  }
  return KIND_CODE[kind] * ID_SPAN + movieId;
}

export function syncPoint(record: SyncRecord): Schemas['PointStruct'] {
  const payload: Record<string, unknown> = {
    kind: record.kind,
    movieId: record.movieId,
    value: record.value,
    updatedAt: record.updatedAt,
    replica: record.replica,
  };
  if (record.deleted) payload.deleted = true;
  return { id: syncPointId(record.kind, record.movieId), vector: [1], payload };
}

export interface QdrantSyncRemoteOptions {
  client: QdrantClient;
  userId: string;
  collectionPrefix?: string;
  batchSize?: number;
}

/** `SyncRemote` on Qdrant: pull = scroll the user's collection; push = upsert points (wait: true). */
export class QdrantSyncRemote implements SyncRemote {
  readonly collection: string;
  private readonly client: QdrantClient;
  private readonly batchSize: number;
  private ready: Promise<void> | null = null;

  constructor({ client, userId, collectionPrefix, batchSize = 256 }: QdrantSyncRemoteOptions) {
    this.client = client;
    this.collection = syncCollectionName(userId, collectionPrefix);
    this.batchSize = batchSize;
  }

  /** Create the user's collection on first use (once per instance; retried after a failure). */
  private ensureCollection(): Promise<void> {
    this.ready ??= (async () => {
      const { exists } = await callQdrant(() => this.client.collectionExists(this.collection));
      if (!exists) {
        await callQdrant(() =>
          this.client.createCollection(this.collection, { vectors: { size: 1, distance: 'Dot' } }),
        );
      }
    })().catch((error: unknown) => {
      this.ready = null;
      throw error;
    });
    return this.ready;
  }

  async pull(): Promise<unknown[]> {
    await this.ensureCollection();
    const out: unknown[] = [];
    let offset: Schemas['ExtendedPointId'] | undefined;
    for (;;) {
      const page = await callQdrant(() =>
        this.client.scroll(this.collection, {
          limit: this.batchSize,
          offset,
          with_payload: true,
          with_vector: false,
        }),
      );
      for (const p of page.points) out.push(p.payload ?? null);
      const next = page.next_page_offset;
      if (next === null || next === undefined || typeof next === 'object') break;
      offset = next;
    }
    return out;
  }

  async push(records: SyncRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.ensureCollection();
    for (let i = 0; i < records.length; i += this.batchSize) {
      const points = records.slice(i, i + this.batchSize).map(syncPoint);
      await callQdrant(() => this.client.upsert(this.collection, { wait: true, points }));
    }
  }
}

export interface StartSyncOptions extends Omit<SyncEngineOptions, 'remote'> {
  url: string;
  apiKey?: string;
  userId: string;
  timeoutMs?: number;
}

/**
 * Start syncing: one round now, one after each local change, retries with back-off while offline, and an
 * immediate retry on the browser's `online` event. `dispose()` stops the timers and the listener.
 */
export function startQdrantSync({ url, apiKey, userId, timeoutMs, ...engine }: StartSyncOptions): {
  engine: SyncEngine;
  dispose: () => void;
} {
  const client = createQdrantClient({ url, apiKey, timeoutMs });
  const sync = new SyncEngine({ ...engine, remote: new QdrantSyncRemote({ client, userId }) });
  const onOnline = () => void sync.syncNow();
  const target = typeof globalThis.addEventListener === 'function' ? globalThis : null;
  target?.addEventListener('online', onOnline);
  void sync.syncNow();
  return {
    engine: sync,
    dispose: () => {
      target?.removeEventListener('online', onOnline);
      sync.stop();
    },
  };
}
