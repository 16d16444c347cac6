/**
 * The main-thread app service: owns the engine (workers), the personal store and the
 * conversation, and exposes them to the UI as signals plus plain actions. Components never talk
 * to workers or IndexedDB themselves.
 *
 * Every turn, typed or a card action, runs in the engine worker (the engine host, src/engine/host.ts):
 * the page keeps only the conversation state it passes in and gets back, so a crashed worker can be
 * restarted without losing the conversation.
 */
import { batch, createSignal } from 'solid-js';
import { createStore, produce } from 'solid-js/store';
import type { Movie } from '../core/types.ts';
import type { RatingValue } from '../storage/types.ts';
import type { PersonalStore } from '../storage/store.ts';
import { createLlmController } from './llm.ts';
import { createPersonal } from './personal.ts';
import type { Chip, EnginePort, LoadProgress, LoadReport, Refinement, ResultItem } from './ports.ts';
import { createLatest } from './worker-client.ts';
import { connectQdrant, type QdrantWiring } from './qdrant-wiring.ts';
import type { SearchReport } from '../qdrant/remote-search.ts';
import type { SyncUiStatus } from '../qdrant/personal-sync-runner.ts';

export interface ChatMessage {
  id: string;
  role: 'user' | 'assistant';
  text: string;
  status: 'pending' | 'streaming' | 'done' | 'error';
  results: ResultItem[];
  /** The user message this answer responds to (for ratings). */
  query: string;
  /** Which index answered (shown when a Qdrant server is set) and any fallback notice. */
  search?: SearchReport;
  /** The intent the engine routed the message to (assistant messages; data-intent in the DOM). */
  intent?: string;
}

export type Phase = 'loading' | 'ready' | 'error';

/**
 * Messages kept in the live conversation. Each answer holds its movies (overviews, credits...), so
 * an endless session would grow memory without bound; older turns stay in the stored history
 * (History view) and are simply no longer scrollable in the chat.
 */
export const MAX_LIVE_MESSAGES = 200;

/** Longest message sent to the pipeline; longer input is cut with a notice, never rejected. */
export const MAX_MESSAGE_CHARS = 2000;

export type AppService = ReturnType<typeof createAppService>;

