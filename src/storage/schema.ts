/**
 * IndexedDB schema and its migrations. Each entry of MIGRATIONS upgrades from version i to i + 1;
 * a browser that skipped versions runs every step in order, inside the one upgrade transaction.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { FeedbackRecord, HiddenItem, HistoryTurn, RatingRecord, Settings, WatchItem } from './types.ts';

export const DB_NAME = 'cinechat';

export interface CineChatDB extends DBSchema {
  ratings: { key: number; value: RatingRecord };
  watchlist: { key: number; value: WatchItem; indexes: { 'by-added': number } };
  hidden: { key: number; value: HiddenItem };
  history: { key: string; value: HistoryTurn; indexes: { 'by-at': number } };
  feedback: { key: string; value: FeedbackRecord; indexes: { 'by-at': number } };
  /** Key/value: one row per setting, so adding a setting never needs a migration. */
  settings: { key: keyof Settings; value: Settings[keyof Settings] };
  /** Bookkeeping, e.g. the marker that detects storage eviction. */
  meta: { key: string; value: string | number };
}

type UpgradeTx = IDBPTransaction<CineChatDB, StoreNames<CineChatDB>[], 'versionchange'>;
type Migration = (db: IDBPDatabase<CineChatDB>, tx: UpgradeTx) => void;

export const MIGRATIONS: Migration[] = [
  // v1: the first stores.
  (db) => {
    db.createObjectStore('ratings', { keyPath: 'movieId' });
    db.createObjectStore('watchlist', { keyPath: 'movieId' });
    db.createObjectStore('hidden', { keyPath: 'movieId' });
    db.createObjectStore('history', { keyPath: 'id' });
    db.createObjectStore('settings');
  },
  // v2: feedback records, eviction marker, time indexes for ordered reads.
  (db, tx) => {
    db.createObjectStore('feedback', { keyPath: 'id' }).createIndex('by-at', 'at');
    db.createObjectStore('meta');
    tx.objectStore('history').createIndex('by-at', 'at');
    tx.objectStore('watchlist').createIndex('by-added', 'addedAt');
  },
];

export const DB_VERSION = MIGRATIONS.length;

export function upgrade(db: IDBPDatabase<CineChatDB>, oldVersion: number, tx: UpgradeTx): void {
  for (let v = oldVersion; v < DB_VERSION; v++) MIGRATIONS[v](db, tx);
}
