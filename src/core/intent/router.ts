/**
 * Intent routing: k-nearest example queries per intent, plus lexical cues and conversation state.
 *
 * The original system compared a message with one "movie recommendation" key query and a 0.5
 * threshold. Here each intent has many examples; an intent's score is the mean of its `K` best
 * cosine similarities (one lucky example does not win alone), lexical cues add small bonuses, and a
 * message whose best score stays under `MIN_SCORE` is out of scope (nothing is close to what the
 * app does). Injection attempts are out of scope by rule, whatever their similarity.
 */
import { dot } from '../rank/vec.ts';
import type { Embedder } from '../types.ts';
import type { EmbeddedCollection } from '../faq/collection-format.ts';
import { INTENTS, INTENT_EXAMPLES, type Intent, type IntentExample } from './examples.ts';
import { isInjectionAttempt, lexicalBonus } from './lexical.ts';

/** Labels of the shared eval set (/work/shared/eval README). */
export type EvalIntentLabel = 'movies' | 'help' | 'other';

export function toEvalLabel(intent: Intent): EvalIntentLabel {
  if (intent === 'recommend' || intent === 'movie_question') return 'movies';
  if (intent === 'help') return 'help';
  return 'other';
}

/** What the router knows about the conversation so far. */
export interface RoutingContext {
  /** Movies are on screen: short follow-ups ("how long is it?", "shorter ones") are about them. */
  hasResults?: boolean;
  lastIntent?: Intent | null;
}

export interface IntentDecision {
  intent: Intent;
  label: EvalIntentLabel;
  /** Final per-intent scores (similarity + bonuses). */
  scores: Record<Intent, number>;
  /** Best minus second-best final score. */
  margin: number;
  /** Why: 'injection' | 'similarity' | 'low-similarity'. */
  reason: 'injection' | 'similarity' | 'low-similarity';
  /** The nearest example overall, for debugging and the UI's "why". */
  nearest: { text: string; intent: Intent; similarity: number } | null;
}

export interface IntentRouter {
  route(text: string, context?: RoutingContext): Promise<IntentDecision>;
  /** Same, for a vector the caller already computed (the pipeline embeds each message once). */
  routeVector(text: string, vector: Float32Array, context?: RoutingContext): IntentDecision;
}

/** Neighbours averaged per intent. */
const K = 3;
/** Below this best score nothing the app does is close: decline. Tuned on held-out examples. */
const MIN_SCORE = 0.3;
/** Bonus for movie intents when results are on screen. */
const CONTEXT_BONUS = 0.05;

/** Word count from which an unmatched message is taken as a description to search for. */
const DESCRIPTIVE_WORDS = 6;

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** A greeting word must end at a word boundary: "hidden gems" does not start with "hi". */
const GREETING_PREFIX =
  /^\s*((hi|hello|hey|hiya|good (morning|evening|afternoon))\b( there)?[\s!,.]*)?((how are you|how's it going|how are you doing)( today)?[\s?!,.]*)?/i;

/** The message without a leading greeting, when enough is left to be a request of its own. */
export function stripGreeting(text: string): string {
  const m = GREETING_PREFIX.exec(text);
  const rest = m ? text.slice(m[0].length) : text;
  return m && m[0].trim() && wordCount(rest) >= 3 ? rest : text;
}

export interface IntentRouterOptions {
  /** Examples to use (default: INTENT_EXAMPLES). */
  examples?: readonly IntentExample[];
  /** Prebuilt vectors (intents.<hash>.json); used only when built by the same embedder. */
  prebuilt?: EmbeddedCollection<IntentExample> | null;
}

/**
 * Node- and worker-friendly constructor: embeds the examples unless a matching prebuilt
 * collection is given.
 *
 * @example
 * const router = await createIntentRouter(await createNodeEmbedder('use-lite'));
 * (await router.route('who directed Jaws?')).label; // 'movies'
 */
export async function createIntentRouter(
  embedder: Embedder,
  options: IntentRouterOptions = {},
): Promise<IntentRouter> {
  let examples: readonly IntentExample[];
  let vectors: Float32Array[];
  const pre = options.prebuilt;
  const wanted = options.examples ?? INTENT_EXAMPLES;
  // A prebuilt file from an older build (other examples) or another embedder is ignored, not trusted.
  const current =
    pre &&
    pre.embedderId === embedder.id &&
    pre.vectors[0]?.length === embedder.dims &&
    pre.items.length === wanted.length &&
    pre.items.every((e, i) => e.text === wanted[i].text && e.intent === wanted[i].intent);
  if (pre && current) {
    examples = pre.items;
    vectors = pre.vectors;
  } else {
    examples = wanted;
    vectors = await embedder.embed(examples.map((e) => e.text));
  }
  const byIntent = new Map<Intent, Float32Array[]>(INTENTS.map((i) => [i, []]));
  examples.forEach((e, i) => byIntent.get(e.intent)!.push(vectors[i]));

  function routeVector(text: string, vector: Float32Array, context: RoutingContext = {}): IntentDecision {
    const scores = {} as Record<Intent, number>;
    let nearest: IntentDecision['nearest'] = null;
    const bonus = lexicalBonus(text);
    for (const intent of INTENTS) {
      const sims = byIntent.get(intent)!.map((v) => dot(v, vector));
      sims.sort((a, b) => b - a);
      const top = sims.slice(0, K);
      scores[intent] = top.length ? top.reduce((s, x) => s + x, 0) / top.length : -1;
      scores[intent] += bonus[intent] ?? 0;
      if (context.hasResults && (intent === 'recommend' || intent === 'movie_question')) {
        scores[intent] += CONTEXT_BONUS;
      }
    }
    examples.forEach((e, i) => {
      const s = dot(vectors[i], vector);
      if (!nearest || s > nearest.similarity) nearest = { text: e.text, intent: e.intent, similarity: s };
    });
    const ranked = [...INTENTS].sort((a, b) => scores[b] - scores[a]);
    const margin = scores[ranked[0]] - scores[ranked[1]];
    const decide = (intent: Intent, reason: IntentDecision['reason']): IntentDecision => ({
      intent,
      label: toEvalLabel(intent),
      scores,
      margin,
      reason,
      nearest,
    });
    if (isInjectionAttempt(text)) return decide('out_of_scope', 'injection');
    if (scores[ranked[0]] < MIN_SCORE) {
      // Nothing is close. A descriptive message is most likely a plot description (the typical
      // known-item search, whose words match no request); a short one is something else.
      return decide(wordCount(text) >= DESCRIPTIVE_WORDS ? 'recommend' : 'out_of_scope', 'low-similarity');
    }
    return decide(ranked[0], 'similarity');
  }

  return {
    routeVector,
    async route(text, context) {
      // "Hi! I like anything with action" is a request with a greeting in front: route the request.
      const core = stripGreeting(text);
      const [v] = await embedder.embed([core]);
      return routeVector(core, v, context);
    },
  };
}
