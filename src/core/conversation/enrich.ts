/**
 * Plan enrichment: ask the LLM for a JSON plan, validate it, merge it with the rule plan.
 * Any failure (no model, timeout, invalid JSON, engine error) falls back to the rule plan, and the
 * reason is reported so the UI and eval can count fallbacks.
 */
import type { Constraints, QueryPlan } from '../types.ts';
import { buildPlanMessages, LLM_PLAN_SCHEMA, parseLlmPlan } from '../prompts/plan-prompt.ts';
import { LlmTimeoutError, withTimeout, type LlmEngine } from './llm-port.ts';

export type EnrichFallback = 'no-llm' | 'timeout' | 'invalid-json' | 'error';

export interface EnrichResult {
  plan: QueryPlan;
  /** Set when the rule plan was used although an LLM was asked (or none was available). */
  fallback?: EnrichFallback;
  /** The model's raw output, kept for feedback export and debugging. */
  raw?: string;
}

export interface EnrichOptions {
  llm: LlmEngine | null | undefined;
  /** The rule planner's validation (never throws; cleans any input into a QueryPlan). */
  validate: (input: unknown) => QueryPlan;
  context?: { constraints: Constraints; searchText: string } | null;
  timeoutMs?: number;
}

/** Default budget for one enrichment call: beyond this the rules answer is better than waiting. */
export const ENRICH_TIMEOUT_MS = 8000;

const CONSTRAINT_KEYS: (keyof Constraints)[] = [
  'genres',
  'excludeGenres',
  'years',
  'runtime',
  'languages',
  'countries',
  'people',
  'minRating',
  'maxRating',
  'minVotes',
  'maxVotes',
];

/**
 * Merge: the rules win on every constraint they parsed explicitly (they are exact about "from the
 * 90s" or "under 2 hours"; a small model is not); the LLM fills the fields the rules left empty and
 * usually writes the better search text. Named movies are the union of both.
 */
export function mergePlans(rules: QueryPlan, llm: QueryPlan): QueryPlan {
  const constraints: Constraints = {};
  for (const key of CONSTRAINT_KEYS) {
    const v = rules.constraints[key] ?? llm.constraints[key];
    // Each key keeps its own value type; the record write is type-safe per key at runtime.
    if (v !== undefined) (constraints as Record<string, unknown>)[key] = v;
  }
  if (constraints.genres && constraints.excludeGenres) {
    // Rules win here too: the model may not exclude a genre the person asked for (an obeying model
    // returned excludeGenres ["Horror"] for "recommend horror movies…" and the Horror filter vanished).
    const asked = rules.constraints.genres ?? [];
    constraints.excludeGenres = constraints.excludeGenres.filter((g) => !asked.includes(g));
    if (!constraints.excludeGenres.length) delete constraints.excludeGenres;
    constraints.genres = constraints.genres.filter((g) => !constraints.excludeGenres?.includes(g));
    if (!constraints.genres.length) delete constraints.genres;
  }
  const union = <T>(a: T[], b: T[]) => [...new Set([...a, ...b])];
  return {
    searchText: llm.searchText.trim() ? llm.searchText : rules.searchText,
    constraints,
    likeTitles: union(rules.likeTitles, llm.likeTitles),
    unlikeTitles: union(rules.unlikeTitles, llm.unlikeTitles),
    likeIds: union(rules.likeIds, llm.likeIds),
    unlikeIds: union(rules.unlikeIds, llm.unlikeIds),
    quality: rules.quality ?? llm.quality,
    source: 'llm',
    hints: rules.hints,
  };
}

export async function enrichPlan(
  message: string,
  rulePlan: QueryPlan,
  opts: EnrichOptions,
): Promise<EnrichResult> {
  const { llm } = opts;
  if (!llm || !llm.modelId) return { plan: rulePlan, fallback: 'no-llm' };
  let raw: string;
  try {
    const timeoutMs = opts.timeoutMs ?? ENRICH_TIMEOUT_MS;
    raw = await withTimeout(
      llm.chatJson(buildPlanMessages(message, opts.context), LLM_PLAN_SCHEMA, { timeoutMs, temperature: 0 }),
      timeoutMs,
      () => llm.cancel(),
    );
  } catch (e) {
    return { plan: rulePlan, fallback: e instanceof LlmTimeoutError ? 'timeout' : 'error' };
  }
  const parsed = parseLlmPlan(raw);
  if (!parsed) return { plan: rulePlan, fallback: 'invalid-json', raw };
  // Validate the model's plan on its own (drops unknown genres, people, ids…), merge, and validate
  // the merge again: no plan reaches ranking without passing the rule planner's validation.
  const llmPlan = opts.validate({ ...parsed, source: 'llm' });
  const merged = opts.validate(mergePlans(rulePlan, llmPlan));
  return { plan: { ...merged, source: 'llm', hints: rulePlan.hints }, raw };
}
