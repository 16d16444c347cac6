import 'fake-indexeddb/auto'; // idb checks values against the global IDB* classes
import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { openDB } from 'idb';
import { MIGRATIONS, type CineChatDB } from '../../src/storage/schema.ts';
import { openPersonalStore, QUOTA_WARNING, UNAVAILABLE_WARNING } from '../../src/storage/store.ts';

function memoryLocalStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

describe('personal store on IndexedDB', () => {
  it('keeps ratings, watchlist, hidden, history, feedback and settings across reopening', async () => {
    const factory = new IDBFactory();
    const a = await openPersonalStore({ indexedDB: factory, localStorage: null });
    await a.put('ratings', { movieId: 603, title: 'The Matrix', value: 1, query: 'cyberpunk', at: 1 });
    await a.put('ratings', { movieId: 603, title: 'The Matrix', value: -1, query: 'cyberpunk', at: 2 });
    await a.put('watchlist', { movieId: 129, title: 'Spirited Away', year: 2001, addedAt: 5 });
    await a.put('watchlist', { movieId: 13, title: 'Forrest Gump', year: 1994, addedAt: 3 });
    await a.put('hidden', { movieId: 1, title: 'X', at: 1 });
    await a.remove('hidden', 1);
    await a.put('history', { id: 't2', role: 'assistant', text: 'here', resultIds: [603], at: 20 });
    await a.put('history', { id: 't1', role: 'user', text: 'hi', resultIds: [], at: 10 });
    await a.put('feedback', { id: 'f1', movieId: 603, action: 'more-like', query: 'q', at: 1 });
    await a.putSetting('llmEnabled', true);

    const b = await openPersonalStore({ indexedDB: factory, localStorage: null });
    const data = await b.load();
    expect(b.backend()).toBe('indexeddb');
    expect(data.ratings).toEqual([
      { movieId: 603, title: 'The Matrix', value: -1, query: 'cyberpunk', at: 2 },
    ]);
    expect(data.watchlist.map((w) => w.movieId)).toEqual([13, 129]); // ordered by addedAt
    expect(data.hidden).toEqual([]);
    expect(data.history.map((t) => t.id)).toEqual(['t1', 't2']); // ordered by time
    expect(data.feedback).toHaveLength(1);
    expect(data.settings.llmEnabled).toBe(true);
    expect(data.settings.qdrantUrl).toBe('');
  });

  it('migrates a version-1 database without losing its data', async () => {
    const factory = new IDBFactory();
    globalThis.indexedDB = factory;
    const v1 = await openDB<CineChatDB>('cinechat', 1, {
      upgrade: (db, _old, _new, tx) => MIGRATIONS[0](db, tx),
    });
    await v1.put('history', { id: 'old', role: 'user', text: 'from v1', resultIds: [], at: 7 });
    await v1.put('watchlist', { movieId: 11, title: 'Star Wars', year: 1977, addedAt: 9 });
    v1.close();

    const store = await openPersonalStore({ indexedDB: factory, localStorage: null });
    const data = await store.load();
    expect(data.history.map((t) => t.text)).toEqual(['from v1']);
    expect(data.watchlist.map((w) => w.title)).toEqual(['Star Wars']);
    await store.put('feedback', { id: 'f', movieId: 11, action: 'up', query: '', at: 1 });
    expect((await store.load()).feedback).toHaveLength(1);
  });

  it('falls back to memory with a warning when IndexedDB is missing or refuses to open', async () => {
    const none = await openPersonalStore({ indexedDB: null, localStorage: null });
    expect(none.backend()).toBe('memory');
    expect(none.warning()).toBe(UNAVAILABLE_WARNING);
    await none.put('ratings', { movieId: 1, title: 'A', value: 1, query: '', at: 1 });
    expect((await none.load()).ratings).toHaveLength(1);

    const broken = new IDBFactory();
    broken.open = () => {
      throw new DOMException('The user denied permission', 'SecurityError');
    };
    const s = await openPersonalStore({ indexedDB: broken, localStorage: null });
    expect(s.backend()).toBe('memory');
    expect(s.warning()).toBe(UNAVAILABLE_WARNING);
  });

  it('keeps working in memory and warns once when a write hits the quota', async () => {
    const factory = new IDBFactory();
    const store = await openPersonalStore({ indexedDB: factory, localStorage: null });
    await store.load();
    const warnings: string[] = [];
    store.onWarning((m) => warnings.push(m));
    // Make every later put fail the way a full disk does.
    const realPut = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('full', 'QuotaExceededError');
    };
    try {
      await store.put('ratings', { movieId: 2, title: 'B', value: 1, query: 'q', at: 1 });
      await store.put('ratings', { movieId: 3, title: 'C', value: -1, query: 'q', at: 2 });
    } finally {
      IDBObjectStore.prototype.put = realPut;
    }
    expect(warnings).toEqual([QUOTA_WARNING]);
    expect(store.backend()).toBe('memory');
    expect((await store.load()).ratings.map((r) => r.movieId)).toEqual([2, 3]);
  });

  it('detects that a previously created database was evicted', async () => {
    const ls = memoryLocalStorage();
    const first = await openPersonalStore({ indexedDB: new IDBFactory(), localStorage: ls });
    expect(first.evicted).toBe(false);
    const again = await openPersonalStore({ indexedDB: new IDBFactory(), localStorage: ls }); // data gone
    expect(again.evicted).toBe(true);
  });

  it('replaceAll swaps every collection at once and clear empties them', async () => {
    const store = await openPersonalStore({ indexedDB: new IDBFactory(), localStorage: null });
    await store.put('ratings', { movieId: 1, title: 'A', value: 1, query: '', at: 1 });
    const data = await store.load();
    data.ratings = [{ movieId: 9, title: 'Z', value: -1, query: 'q', at: 3 }];
    data.hidden = [{ movieId: 4, title: 'H', at: 1 }];
    await store.replaceAll(data);
    const after = await store.load();
    expect(after.ratings.map((r) => r.movieId)).toEqual([9]);
    expect(after.hidden.map((r) => r.movieId)).toEqual([4]);
    await store.clear();
    const empty = await store.load();
    expect(empty.ratings).toEqual([]);
    expect(empty.hidden).toEqual([]);
  });
});
