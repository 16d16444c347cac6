/**
 * Optional remote vector search (a Qdrant server) for the engine worker, switchable at run time.
 *
 * The retriever is built once over a `SwitchableIndex`, so planning, filters, keyword search and every
 * ranking stage stay the same whichever index answers: only the nearest-neighbour search moves to the
 * server. With a server configured, searches go through `withFallback(qdrant, local)`: a server that is
 * unreachable, slow, failing or empty is answered by the local index, and the turn's report says so, so
 * the chat can show a notice instead of an empty (or silently different) answer.
 *
 * The Qdrant client is imported only when a URL is set: the default, fully local app never loads it.
 */
import type { VectorHit, VectorIndex, VectorSearchOptions } from '../core/types.ts';
import { withFallback, type FallbackIndex, type FallbackReason } from './fallback.ts';

/** What the page sends the worker: plain data (the API key never goes into a log or a message). */
export interface RemoteSearchConfig {
  url: string;
  apiKey?: string;
  /** Qdrant collection holding the movie vectors (default "movies"). */
  collection: string;
  /** Give up on the server after this long and answer locally (default REMOTE_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** A chat answer should not wait much longer than a local search would take to feel slow. */
export const REMOTE_TIMEOUT_MS = 2500;
export const DEFAULT_COLLECTION = 'movies';

export type SearchSource = 'qdrant' | 'local';

/** Which index answered one turn; sent back with the turn's results. */
export interface SearchReport {
  /** The index that answered the turn's vector search; null when the turn made none (FAQ, greeting). */
  source: SearchSource | null;
  /** Whether a Qdrant server is configured at all. */
  remote: boolean;
  /** Set when the server was configured but the local index answered instead. */
  fallback: { reason: FallbackReason; notice: string; detail: string } | null;
}

/** Builds the remote index for a config (injectable for tests; default: the Qdrant adapter). */
export type RemoteFactory = (config: RemoteSearchConfig) => Promise<VectorIndex>;

export interface SwitchableIndex extends VectorIndex {
  /** Point searches at a server (or back at the local index with null). Resolves once in effect. */
  configure(config: RemoteSearchConfig | null): Promise<void>;
  /** The current server config, without the API key (for status displays). */
  readonly remote: { url: string; collection: string } | null;
  /** Start collecting a new turn's report. */
  beginTurn(): void;
  /** What answered the searches since beginTurn(). */
  report(): SearchReport;
}

const WHY: Record<FallbackReason, string> = {
  unreachable: 'Qdrant server unreachable',
  timeout: 'Qdrant server too slow to answer',
  unauthorized: 'Qdrant server refused the API key',
  'not-found': 'Qdrant collection not found',
  'rate-limited': 'Qdrant server busy (rate limit)',
  http: 'Qdrant server error',
  mismatch: "Qdrant collection does not match this app's index",
  config: 'Qdrant settings are not valid',
  empty: 'Qdrant returned no results',
};

/** The polite, visible line shown with an answer that the local index gave instead of the server. */
export function fallbackNotice(reason: FallbackReason): string {
  return `${WHY[reason] ?? 'Qdrant server unavailable'} — answered from the index on this device.`;
}

/** Removes a secret from text that may be shown or logged (belt and braces: errors never carry it). */
export function redactSecret(text: string, secret: string | undefined): string {
  const s = secret?.trim();
  return s && s.length >= 4 ? text.split(s).join('[api key]') : text;
}

/** Same server, key, collection and time limit: reconfiguring to it keeps the cool-down state. */
function sameConfig(a: RemoteSearchConfig | null, b: RemoteSearchConfig | null): boolean {
  if (!a || !b) return a === b;
  return (
    a.url === b.url &&
    (a.apiKey ?? '') === (b.apiKey ?? '') &&
    a.collection === b.collection &&
    (a.timeoutMs ?? REMOTE_TIMEOUT_MS) === (b.timeoutMs ?? REMOTE_TIMEOUT_MS)
  );
}

/** A remote that always fails with the error its construction raised (e.g. a malformed URL). */
function failing(local: VectorIndex, error: unknown): VectorIndex {
  return {
    name: 'qdrant:invalid',
    size: local.size,
    dims: local.dims,
    search: () => Promise.reject(error instanceof Error ? error : new Error(String(error))),
  };
}

/**
 * A VectorIndex that answers from `local` until configured with a server, then from the server with
 * fallback to `local`. `createRemote` defaults to the Qdrant adapter; `movieIds()` gives the TMDB id of
 * each local row (points are keyed by TMDB id), read once per configuration, only when a server is used.
 */
export function createSwitchableIndex(
  local: VectorIndex,
  options: { movieIds?: () => ArrayLike<number>; createRemote?: RemoteFactory; cooldownMs?: number },
): SwitchableIndex {
  const createRemote: RemoteFactory =
    options.createRemote ??
    (async (config) => {
      const { createQdrantSearch, rowOfIdFromIds } = await import('./qdrant-index.ts');
      if (!options.movieIds) throw new Error('movieIds is required for the Qdrant index');
      return createQdrantSearch({
        url: config.url,
        apiKey: config.apiKey,
        collection: config.collection,
        // The client's own limit is a little longer: withFallback decides, the client just cleans up.
        timeoutMs: (config.timeoutMs ?? REMOTE_TIMEOUT_MS) + 1000,
        dims: local.dims,
        rowOfId: rowOfIdFromIds(options.movieIds(), local.size),
      });
    });
  let config: RemoteSearchConfig | null = null;
  /** The last config asked for (applied or still being set up): what a new request is compared with. */
  let requested: RemoteSearchConfig | null = null;
  let active: FallbackIndex | null = null;
  let generation = 0;
  let turn: { used: boolean; fellBack: SearchReport['fallback'] } = { used: false, fellBack: null };

  return {
    get name() {
      return active ? active.name : local.name;
    },
    size: local.size,
    dims: local.dims,
    get remote() {
      return config ? { url: config.url, collection: config.collection } : null;
    },
    async configure(next) {
      if (sameConfig(requested, next)) return;
      requested = next;
      const mine = ++generation;
      if (!next) {
        config = null;
        active = null;
        return;
      }
      let primary: VectorIndex;
      try {
        primary = await createRemote(next);
      } catch (error) {
        primary = failing(local, error);
      }
      if (mine !== generation) return; // overtaken by a newer configure()
      config = next;
      // The notice is attached per turn from `lastFallback`; the callback has nothing more to do.
      active = withFallback(primary, local, () => undefined, {
        timeoutMs: next.timeoutMs ?? REMOTE_TIMEOUT_MS,
        cooldownMs: options.cooldownMs,
      });
    },
    beginTurn() {
      turn = { used: false, fellBack: null };
    },
    report() {
      const remote = active !== null;
      const source: SearchSource | null = !turn.used ? null : remote && !turn.fellBack ? 'qdrant' : 'local';
      return { source, remote, fallback: turn.fellBack };
    },
    async search(query: Float32Array, k: number, opts?: VectorSearchOptions): Promise<VectorHit[]> {
      const index = active;
      const key = config?.apiKey;
      if (!index) {
        turn.used = true;
        return local.search(query, k, opts);
      }
      const hits = await index.search(query, k, opts);
      turn.used = true;
      const event = index.lastSource === 'fallback' ? index.lastFallback : null;
      if (event && !turn.fellBack) {
        turn.fellBack = {
          reason: event.reason,
          notice: fallbackNotice(event.reason),
          detail: redactSecret(event.message, key),
        };
      }
      return hits;
    },
  };
}
