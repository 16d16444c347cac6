/**
 * Where the document-embedding time goes (issue 14): tokenizer, graph (per kernel class), batch
 * size, workers; and the floor the tfjs-wasm backend sets. Reports the load average with every
 * figure (the build machine is shared).
 *
 *   npx tsx build-index/profile-embed.ts [--texts shipped|long] [--limit 2000] [--n 256]
 *                                        [--workers 1,2] [--batches 1,8,32,64] [--no-pool]
 *                                        [--runtime tfjs,ort]
 *
 * --texts shipped: the descriptive texts of the first --limit movies, in build order.
 * --texts long:    only texts of ≥ 128 tokens, the Kaggle-length stand-in: the model reads 128 tokens
 *                  (its graph clips there), and Kaggle's documents (every movie with overview,
 *                  keywords and credits) almost all reach that, so each costs the maximum.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import * as tfconv from '@tensorflow/tfjs-converter';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder/dist/tokenizer/index.js';
import { embeddingText, hasDescriptiveText } from '../src/core/document-text.ts';
import { readDataset } from '../src/data/read-dataset.ts';
import { initTfjsWasmNode, readUseLiteFiles } from '../src/embed/node.ts';
import { USE_LITE_MAX_TOKENS } from '../src/embed/use-lite.ts';
import { DEFAULT_DATA_DIR, orderMovies } from './build.ts';
import { startEmbedPool } from './embed-pool.ts';
import type { DocRuntime } from './embedding-cache.ts';

const { values } = parseArgs({
  options: {
    texts: { type: 'string', default: 'shipped' },
    limit: { type: 'string', default: '2000' },
    n: { type: 'string', default: '256' },
    workers: { type: 'string', default: '1,2' },
    batches: { type: 'string', default: '1,8,32,64' },
    'no-pool': { type: 'boolean' },
    runtime: { type: 'string', default: 'tfjs,ort' },
  },
});
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const N = Number(values.n);
const L = USE_LITE_MAX_TOKENS;

const { movies } = await readDataset(DEFAULT_DATA_DIR, { limit: Number(values.limit) });
const files = readUseLiteFiles();
const tokenizer = new Tokenizer(files.vocab);
const all = [...new Set(orderMovies(movies).filter(hasDescriptiveText).map(embeddingText))];
let t0 = performance.now();
const allTokens = all.map((t) => tokenizer.encode(t));
const tokenizeMs = (performance.now() - t0) / all.length;
const pool = values.texts === 'long' ? all.filter((_, i) => allTokens[i].length >= L) : all;
const texts = pool.slice(0, N);
const enc = texts.map((t) => tokenizer.encode(t).slice(0, L));
const lens = enc.map((e) => e.length).sort((a, b) => a - b);
const pct = (p: number) => lens[Math.min(lens.length - 1, Math.floor(p * lens.length))];
console.log(`load average ${load()} (1/5/15 min), ${os.cpus().length} cores`);
console.log(
  `texts: ${values.texts}, ${texts.length} of ${pool.length} (${all.length} descriptive in the first ${values.limit} movies); ` +
    `chars mean ${Math.round(texts.reduce((n, t) => n + t.length, 0) / texts.length)}; ` +
    `tokens read (clipped at ${L}) p10/p50/p90 ${pct(0.1)}/${pct(0.5)}/${pct(0.9)}, ` +
    `${lens.filter((n) => n === L).length} at the clip`,
);
console.log(`tokenizer: ${tokenizeMs.toFixed(2)} ms/text (whole text, ${all.length} texts, one thread)`);

await initTfjsWasmNode();
const model = await tfconv.loadGraphModel(
  tf.io.fromMemory({
    modelTopology: files.modelJson.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: files.modelJson.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[],
    weightData: files.weights,
  }),
);
/** One model call on rows `ids` (padded to L with a filler row, as the build does). */
async function call(ids: number[][]): Promise<void> {
  const rows = ids.some((r) => r.length === L) ? ids : [...ids, new Array<number>(L).fill(10)];
  const indices: number[] = [];
  const vals: number[] = [];
  rows.forEach((r, i) => r.forEach((id, j) => (indices.push(i, j), vals.push(id))));
  const it = tf.tensor2d(indices, [vals.length, 2], 'int32');
  const vt = tf.tensor1d(vals, 'int32');
  const out = (await model.executeAsync({ indices: it, values: vt })) as tf.Tensor;
  await out.data();
  tf.dispose([it, vt, out]);
}
await call(enc.slice(0, 4));

