/** Intent routing: public verbs and types. */
export { createIntentRouter, toEvalLabel } from './router.ts';
export type {
  IntentRouter,
  IntentDecision,
  IntentRouterOptions,
  RoutingContext,
  EvalIntentLabel,
} from './router.ts';
export { INTENTS, INTENT_EXAMPLES } from './examples.ts';
export type { Intent, IntentExample } from './examples.ts';
export { isInjectionAttempt } from './lexical.ts';
