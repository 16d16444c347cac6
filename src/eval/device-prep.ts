import path from 'node:path';
import { fileURLToPath } from 'node:url';
/**
 * Prepares an embedding job for a many-core machine (see device-embed.ts): the index documents, the
 * baseline's overviews and every eval query text, written to .cache/device/texts.json, plus a local
 * .cache/retrieval/device-meta.json that says which row is which. Run: npx tsx src/eval/device-prep.ts
 */
import fs from 'node:fs';
import { orderMovies } from '../../build-index/build.ts';
import { embeddingText, hasDescriptiveText } from '../core/document-text.ts';
import { createPlannerContext, planQuery, validatePlan } from '../core/plan/rule-planner.ts';
import type { Movie } from '../core/types.ts';
import { parseQueriesJsonl } from './queries.ts';
import { userText } from './systems.ts';

const movies = JSON.parse(fs.readFileSync('.cache/retrieval/movies-all.json', 'utf8')) as Movie[];
const ordered = orderMovies(movies);
const docs = ordered.filter(hasDescriptiveText);
const overviews = movies.filter((m) => m.overview.trim() !== '');
const ctx = createPlannerContext(ordered);
const queryTexts = new Set<string>();
for (const f of ['dev-mixed', 'dev-tomt', 'dev-trec-tot', 'dev-redial']) {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), `../../../shared/eval/${f}.jsonl`);
  for (const q of parseQueriesJsonl(fs.readFileSync(file, 'utf8'), file)) {
    queryTexts.add(userText(q));
    const text = q.turns
      ? q.turns
          .filter((t) => t.role === 'user')
          .slice(-3)
          .map((t) => t.text)
          .join('. ')
      : q.query;
    const plan = validatePlan(planQuery(text, ctx), ctx);
    if (plan.searchText) queryTexts.add(plan.searchText);
  }
}
const queries = [...queryTexts].filter((t) => t.trim() !== '');
fs.mkdirSync('.cache/device', { recursive: true });
fs.writeFileSync('.cache/device/queries.json', JSON.stringify(queries));
// The full texts (also rebuilt on the device from data/movies, which travels with the repo) for checking.
fs.writeFileSync(
  '.cache/retrieval/texts.json',
  JSON.stringify({
    groups: [
      { name: 'docs', format: 'f16', texts: docs.map(embeddingText) },
      { name: 'overviews', format: 'f16', texts: overviews.map((m) => m.overview) },
      { name: 'queries', format: 'f32', texts: queries },
    ],
  }),
);
fs.writeFileSync(
  '.cache/retrieval/device-meta.json',
  JSON.stringify({ docIds: docs.map((m) => m.id), overviewIds: overviews.map((m) => m.id), queries }),
);
console.log(`docs ${docs.length}, overviews ${overviews.length}, queries ${queries.length}`);
