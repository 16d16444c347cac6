import path from 'node:path';
import { fileURLToPath } from 'node:url';
/**
 * Intent routing accuracy (npm run intent-eval [-- --embedder use-lite] [--sample 200]).
 * Prints, for the router in src/core/intent:
 *  - dev-mixed.jsonl intent lines: accuracy + confusion matrix over movies|help|other;
 *  - the held-out cases of tests/conversation: fine-intent and label accuracy;
 *  - every other dev query (known-item, constraints, tip-of-the-tongue, ReDial turns): share routed
 *    to `movies` (all of them are about movies, so anything else is a routing loss in the pipeline).
 */
import fs from 'node:fs';
import { createNodeEmbedder } from '../src/embed/node.ts';
import { createIntentRouter, type EvalIntentLabel } from '../src/core/intent/index.ts';
import { HELD_OUT_INTENT_CASES } from '../tests/conversation/intent-cases.ts';

const args = process.argv.slice(2);
const arg = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const EVAL =
  process.env.CINECHAT_EVAL_DIR ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/eval');
const sample = Number(arg('sample', '200'));

interface EvalLine {
  id: string;
  kind: string;
  query: string;
  expect: { intent?: EvalIntentLabel };
}
const readLines = (f: string): EvalLine[] =>
  fs
    .readFileSync(`${EVAL}/${f}`, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));

const t0 = performance.now();
const embedder = await createNodeEmbedder(arg('embedder', 'use-lite'));
const router = await createIntentRouter(embedder);
console.log(`router ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (${embedder.id})`);

const LABELS: EvalIntentLabel[] = ['movies', 'help', 'other'];
const mixed = readLines('dev-mixed.jsonl');
const intentLines = mixed.filter((l) => l.kind === 'intent');
const confusion = Object.fromEntries(
  LABELS.map((a) => [a, Object.fromEntries(LABELS.map((b) => [b, 0]))]),
) as Record<EvalIntentLabel, Record<EvalIntentLabel, number>>;
let correct = 0;
for (const l of intentLines) {
  const d = await router.route(l.query);
  confusion[l.expect.intent!][d.label]++;
  if (d.label === l.expect.intent) correct++;
  else console.log(`  miss ${l.id}: "${l.query}" expected ${l.expect.intent}, got ${d.intent} (${d.reason})`);
}
console.log(
  `\ndev-mixed intent: n=${intentLines.length} accuracy=${(correct / intentLines.length).toFixed(3)}`,
);
console.log('confusion (rows = expected, columns = routed):');
console.log(`  ${''.padEnd(8)}${LABELS.map((b) => b.padStart(8)).join('')}`);
for (const a of LABELS)
  console.log(`  ${a.padEnd(8)}${LABELS.map((b) => String(confusion[a][b]).padStart(8)).join('')}`);

let fine = 0;
let label = 0;
for (const [text, intent] of HELD_OUT_INTENT_CASES) {
  const d = await router.route(text);
  if (d.intent === intent) fine++;
  else console.log(`  held-out miss: "${text}" expected ${intent}, got ${d.intent}`);
  if (d.label === (await import('../src/core/intent/index.ts')).toEvalLabel(intent)) label++;
}
const n = HELD_OUT_INTENT_CASES.length;
console.log(
  `\nheld-out cases: n=${n} intent accuracy=${(fine / n).toFixed(3)} label accuracy=${(label / n).toFixed(3)}`,
);

const movieSets: Array<[string, EvalLine[]]> = [
  ['dev-mixed (non-intent)', mixed.filter((l) => l.kind !== 'intent')],
  [`dev-tomt (first ${sample})`, readLines('dev-tomt.jsonl').slice(0, sample)],
  [`dev-trec-tot (first ${sample})`, readLines('dev-trec-tot.jsonl').slice(0, sample)],
  [`dev-redial (first ${sample})`, readLines('dev-redial.jsonl').slice(0, sample)],
];
for (const [name, lines] of movieSets) {
  const routed: Record<string, number> = {};
  for (const l of lines) {
    const d = await router.route(l.query);
    routed[d.intent] = (routed[d.intent] ?? 0) + 1;
  }
  const movies = (routed.recommend ?? 0) + (routed.movie_question ?? 0);
  console.log(
    `${name}: n=${lines.length} routed to movies=${(movies / lines.length).toFixed(3)} ${JSON.stringify(routed)}`,
  );
}
