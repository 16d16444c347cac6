import { fileURLToPath } from 'node:url';
/**
 * Whole-pipeline eval without an LLM vs retrieval only, in the same run
 * (npm run pipeline-eval -- [--index public/index] [--queries FILE ...] [--limit N] [--out OUT.json]).
 *
 * "retrieval" is the retrieval module's own eval system (plan → retrieve, as in npm run eval);
 * "pipeline" sends each query through createChatPipeline().handle() from a fresh conversation:
 * intent routing, follow-up detection, movie questions and templates included. A query the router
 * sends elsewhere (help, smalltalk, out of scope) returns no movies and scores 0 — that is the cost
 * of routing, measured. Conversation lines are left out (the pipeline takes one message at a time).
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadIndexFromDir } from '../build-index/load-index.ts';
import { createVectorIndex } from '../src/search/factory.ts';
import { unitRow } from '../src/search/int8-data.ts';
import { createRetriever } from '../src/core/retrieve.ts';
import { createNodeEmbedder } from '../src/embed/node.ts';
import { createIntentRouter, type IntentExample } from '../src/core/intent/index.ts';
import { createFaqIndex, decodeCollection } from '../src/core/faq/index.ts';
import { createChatPipeline, initialState } from '../src/core/pipeline.ts';
import { parseQueriesJsonl } from '../src/eval/queries.ts';
import { evaluate, formatReport, type EvalContext } from '../src/eval/run.ts';
import { byId, cachedEmbedder, cineChatSystem, type EvalSystem } from '../src/eval/systems.ts';

const args = process.argv.slice(2);
const all = (name: string) => args.flatMap((a, i) => (a === `--${name}` ? [args[i + 1]] : []));
const one = (name: string, def: string | null) => all(name)[0] ?? def;
const dir = path.resolve(one('index', 'public/index')!);
const files = all('queries').length
  ? all('queries')
  : [path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/eval/dev-mixed.jsonl')];
const limit = Number(one('limit', '1000000'));

const { movies, vectors, manifest } = await loadIndexFromDir(dir);
const index = await createVectorIndex('int8-wasm', vectors);
const retriever = createRetriever({
  movies,
  index,
  vectorsFor: (r) => (r < vectors.rows ? unitRow(vectors, r) : null),
});
const embedder = await createNodeEmbedder(manifest.embedder.id);
const read = <T>(kind: 'faq' | 'intents') => {
  const f = manifest.files[kind];
  return f ? decodeCollection<T>(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), kind) : null;
};
const router = await createIntentRouter(embedder, { prebuilt: read<IntentExample>('intents') });
const faq = await createFaqIndex(embedder, read<{ id: string }>('faq'));
console.error(`index ${dir}: ${movies.length} movies (${manifest.embedder.id})`);

/** The pipeline with k results; known-item queries need the top 100. */
const pipelines = new Map<number, ReturnType<typeof createChatPipeline>>();
const pipelineFor = (k: number) => {
  if (!pipelines.has(k))
    pipelines.set(k, createChatPipeline({ embedder, router, faq, movies, retriever, options: { k } }));
  return pipelines.get(k)!;
};
const routed: Record<string, number> = {};
const pipelineSystem: EvalSystem = {
  name: 'pipeline',
  async search(q, k, exclude) {
    const turn = await pipelineFor(k).handle(q.query, initialState(), { hidden: exclude });
    routed[turn.intent] = (routed[turn.intent] ?? 0) + 1;
    return turn.results.map((r) => r.id);
  },
};
const retrievalSystem = cineChatSystem(retriever, cachedEmbedder(embedder));

const out: Record<string, unknown>[] = [];
for (const file of files) {
  const queries = parseQueriesJsonl(fs.readFileSync(file, 'utf8'), file)
    .filter((q) => q.kind !== 'conversation')
    .slice(0, limit);
  const ctx: EvalContext = {
    movies: byId(movies),
    collectionMembers: new Map(),
    resolve: (title, year) => retriever.resolveTitle(year ? `${title} ${year}` : title, 1)[0]?.id ?? null,
    intent: async (text) => (await router.route(text)).label,
  };
  for (const m of movies) {
    if (m.collection)
      ctx.collectionMembers.set(m.collection.id, [
        ...(ctx.collectionMembers.get(m.collection.id) ?? []),
        m.id,
      ]);
  }
  for (const key of Object.keys(routed)) delete routed[key];
  const pipe = await evaluate(pipelineSystem, queries, ctx);
  const routedHere = { ...routed };
  const retr = await evaluate(retrievalSystem, queries, { ...ctx, intent: undefined });
  console.log(
    formatReport(file, pipe, retr)
      .replace(/\bcinechat\b/g, 'pipeline')
      .replace(/\bbaseline\b/g, 'retrieval'),
  );
  console.log(`  pipeline routing of the searched queries: ${JSON.stringify(routedHere)}\n`);
  out.push({ queries: file, pipeline: pipe, retrieval: retr, routed: routedHere });
}
const outFile = one('out', null);
if (outFile) fs.writeFileSync(outFile, JSON.stringify(out.length === 1 ? out[0] : { runs: out }, null, 2));
