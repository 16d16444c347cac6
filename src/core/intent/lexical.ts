/**
 * Cheap lexical cues that complement embedding similarity. Sentence embedders judge topic well but
 * miss a few decisive surface signals: an instruction-override attempt, a "who directed X?" question
 * shape, or a word that only makes sense about this app ("offline", "export"). Each cue is a small
 * additive bonus, so a cue tips a close call but does not override a clear embedding decision —
 * except prompt injection, which is a hard rule (see `isInjectionAttempt`).
 */
import type { Intent } from './examples.ts';

/** Attempts to change the assistant's instructions. Matched on the user's message only. */
const INJECTION = [
  /\b(ignore|disregard|forget|override)\b[^.?!]{0,40}\b(instructions?|prompts?|rules|guidelines|directions)\b/i,
  /\b(system|hidden|initial)\s+prompt\b/i,
  /\byou are now\b/i,
  /\b(jailbreak|developer mode|DAN mode)\b/i,
  // "Act as …" only when addressed to the assistant: an imperative opening a sentence ("Act as a Linux
  // terminal"), "you (must) act as", "I want you to act as", or a role that is about the AI itself
  // ("act as an unfiltered assistant"). A plot ("a man must act as a nanny") is none of these.
  /(?:^|[.!?:;\n]\s*)(?:(?:please|now|ok(?:ay)?|from now on|hey)[\s,]+)*act as\b/i,
  /\b(?:you|u)\s+(?:(?:will|must|should|shall|can|could|have to|need to|are going to|are to|now)\s+)*act as\b/i,
  /\b(?:want|need|ask|order|command|instruct)\s+(?:you|u)\s+to\s+act as\b/i,
  /\bact as (?:(?:my|an?|the|your)\s+)?(?:(?:unfiltered|uncensored|unrestricted|jailbroken|evil|rogue|different|new|other)\s+)*(?:ai|assistant|chat ?bot|bot|system|language model|llm|gpt|dan|admin(?:istrator)?|developer|root)\b/i,
  /\bpretend (to be|you are)\b/i,
];

export function isInjectionAttempt(text: string): boolean {
  return INJECTION.some((re) => re.test(text));
}

const MOVIE_WORDS =
  /\b(movies?|films?|cinema|flicks?|watch(ing)?|directors?|directed|starring|stars?|actors?|actress(es)?|cast|plot|runtime|sequels?|prequels?|trilogy|oscars?|documentar(y|ies)|comed(y|ies)|thrillers?|horror|westerns?|dramas?|romcoms?|animated|anime|sci-?fi|musicals?|blockbusters?)\b/i;

const FACT_QUESTION =
  /^\s*(who (directed|made|stars?|starred|plays?|played|acted|is in|was in)|how long is|how many minutes|what('s| is) the (runtime|rating|plot|genre|director|cast|length)|what (year|genre|language)|when (was|did|is)|what('s| is) .{1,60}\babout\b|is .{1,60} (any good|worth (it|watching)|a (horror|comedy|drama|sequel)))/i;

const APP_WORDS =
  /\b(cinechat|this app|the app|offline|internet|wi-?fi|data (is )?stored|my data|export|download(ed|ing)?|storage|cache|privacy|private|tracking|install|settings|webgpu|gpu|language model|ai model|the model|llm|thumbs?|stars? (rating|to rate)|rate (an|a|this|the) (answer|reply|response|recommendation)|feedback|qdrant|how do i|how can i)\b/i;

/** Accounts, payments and other services CineChat does not have: out of scope, not help. */
const FOREIGN_SERVICE =
  /\b(password|log ?in|sign ?in|account|subscription|credit card|billing|refund|package|order)\b/i;

const GREETING =
  /^\s*(hi|hello|hey|yo|hiya|howdy|good (morning|evening|afternoon|night)|thanks?( you)?|thx|cheers|bye|goodbye|see you|ok(ay)?|cool|nice|great|perfect|lol)\b[\s!.,?]*$/i;

export type LexicalBonus = Partial<Record<Intent, number>>;

/** Additive score bonuses for a message. Values are in cosine-similarity units. */
export function lexicalBonus(text: string): LexicalBonus {
  const bonus: LexicalBonus = {};
  const add = (intent: Intent, v: number) => (bonus[intent] = (bonus[intent] ?? 0) + v);
  if (MOVIE_WORDS.test(text)) {
    add('recommend', 0.06);
    add('movie_question', 0.04);
  }
  if (FACT_QUESTION.test(text)) add('movie_question', 0.12);
  if (APP_WORDS.test(text)) add('help', 0.08);
  if (FOREIGN_SERVICE.test(text) && !/\b(cinechat|this app|the app)\b/i.test(text)) {
    add('out_of_scope', 0.08);
    add('help', -0.08);
  }
  if (GREETING.test(text)) add('smalltalk', 0.15);
  return bonus;
}
