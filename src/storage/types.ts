/**
 * Personal data CineChat keeps on the device. Plain records only (no classes), so they go into
 * IndexedDB, across postMessage and into an export file unchanged.
 */

export type RatingValue = 1 | -1;

/** A 👍/👎 on a movie, with the message it answered (rated (query, movie) pairs are exportable). */
export interface RatingRecord {
  movieId: number;
  title: string;
  value: RatingValue;
  /** The user message the card answered; '' when rated outside a conversation. */
  query: string;
  at: number;
}

export interface WatchItem {
  movieId: number;
  title: string;
  year: number | null;
  addedAt: number;
}

export interface HiddenItem {
  movieId: number;
  title: string;
  at: number;
}

/** One message of the conversation history. */
export interface HistoryTurn {
  id: string;
  role: 'user' | 'assistant';
  text: string;
  /** Movie ids shown with an assistant answer. */
  resultIds: number[];
  at: number;
}

/** Fine-grained feedback ("more like this", "less like this", hide...), kept for export and steering. */
export interface FeedbackRecord {
  id: string;
  movieId: number;
  action: 'more-like' | 'less-like' | 'hide' | 'watchlist' | 'up' | 'down';
  query: string;
  at: number;
}

export interface Settings {
  llmEnabled: boolean;
  /** web-llm model id, or null for the default. */
  llmModel: string | null;
  /** Optional Qdrant server (empty = local search only). */
  qdrantUrl: string;
  /** Kept on this device only; never exported. */
  qdrantApiKey: string;
  /** Collection with the movie vectors on the Qdrant server. */
  qdrantCollection: string;
  /** Sync ratings, watchlist and hidden movies through the Qdrant server (off unless turned on). */
  qdrantSync: boolean;
  /** Pseudonymous sync id (random UUID made on this device; '' until sync is first turned on). */
  syncUserId: string;
}

export const DEFAULT_SETTINGS: Settings = {
  llmEnabled: false,
  llmModel: null,
  qdrantUrl: '',
  qdrantApiKey: '',
  qdrantCollection: 'movies',
  qdrantSync: false,
  syncUserId: '',
};

/** Everything personal, as one plain object (what export writes and import reads). */
export interface PersonalData {
  ratings: RatingRecord[];
  watchlist: WatchItem[];
  hidden: HiddenItem[];
  history: HistoryTurn[];
  feedback: FeedbackRecord[];
  settings: Settings;
}

export function emptyPersonalData(): PersonalData {
  return {
    ratings: [],
    watchlist: [],
    hidden: [],
    history: [],
    feedback: [],
    settings: { ...DEFAULT_SETTINGS },
  };
}