export function createAppService(deps: { engine: EnginePort; store: PersonalStore }) {
  const { engine } = deps;
  const personal = createPersonal(deps.store);
  const llm = createLlmController(engine, personal);
  const [phase, setPhase] = createSignal<Phase>('loading');
  const [progress, setProgress] = createSignal<LoadProgress | null>(null);
  const [loadError, setLoadError] = createSignal<string | null>(null);
  const [report, setReport] = createSignal<LoadReport | null>(null);
  const [chips, setChips] = createSignal<Chip[]>([]);
  /** The request a new one replaced, offered back in one click ("keep the previous filters"). */
  const [previousChips, setPreviousChips] = createSignal<Chip[]>([]);
  const [busy, setBusy] = createSignal(false);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [messages, setMessages] = createStore<ChatMessage[]>([]);
  const latest = createLatest();
  const chat = engine.chat();
  const readyAt = { t: 0 };
  /** Qdrant search + sync, connected once the personal data is loaded (qdrant-wiring.ts). */
  const [qdrant, setQdrant] = createSignal<QdrantWiring | null>(null);

  const patch = (id: string, fn: (m: ChatMessage) => void) =>
    setMessages(
      (m) => m.id === id,
      produce((m) => fn(m)),
    );

  async function boot(): Promise<void> {
    setPhase('loading');
    setLoadError(null);
    const personalLoad = personal.load().catch(() => undefined);
    try {
      setReport(await engine.load((p) => setProgress(p)));
      await personalLoad;
      await restoreConversation();
      readyAt.t = performance.now();
      setPhase('ready');
      llm.start();
      if (!qdrant()) setQdrant(connectQdrant({ personal, engine, onError: setNotice }));
    } catch (e) {
      setLoadError(e instanceof Error ? e.message : String(e));
      setPhase('error');
    }
  }

  /** Shows the last few turns of the stored history again after a reload. */
  async function restoreConversation(): Promise<void> {
    const turns = personal.data().history.slice(-12);
    if (!turns.length || messages.length) return;
    const ids = [...new Set(turns.flatMap((t) => t.resultIds))];
    const movies = new Map((ids.length ? await engine.movies(ids) : []).map((m) => [m.id, m]));
    let lastQuery = '';
    setMessages(
      turns.map((t) => {
        if (t.role === 'user') lastQuery = t.text;
        const results = t.resultIds.flatMap((id) => {
          const movie = movies.get(id);
          return movie ? [{ movie, score: 0, why: [] }] : [];
        });
        return { id: t.id, role: t.role, text: t.text, status: 'done' as const, results, query: lastQuery };
      }),
    );
  }

  async function runTurn(message: string, refinement?: Refinement): Promise<void> {
    let text = message.trim();
    if (!text && !refinement) return;
    if (text.length > MAX_MESSAGE_CHARS) {
      text = text.slice(0, MAX_MESSAGE_CHARS);
      setNotice(`Your message was long, so only its first ${MAX_MESSAGE_CHARS} characters were used.`);
    }
    const isCurrent = latest.next();
    const shown = text || describe(refinement);
    const user = await personal.addTurn('user', shown, []).catch(() => null);
    const userId = user?.id ?? crypto.randomUUID();
    const answerId = crypto.randomUUID();
    batch(() => {
      setMessages(messages.length, {
        id: userId,
        role: 'user',
        text: shown,
        status: 'done',
        results: [],
        query: '',
      });
      setMessages(messages.length, {
        id: answerId,
        role: 'assistant',
        text: '',
        status: 'pending',
        results: [],
        query: shown,
      });
      const excess = messages.length - MAX_LIVE_MESSAGES;
      if (excess > 0) setMessages(produce((list) => void list.splice(0, excess)));
      setBusy(true);
    });
    try {
      const out = await chat.handle({
        message: text,
        refinement,
        preferences: personal.preferences(),
        onText: (t) => isCurrent() && patch(answerId, (m) => ((m.text = t), (m.status = 'streaming'))),
      });
      if (!isCurrent()) {
        patch(
          answerId,
          (m) => ((m.status = 'done'), (m.text = m.text || 'Skipped: a newer message took over.')),
        );
        return;
      }
      // Hidden movies never come back, whatever the pipeline returned.
      const results = out.results.filter((r) => !personal.isHidden(r.movie.id));
      batch(() => {
        patch(answerId, (m) => {
          m.text = out.reply;
          m.results = results;
          m.status = 'done';
          m.search = out.search;
          m.intent = out.intent;
        });
        setChips(out.chips);
        setPreviousChips(out.previousChips ?? []);
      });
      await personal
        .addTurn(
          'assistant',
          out.reply,
          results.map((r) => r.movie.id),
        )
        .catch(() => undefined);
    } catch (e) {
      patch(answerId, (m) => {
        m.status = 'error';
        m.text = `Sorry, that search failed: ${e instanceof Error ? e.message : String(e)}. Please try again.`;
      });
    } finally {
      if (isCurrent()) setBusy(false);
    }
  }

  function describe(r: Refinement | undefined): string {
    if (!r) return '';
    if (r.kind === 'more-like') return `More like ${r.title}`;
    if (r.kind === 'less-like') return `Less like ${r.title}`;
    if (r.kind === 'keep-previous') return 'Keep the previous filters';
    return `Without ${chips().find((c) => c.key === r.key)?.label ?? 'that'}`;
  }

  function queryFor(movieId: number): string {
    for (let i = messages.length - 1; i >= 0; i--) {
      if (messages[i].results.some((r) => r.movie.id === movieId)) return messages[i].query;
    }
    return '';
  }

  return {
    personal,
    llm: llm.state,
    phase,
    progress,
    loadError,
    report,
    chips,
    previousChips,
    busy,
    messages,
    notice,
    dismissNotice: () => setNotice(null),
    showNotice: (text: string) => setNotice(text),
    readyAt: () => readyAt.t,
    boot,
    send: (text: string) => runTurn(text),
    refine: (r: Refinement) => runTurn('', r),
    removeChip: (key: string) => runTurn('', { kind: 'remove-chip', key }),
    keepPrevious: () => runTurn('', { kind: 'keep-previous' }),
    lastUserMessage: () => [...messages].reverse().find((m) => m.role === 'user')?.text ?? '',
    async rate(movie: Movie, value: RatingValue) {
      const q = queryFor(movie.id);
      await personal.rate(movie, value, q);
      await personal.feedback(movie.id, value === 1 ? 'up' : 'down', q);
    },
    async toggleWatchlist(movie: Movie) {
      await personal.toggleWatchlist(movie);
    },
    async hide(movie: Movie) {
      await personal.hide(movie);
      await personal.feedback(movie.id, 'hide', queryFor(movie.id));
      setMessages(
        () => true,
        produce((m) => (m.results = m.results.filter((r) => r.movie.id !== movie.id))),
      );
    },
    async moreLike(movie: Movie) {
      await personal.feedback(movie.id, 'more-like', queryFor(movie.id));
      return runTurn('', { kind: 'more-like', movieId: movie.id, title: movie.title });
    },
    async lessLike(movie: Movie) {
      await personal.feedback(movie.id, 'less-like', queryFor(movie.id));
      return runTurn('', { kind: 'less-like', movieId: movie.id, title: movie.title });
    },
    newConversation() {
      chat.reset();
      batch(() => {
        setMessages([]);
        setChips([]);
        setPreviousChips([]);
      });
    },
    async clearAllData() {
      await personal.clearAll();
      chat.reset();
      batch(() => {
        setMessages([]);
        setChips([]);
        setPreviousChips([]);
      });
    },
    movies: (ids: number[]) => engine.movies(ids),
    embedderInfo: () => engine.embedderInfo(),
    /** Sync of the lists through the Qdrant server (Settings). */
    syncStatus: (): SyncUiStatus => qdrant()?.syncStatus() ?? { kind: 'off' },
  };
}
