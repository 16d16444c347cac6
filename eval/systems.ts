/**
 * The two systems the eval compares: CineChat — the engine host, exactly as the app's worker runs it —
 * and the original system's method (raw text vs overview embeddings; one key query per intent).
 */
import type { Embedder } from '../src/core/types.ts';
import { dot } from '../src/core/rank/vec.ts';
import { selectTopK } from '../src/core/rank/topk.ts';
import { toEvalLabel } from '../src/core/intent/router.ts';
import type { Intent } from '../src/core/intent/examples.ts';
import type { ConversationState } from '../src/core/conversation/state.ts';
import type { EngineHost } from '../src/engine/host.ts';
import type { IntentLabel } from './queries.ts';
import type { BaselineData } from './baseline.ts';

export interface Answer {
  /** Ranked TMDB ids, to the depth asked (the first ones are what the person sees). */
  ids: number[];
  intent: IntentLabel;
  /** Standing-request chip labels after the turn. */
  chips: string[];
}

export interface EvalSystem {
  name: 'cinechat' | 'baseline';
  /** One message in a fresh conversation. */
  ask(text: string, depth: number): Promise<Answer>;
  /** Messages in order into one conversation; an answer per message. */
  converse(messages: readonly string[], depth: number): Promise<Answer[]>;
}

/** CineChat: every message is a turn of the engine host, as the app sends it. */
export function appSystem(host: EngineHost): EvalSystem {
  const turn = async (text: string, state: ConversationState | null, depth: number) => {
    const out = await host.turn({ message: text, hidden: [], depth }, state);
    const answer: Answer = {
      ids: out.ranking ?? out.results.map((r) => r.movie.id),
      intent: toEvalLabel(out.intent as Intent),
      chips: out.chips.map((c) => c.label),
    };
    return { answer, state: out.state };
  };
  return {
    name: 'cinechat',
    ask: async (text, depth) => (await turn(text, null, depth)).answer,
    async converse(messages, depth) {
      let state: ConversationState | null = null;
      const answers: Answer[] = [];
      for (const m of messages) {
        const t = await turn(m, state, depth);
        state = t.state;
        answers.push(t.answer);
      }
      return answers;
    },
  };
}

/** The original system's router: one key query per intent, cosine ≥ 0.5, else "other". */
export const SEED_INTENT_KEYS: Record<Exclude<IntentLabel, 'other'>, string> = {
  movies: 'recommend me a movie to watch',
  help: 'how do I use this app',
};
const SEED_THRESHOLD = 0.5;

export async function seedIntentRouter(embed: (t: string) => Promise<Float32Array>) {
  const keys = await Promise.all(
    Object.entries(SEED_INTENT_KEYS).map(async ([label, text]) => ({
      label: label as IntentLabel,
      v: await embed(text),
    })),
  );
  return async (text: string): Promise<IntentLabel> => {
    const v = await embed(text || ' ');
    let best: { label: IntentLabel; s: number } = { label: 'other', s: SEED_THRESHOLD };
    for (const k of keys) {
      const s = dot(v, k.v);
      if (s >= best.s) best = { label: k.label, s };
    }
    return best.label;
  };
}

/** The original system: the raw text vs each overview's embedding, exact float32, nothing else. */
export async function baselineSystem(base: BaselineData, embedder: Embedder): Promise<EvalSystem> {
  const embed = async (t: string) => (await embedder.embed([t || ' ']))[0];
  const route = await seedIntentRouter(embed);
  const scores = new Float32Array(base.ids.length);
  const ask = async (text: string, depth: number): Promise<Answer> => {
    const v = await embed(text);
    const { vectors, dims } = base;
    for (let r = 0; r < scores.length; r++) {
      let s = 0;
      const o = r * dims;
      for (let j = 0; j < dims; j++) s += vectors[o + j] * v[j];
      scores[r] = s;
    }
    // Best first, ties by row: the project's one top-k (a full sort of 20k scores per query is not needed).
    const top = selectTopK(scores, scores.length, depth);
    return { ids: top.map((h) => base.ids[h.row]), intent: await route(text), chips: [] };
  };
  return {
    name: 'baseline',
    ask,
    async converse(messages, depth) {
      const out: Answer[] = [];
      for (const m of messages) out.push(await ask(m, depth));
      return out;
    },
  };
}
