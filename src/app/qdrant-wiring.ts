/**
 * Connects the Qdrant settings to the running app: the engine worker's vector search follows the URL, key
 * and collection (set, changed or cleared at run time), and sync of the personal lists runs while it is
 * turned on. Started once after the app is ready (the personal lists must be loaded before they are
 * compared with the synced state, or an empty list would read as "everything was removed").
 */
import { createEffect, createMemo, createRoot, createSignal, on, type Accessor } from 'solid-js';
import type { Personal } from './personal.ts';
import { itemForOp, type PersonalOp } from '../qdrant/personal-sync.ts';
import type { EnginePort } from './ports.ts';
import { DEFAULT_COLLECTION, redactSecret, type RemoteSearchConfig } from '../qdrant/remote-search.ts';
import {
  forgetSyncState,
  startPersonalSync,
  type PersonalSync,
  type SyncUiStatus,
} from '../qdrant/personal-sync-runner.ts';

export interface QdrantWiring {
  syncStatus: Accessor<SyncUiStatus>;
  dispose(): void;
}

function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function connectQdrant(deps: {
  personal: Personal;
  engine: EnginePort;
  /** Told when the worker could not be reconfigured (rare: the worker itself failed). */
  onError?: (message: string) => void;
  storage?: Storage | null;
}): QdrantWiring {
  const { personal, engine } = deps;
  const storage = deps.storage === undefined ? safeLocalStorage() : deps.storage;
  return createRoot((dispose) => {
    const [syncStatus, setSyncStatus] = createSignal<SyncUiStatus>({ kind: 'off' });

    // Remote search: compared as text so unrelated data changes (a rating, a history turn) do nothing.
    const remoteKey = createMemo(() => {
      const s = personal.settings();
      const url = s.qdrantUrl.trim();
      if (!url) return '';
      const config: RemoteSearchConfig = {
        url,
        apiKey: s.qdrantApiKey.trim() || undefined,
        collection: s.qdrantCollection.trim() || DEFAULT_COLLECTION,
      };
      return JSON.stringify(config);
    });
    createEffect(
      on(remoteKey, (key) => {
        const config = key ? (JSON.parse(key) as RemoteSearchConfig) : null;
        engine.setRemoteSearch?.(config).catch((e: unknown) => {
          const message = e instanceof Error ? e.message : String(e);
          deps.onError?.(`Could not switch the search index: ${redactSecret(message, config?.apiKey)}`);
        });
      }),
    );

    // Sync: restarted when its server or id changes; fed every change of the lists while it runs.
    let current: { key: string; sync: Promise<PersonalSync | null> } | null = null;
    let lastUserId: string | null = null;
    /** Writes remote winners into the lists, unless this sync was stopped meanwhile (e.g. data cleared). */
    const apply = async (ops: PersonalOp[], live: () => boolean) => {
      const ids = ops.flatMap((o) => (o.op === 'put' ? [o.movieId] : []));
      const movies = new Map((ids.length ? await engine.movies(ids) : []).map((m) => [m.id, m]));
      const now = Date.now();
      for (const op of ops) {
        if (!live()) return;
        if (op.op === 'remove') await personal.removeSynced(op.collection, op.movieId);
        else await personal.putSynced(itemForOp(op, movies.get(op.movieId), now));
      }
    };
    const stopCurrent = () => {
      const old = current;
      current = null;
      void old?.sync.then((s) => s?.stop());
      setSyncStatus({ kind: 'off' });
    };
    createEffect(() => {
      const d = personal.data();
      const s = d.settings;
      const url = s.qdrantUrl.trim();
      const key =
        s.qdrantSync && url && s.syncUserId ? JSON.stringify([url, s.qdrantApiKey, s.syncUserId]) : '';
      if (s.syncUserId !== lastUserId) {
        lastUserId = s.syncUserId;
        // No sync id (never synced, or data cleared): no synced copy of the lists stays on this device.
        if (!s.syncUserId) forgetSyncState(storage);
      }
      if (key !== (current?.key ?? '')) {
        stopCurrent();
        if (key) {
          const apiKey = s.qdrantApiKey.trim() || undefined;
          setSyncStatus({ kind: 'syncing', pending: 0 });
          const sync = startPersonalSync({
            url,
            apiKey,
            userId: s.syncUserId,
            storage,
            // Once settings changed (sync off, data cleared), never compare: empty lists are not removals.
            readLists: () => {
              if (current?.key !== key) return null;
              const now = personal.data();
              return { ratings: now.ratings, watchlist: now.watchlist, hidden: now.hidden };
            },
            apply: (ops) => apply(ops, () => current?.key === key),
            onStatus: (st) => {
              if (current?.key === key) setSyncStatus(st);
            },
          }).catch((e: unknown) => {
            const message = e instanceof Error ? e.message : String(e);
            if (current?.key === key)
              setSyncStatus({ kind: 'error', message: redactSecret(message, apiKey) });
            return null;
          });
          current = { key, sync };
        }
      }
      const mine = current;
      void mine?.sync.then((sync) => {
        if (current === mine) sync?.reconcile();
      });
    });

    return {
      syncStatus,
      dispose() {
        stopCurrent();
        dispose();
      },
    };
  });
}
