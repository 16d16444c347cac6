/**
 * Personal data as Solid signals, written through to the personal store. Signals are the
 * source of truth for the UI, so a storage failure never loses what the person sees.
 */
import { createSignal } from 'solid-js';
import type { Movie } from '../core/types.ts';
import { exportPersonalData, parsePersonalData, ratedPairsJsonl } from '../storage/personal-data.ts';
import type { PersonalStore } from '../storage/store.ts';
import {
  emptyPersonalData,
  type FeedbackRecord,
  type HistoryTurn,
  type PersonalData,
  type RatingValue,
  type Settings,
} from '../storage/types.ts';
import type { Preferences } from './ports.ts';
import { tasteIds } from './taste-ids.ts';
import type { SyncedCollection, SyncedItem } from '../qdrant/personal-sync.ts';

export type Personal = ReturnType<typeof createPersonal>;

const newId = () => crypto.randomUUID();

export function createPersonal(store: PersonalStore) {
  const [data, setData] = createSignal<PersonalData>(emptyPersonalData());
  const [warning, setWarning] = createSignal<string | null>(store.warning());
  store.onWarning((m) => setWarning(m));

  const update = (fn: (d: PersonalData) => PersonalData) => setData((d) => fn(d));

  return {
    data,
    warning,
    evicted: store.evicted,
    backend: store.backend,
    async load(): Promise<void> {
      setData(await store.load());
      setWarning(store.warning());
    },
    settings: (): Settings => data().settings,
    rating: (movieId: number): RatingValue | 0 =>
      data().ratings.find((r) => r.movieId === movieId)?.value ?? 0,
    inWatchlist: (movieId: number) => data().watchlist.some((w) => w.movieId === movieId),
    isHidden: (movieId: number) => data().hidden.some((h) => h.movieId === movieId),
    preferences(): Preferences {
      const d = data();
      return {
        likedIds: d.ratings.filter((r) => r.value === 1).map((r) => r.movieId),
        dislikedIds: d.ratings.filter((r) => r.value === -1).map((r) => r.movieId),
        hiddenIds: d.hidden.map((h) => h.movieId),
        tasteIds: tasteIds(d),
      };
    },

    /** 👍/👎; rating again with the same value clears it. */
    async rate(movie: Movie, value: RatingValue, query: string): Promise<void> {
      const current = data().ratings.find((r) => r.movieId === movie.id);
      if (current?.value === value) {
        update((d) => ({ ...d, ratings: d.ratings.filter((r) => r.movieId !== movie.id) }));
        await store.remove('ratings', movie.id);
        return;
      }
      const rec = { movieId: movie.id, title: movie.title, value, query, at: Date.now() };
      update((d) => ({ ...d, ratings: [...d.ratings.filter((r) => r.movieId !== movie.id), rec] }));
      await store.put('ratings', rec);
    },
    async toggleWatchlist(movie: Movie): Promise<void> {
      if (data().watchlist.some((w) => w.movieId === movie.id)) {
        update((d) => ({ ...d, watchlist: d.watchlist.filter((w) => w.movieId !== movie.id) }));
        await store.remove('watchlist', movie.id);
        return;
      }
      const item = { movieId: movie.id, title: movie.title, year: movie.year, addedAt: Date.now() };
      update((d) => ({ ...d, watchlist: [...d.watchlist, item] }));
      await store.put('watchlist', item);
    },
    async hide(movie: Movie): Promise<void> {
      const item = { movieId: movie.id, title: movie.title, at: Date.now() };
      update((d) => ({ ...d, hidden: [...d.hidden.filter((h) => h.movieId !== movie.id), item] }));
      await store.put('hidden', item);
    },
    async unhide(movieId: number): Promise<void> {
      update((d) => ({ ...d, hidden: d.hidden.filter((h) => h.movieId !== movieId) }));
      await store.remove('hidden', movieId);
    },
    /** Writes a version that won on another device (sync): sets the entry, no toggling, no feedback. */
    async putSynced(entry: SyncedItem): Promise<void> {
      const { collection, item } = entry;
      update((d) => ({
        ...d,
        [collection]: [...d[collection].filter((x) => x.movieId !== item.movieId), item],
      }));
      await store.put(collection, item);
    },
    async removeSynced(collection: SyncedCollection, movieId: number): Promise<void> {
      update((d) => ({ ...d, [collection]: d[collection].filter((x) => x.movieId !== movieId) }));
      await store.remove(collection, movieId);
    },
    async feedback(movieId: number, action: FeedbackRecord['action'], query: string): Promise<void> {
      const rec: FeedbackRecord = { id: newId(), movieId, action, query, at: Date.now() };
      update((d) => ({ ...d, feedback: [...d.feedback, rec] }));
      await store.put('feedback', rec);
    },
    async addTurn(role: HistoryTurn['role'], text: string, resultIds: number[]): Promise<HistoryTurn> {
      const turn: HistoryTurn = { id: newId(), role, text, resultIds, at: Date.now() };
      update((d) => ({ ...d, history: [...d.history, turn] }));
      await store.put('history', turn);
      return turn;
    },
    async clearHistory(): Promise<void> {
      const turns = data().history;
      update((d) => ({ ...d, history: [] }));
      for (const t of turns) await store.remove('history', t.id);
    },
    async setSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
      update((d) => ({ ...d, settings: { ...d.settings, [key]: value } }));
      await store.putSetting(key, value);
    },
    async clearAll(): Promise<void> {
      setData(emptyPersonalData());
      await store.clear();
    },
    exportAll: (): string => exportPersonalData(data()),
    exportRatedPairs: (): string => ratedPairsJsonl(data()),
    /** Validates first; on any problem nothing changes and the message says why. */
    async importAll(text: string): Promise<{ ok: true } | { ok: false; error: string }> {
      const parsed = parsePersonalData(text);
      if (!parsed.ok) return parsed;
      // The API key is not in export files: keep the one this device already has.
      const next = {
        ...parsed.data,
        settings: { ...parsed.data.settings, qdrantApiKey: data().settings.qdrantApiKey },
      };
      try {
        await store.replaceAll(next);
      } catch (e) {
        return {
          ok: false,
          error: `Import failed while saving (${e instanceof Error ? e.message : String(e)}). Nothing was changed.`,
        };
      }
      setData(next);
      return { ok: true };
    },
  };
}
