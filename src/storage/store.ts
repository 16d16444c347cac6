/**
 * The personal-data store: IndexedDB when it works, memory when it does not. The UI keeps its own
 * copy of everything in signals, so a failed write never loses what the person sees; it only means
 * the data will not survive a reload, and the store says so through `warning`.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { DB_NAME, DB_VERSION, upgrade, type CineChatDB } from './schema.ts';
import { emptyPersonalData, type PersonalData, type Settings } from './types.ts';

export type Collection = 'ratings' | 'watchlist' | 'hidden' | 'history' | 'feedback';
type Item<C extends Collection> = PersonalData[C][number];
type Key<C extends Collection> = C extends 'history' | 'feedback' ? string : number;

export interface PersonalStore {
  /** 'indexeddb' while writes reach the disk; 'memory' after a fallback. */
  readonly backend: () => 'indexeddb' | 'memory';
  /** Why data is not being saved, or null. */
  readonly warning: () => string | null;
  /** True when a previous visit stored data that the browser has since evicted. */
  readonly evicted: boolean;
  load(): Promise<PersonalData>;
  put<C extends Collection>(collection: C, item: Item<C>): Promise<void>;
  remove<C extends Collection>(collection: C, key: Key<C>): Promise<void>;
  putSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void>;
  /** Replaces all personal data in one transaction: either everything is written or nothing. */
  replaceAll(data: PersonalData): Promise<void>;
  clear(): Promise<void>;
  onWarning(listener: (message: string) => void): void;
}

const COLLECTIONS: Collection[] = ['ratings', 'watchlist', 'hidden', 'history', 'feedback'];
const KEY_FIELD: Record<Collection, string> = {
  ratings: 'movieId',
  watchlist: 'movieId',
  hidden: 'movieId',
  history: 'id',
  feedback: 'id',
};
/** Loaded history is capped so a years-old conversation log never slows start-up. */
export const HISTORY_LOAD_LIMIT = 1000;
const EVICTION_MARK = 'cinechat:db-created';

export const UNAVAILABLE_WARNING =
  'Storage is unavailable (private browsing?). Ratings and your watchlist will be lost when you close this tab.';
export const QUOTA_WARNING =
  'Storage is full. New ratings and changes are kept in this tab only until space is freed (Settings → Clear data).';

/** An in-memory store: the fallback, and the store tests use. */
export function createMemoryStore(warning: string | null = null): PersonalStore {
  let data = emptyPersonalData();
  const listeners: Array<(m: string) => void> = [];
  return {
    backend: () => 'memory',
    warning: () => warning,
    evicted: false,
    async load() {
      return structuredClone(data);
    },
    async put(collection, item) {
      const field = KEY_FIELD[collection] as keyof typeof item;
      const list = data[collection] as Array<typeof item>;
      const i = list.findIndex((x) => x[field] === item[field]);
      if (i >= 0) list[i] = structuredClone(item);
      else list.push(structuredClone(item));
    },
    async remove(collection, key) {
      const field = KEY_FIELD[collection];
      const list = data[collection] as unknown as Array<Record<string, unknown>>;
      (data[collection] as unknown) = list.filter((x) => x[field] !== key);
    },
    async putSetting(key, value) {
      data.settings[key] = value;
    },
    async replaceAll(next) {
      data = structuredClone(next);
    },
    async clear() {
      data = emptyPersonalData();
    },
    onWarning(listener) {
      listeners.push(listener);
    },
  };
}

function isQuotaError(e: unknown): boolean {
  return e instanceof DOMException && (e.name === 'QuotaExceededError' || e.code === 22);
}

async function readAll(db: IDBPDatabase<CineChatDB>): Promise<PersonalData> {
  const data = emptyPersonalData();
  const tx = db.transaction([...COLLECTIONS, 'settings'], 'readonly');
  data.ratings = await tx.objectStore('ratings').getAll();
  data.watchlist = await tx.objectStore('watchlist').index('by-added').getAll();
  data.hidden = await tx.objectStore('hidden').getAll();
  // Newest turns first from the index, then reversed: the last N, in order.
  const turns = [];
  for (
    let cur = await tx.objectStore('history').index('by-at').openCursor(null, 'prev');
    cur && turns.length < HISTORY_LOAD_LIMIT;
    cur = await cur.continue()
  ) {
    turns.push(cur.value);
  }
  data.history = turns.reverse();
  data.feedback = await tx.objectStore('feedback').index('by-at').getAll();
  const settings = tx.objectStore('settings');
  for (const key of await settings.getAllKeys()) {
    if (key in data.settings)
      (data.settings as unknown as Record<string, unknown>)[key] = await settings.get(key);
  }
  await tx.done;
  return data;
}

