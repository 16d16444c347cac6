/**
 * The LLM's answer to a result list: streamed, then checked against the results (grounding.ts).
 * Returns null text when generation fails or nothing grounded is left, so the template answer stays.
 */
import type { RankedMovie } from '../types.ts';
import { describeWhy } from './answer.ts';
import { checkGrounding } from './grounding.ts';
import { buildAnswerMessages } from '../prompts/answer-prompt.ts';
import { withTimeout } from './llm-port.ts';
import { neutralizeControlTokens } from '../input-guard.ts';
import type { HandleOptions, TurnKit } from './turn-kit.ts';

const ANSWER_TIMEOUT_MS = 30_000;

export interface LlmAnswer {
  text: string | null;
  status: 'used' | 'grounding-fallback' | 'error';
  hallucinated: string[];
}

export async function llmAnswer(
  kit: TurnKit,
  request: string,
  results: readonly RankedMovie[],
  opts: HandleOptions,
): Promise<LlmAnswer> {
  const llm = kit.deps.llm!;
  const picks = kit.answered(results.slice(0, 5));
  const messages = buildAnswerMessages(
    request,
    picks.map((p) => ({
      id: p.movie.id,
      title: p.movie.title,
      year: p.movie.year,
      genres: p.movie.genres,
      overview: neutralizeControlTokens(p.movie.overview),
      why: p.why.map(describeWhy),
    })),
  );
  let text = '';
  try {
    const timeoutMs = kit.deps.options?.answerTimeoutMs ?? ANSWER_TIMEOUT_MS;
    await withTimeout(
      (async () => {
        for await (const chunk of llm.chatStream(messages, { timeoutMs, temperature: 0.3 })) {
          text += chunk;
          opts.onAnswerChunk?.(chunk);
        }
      })(),
      timeoutMs,
      () => llm.cancel(),
    );
  } catch {
    return { text: null, status: 'error', hallucinated: [] };
  }
  const g = checkGrounding(
    text,
    picks.map((p) => p.movie),
  );
  if (!g.text || (g.hallucinated.length && !g.mentionedIds.length)) {
    return { text: null, status: 'grounding-fallback', hallucinated: g.hallucinated };
  }
  return { text: g.text, status: 'used', hallucinated: g.hallucinated };
}