console.log(`\ngraph, one thread (tfjs ${tf.version_core}, wasm backend, SIMD on, threads off in Node):`);
for (const b of values.batches.split(',').map(Number)) {
  const count = Math.min(texts.length, Math.max(b, b === 1 ? 32 : 128));
  t0 = performance.now();
  for (let s = 0; s < count; s += b) await call(enc.slice(s, Math.min(count, s + b)));
  const ms = (performance.now() - t0) / count;
  console.log(
    `  batch ${String(b).padStart(3)}: ${ms.toFixed(1)} ms/text (${(1000 / ms).toFixed(1)} texts/s)  load ${load()}`,
  );
}

// Kernel classes of one batch of 32 (tfjs) (tf.profile: wall time per kernel).
const batch = enc.slice(0, 32);
const prof = await tf.profile(() => call(batch));
const classes: Record<string, number> = {};
let total = 0;
for (const k of prof.kernels) {
  const ms = Number(await k.kernelTimeMs);
  total += ms;
  const shapes = k.inputShapes as number[][];
  const cls =
    k.name === 'BatchMatMul'
      ? shapes[0].length === 4
        ? 'attention matmuls (BatchMatMul, batched: tfjs-wasm generic kernel)'
        : 'FFN + input dense matmuls (BatchMatMul → XNNPACK)'
      : k.name === 'Conv2D'
        ? 'q/k/v + output projections (1x1 Conv2D → XNNPACK)'
        : ['SplitV', 'Transpose', 'GatherV2', 'GatherNd', 'ScatterNd', 'Concat', 'Reshape', 'Pack'].includes(
              k.name,
            )
          ? 'data movement (split, transpose, gather, scatter)'
          : 'elementwise + reductions (layer norm, softmax, timing signal, …)';
  classes[cls] = (classes[cls] ?? 0) + ms;
}
console.log(`\nkernels of one batch of 32 (${prof.kernels.length} kernels, ${total.toFixed(0)} ms):`);
for (const [cls, ms] of Object.entries(classes).sort((a, b) => b[1] - a[1]))
  console.log(`  ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${ms.toFixed(0).padStart(5)} ms  ${cls}`);

// Floor: multiply-accumulates per text at 128 tokens (weights from the graph's shapes).
const macsPerToken =
  256 * 768 + 256 * 512 + 256 * 512 + 2 * 512 * 1536 + 512 * 1536 + 512 * 512 + 2 * 512 * 1536;
const attnMacs = 4 * L * L * 64 * 2 + 4 * L * L * 128 * 2;
const gmacs = (macsPerToken * L + attnMacs) / 1e9;
console.log(
  `\nwork per 128-token text: ${gmacs.toFixed(2)} GMAC (${((100 * attnMacs) / 1e9 / gmacs).toFixed(0)} % attention); ` +
    `at the XNNPACK rate measured above for the FFN matmuls this is the tfjs-wasm floor per core.`,
);
const ffnMs = Object.entries(classes).find(([c]) => c.startsWith('FFN'))?.[1] ?? 0;
const ffnMacs = (32 * L * (256 * 512 + 4 * 512 * 1536)) / 1e9; // upper bound: all rows at 128 tokens
if (ffnMs > 0) {
  const rate = ffnMacs / (ffnMs / 1000);
  console.log(
    `  FFN matmuls ≤ ${rate.toFixed(1)} GMAC/s → floor ≥ ${((1000 * gmacs) / rate).toFixed(1)} ms/text/core, ` +
      `≤ ${((2 * rate) / gmacs).toFixed(0)} texts/s on 2 idle cores`,
  );
}

if (!values['no-pool']) {
  console.log('\nthe build path (startEmbedPool: worker_threads, batches of 64, padded documents):');
  for (const runtime of values.runtime.split(',') as DocRuntime[]) {
    for (const w of values.workers.split(',').map(Number)) {
      const p = await startEmbedPool('use-lite', w, 64, runtime);
      t0 = performance.now();
      await p.embed(texts, () => {});
      const s = (performance.now() - t0) / 1000;
      await p.close();
      console.log(
        `  ${runtime.padEnd(4)} ${w} worker(s): ${(texts.length / s).toFixed(1)} texts/s (${s.toFixed(1)} s)  load ${load()}`,
      );
    }
  }
}