async function writeAll(db: IDBPDatabase<CineChatDB>, data: PersonalData): Promise<void> {
  const tx = db.transaction([...COLLECTIONS, 'settings'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  for (const c of COLLECTIONS) {
    const store = tx.objectStore(c);
    writes.push(store.clear());
    for (const item of data[c]) writes.push(store.put(item as never));
  }
  const settings = tx.objectStore('settings');
  writes.push(settings.clear());
  for (const [k, v] of Object.entries(data.settings)) writes.push(settings.put(v, k as keyof Settings));
  await Promise.all([...writes, tx.done]);
}

/**
 * Opens IndexedDB, or falls back to memory with a warning. `factory` lets tests pass a
 * fake-indexeddb instance; the browser uses the global one.
 */
export async function openPersonalStore(
  options: { name?: string; indexedDB?: IDBFactory | null; localStorage?: Storage | null } = {},
): Promise<PersonalStore> {
  const name = options.name ?? DB_NAME;
  const idb =
    options.indexedDB === undefined
      ? typeof indexedDB === 'undefined'
        ? null
        : indexedDB
      : options.indexedDB;
  const ls = options.localStorage === undefined ? safeLocalStorage() : options.localStorage;
  if (!idb) return createMemoryStore(UNAVAILABLE_WARNING);
  let db: IDBPDatabase<CineChatDB>;
  let created = false;
  try {
    // idb's openDB reads the global indexedDB; swap in the given factory for the duration.
    db = await withFactory(idb, () =>
      openDB<CineChatDB>(name, DB_VERSION, {
        upgrade(d, oldVersion, _newVersion, tx) {
          created = oldVersion === 0;
          upgrade(d, oldVersion, tx);
        },
      }),
    );
  } catch {
    return createMemoryStore(UNAVAILABLE_WARNING);
  }
  // Eviction: localStorage remembers that a database existed; a freshly created one means the
  // browser dropped it (both live in the same origin storage bucket, but localStorage often survives).
  const evicted = created && ls?.getItem(`${EVICTION_MARK}:${name}`) != null;
  if (created) ls?.setItem(`${EVICTION_MARK}:${name}`, String(Date.now()));

  const memory = createMemoryStore();
  let backend: 'indexeddb' | 'memory' = 'indexeddb';
  let warning: string | null = null;
  const listeners: Array<(m: string) => void> = [];

  /** Runs a write; on failure keep going in memory and tell the UI once. */
  async function guarded(write: () => Promise<unknown>, mirror: () => Promise<void>): Promise<void> {
    await mirror();
    if (backend === 'memory') return;
    try {
      await write();
    } catch (e) {
      backend = 'memory';
      warning = isQuotaError(e) ? QUOTA_WARNING : UNAVAILABLE_WARNING;
      for (const l of listeners) l(warning);
    }
  }

  return {
    backend: () => backend,
    warning: () => warning,
    evicted,
    async load() {
      if (backend === 'memory') return memory.load();
      const data = await readAll(db);
      await memory.replaceAll(data);
      return data;
    },
    put(collection, item) {
      return guarded(
        () => db.put(collection, item as never),
        () => memory.put(collection, item),
      );
    },
    remove(collection, key) {
      return guarded(
        () => db.delete(collection, key),
        () => memory.remove(collection, key),
      );
    },
    putSetting(key, value) {
      return guarded(
        () => db.put('settings', value, key),
        () => memory.putSetting(key, value),
      );
    },
    async replaceAll(data) {
      if (backend === 'indexeddb') await writeAll(db, data); // throws: nothing changed, caller reports
      await memory.replaceAll(data);
    },
    clear() {
      return guarded(
        () => writeAll(db, emptyPersonalData()),
        () => memory.clear(),
      );
    },
    onWarning(listener) {
      listeners.push(listener);
    },
  };
}

function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // some privacy modes throw on access
  }
}

/** idb's openDB calls `indexedDB.open` synchronously, so the swap lasts only for that call. */
function withFactory<T>(factory: IDBFactory, run: () => Promise<T>): Promise<T> {
  const g = globalThis as { indexedDB?: IDBFactory };
  // In browsers `indexedDB` is a read-only accessor: only tests (with another factory) swap it.
  if (g.indexedDB === factory) return run();
  const saved = g.indexedDB;
  g.indexedDB = factory;
  try {
    return run();
  } finally {
    g.indexedDB = saved;
  }
}
