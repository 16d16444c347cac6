/**
 * Where the document-embedding time goes (issue 14): tokenizer, graph (per kernel class), batch
 * size, workers; and the floor the tfjs-wasm backend sets. Reports the load average with every
 * figure (the build machine is shared).
 *
 *   npx tsx build-index/profile-embed.ts [--texts shipped|long] [--limit 2000] [--n 256]
 *                                        [--workers 1,2] [--batches 1,8,32,64] [--no-pool]
 *                                        [--runtime tfjs,ort] [--sections tfjs,ort,pool]
 *
 * Sections: `tfjs` the tfjs-wasm graph (the old build runtime, and the browser's) by batch size and
 * kernel class; `ort` the onnxruntime-node graph (the build's runtime) by batch size, intra-op threads
 * and op type; `pool` the build path end to end (startEmbedPool: tokenizer + graph + worker_threads)
 * with wall rate and CPU time per text. CPU time per text is what a loaded machine does not change
 * much: `cores × 1000 / CPU ms` is the rate the same code reaches on idle cores. Graph timings are the
 * best of --reps repetitions (other jobs only ever slow a run down).
 *
 * --texts shipped: the descriptive texts of the first --limit movies, in build order.
 * --texts long:    only texts of ≥ 128 tokens, the Kaggle-length stand-in: the model reads 128 tokens
 *                  (its graph clips there), and Kaggle's documents (every movie with overview,
 *                  keywords and credits) almost all reach that, so each costs the maximum.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import * as tfconv from '@tensorflow/tfjs-converter';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder/dist/tokenizer/index.js';
import { embeddingText, hasDescriptiveText } from '../src/core/document-text.ts';
import { readDataset } from '../src/data/read-dataset.ts';
import { initTfjsWasmNode, readUseLiteFiles } from '../src/embed/node.ts';
import { USE_LITE_MAX_TOKENS } from '../src/embed/use-lite.ts';
import { DEFAULT_DATA_DIR, orderMovies, producerOf } from './build.ts';
import { startEmbedPool } from './embed-pool.ts';
import type { DocRuntime } from './embedding-cache.ts';
import { buildUseLiteOnnx, ortAvailable } from './ort-use-lite.ts';

const { values } = parseArgs({
  options: {
    texts: { type: 'string', default: 'shipped' },
    limit: { type: 'string', default: '2000' },
    n: { type: 'string', default: '256' },
    workers: { type: 'string', default: '1,2' },
    batches: { type: 'string', default: '1,8,32,64' },
    'no-pool': { type: 'boolean' },
    runtime: { type: 'string', default: 'tfjs,ort' },
    sections: { type: 'string', default: 'tfjs,ort,pool' },
    reps: { type: 'string', default: '3' },
  },
});
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const N = Number(values.n);
const sections = new Set(values.sections.split(','));
const cores = os.cpus().length;
const REPS = Math.max(1, Number(values.reps));
/** Best ms/text of REPS timed runs of `count` texts through `runBatch` in batches of `b`. */
async function bestMsPerText(count: number, b: number, runBatch: (rows: number[][]) => Promise<unknown>) {
  let best = Infinity;
  for (let r = 0; r < REPS; r++) {
    const start = performance.now();
    for (let s = 0; s < count; s += b) await runBatch(enc.slice(s, Math.min(count, s + b)));
    best = Math.min(best, (performance.now() - start) / count);
  }
  return best;
}
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
let tokenizeSelectedMs = Infinity;
for (let r = 0; r < REPS; r++) {
  t0 = performance.now();
  for (const t of texts) tokenizer.encode(t);
  tokenizeSelectedMs = Math.min(tokenizeSelectedMs, (performance.now() - t0) / texts.length);
}
console.log(
  `tokenizer: ${tokenizeSelectedMs.toFixed(2)} ms/text on these texts (best of ${REPS}), ${tokenizeMs.toFixed(2)} ms/text on all ` +
    `${all.length} (whole text, one thread; the graph clips at ${L} tokens afterwards)  load ${load()}`,
);

// Multiply-accumulates per text at 128 tokens (weights from the graph's shapes): the work any
// runtime must do for a Kaggle-length document.
const macsPerToken =
  256 * 768 + 256 * 512 + 256 * 512 + 2 * 512 * 1536 + 512 * 1536 + 512 * 512 + 2 * 512 * 1536;
const attnMacs = 4 * L * L * 64 * 2 + 4 * L * L * 128 * 2;
const gmacs = (macsPerToken * L + attnMacs) / 1e9;
console.log(
  `work per ${L}-token text: ${gmacs.toFixed(2)} GMAC (${((100 * attnMacs) / 1e9 / gmacs).toFixed(0)} % attention)`,
);
/** Texts/s on `cores` idle cores for `ms` of one core per text. */
const idleRate = (ms: number) => ((cores * 1000) / ms).toFixed(0);

if (sections.has('tfjs')) {
  await initTfjsWasmNode();
  const model = await tfconv.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: files.modelJson.modelTopology as tf.io.ModelArtifacts['modelTopology'],
      weightSpecs: files.modelJson.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[],
      weightData: files.weights,
    }),
  );
  /** One model call on rows `ids` (padded to L with a filler row, as the build does). */
  const call = async (ids: number[][]): Promise<void> => {
    const rows = ids.some((r) => r.length === L) ? ids : [...ids, new Array<number>(L).fill(10)];
    const indices: number[] = [];
    const vals: number[] = [];
    rows.forEach((r, i) => r.forEach((id, j) => (indices.push(i, j), vals.push(id))));
    const it = tf.tensor2d(indices, [vals.length, 2], 'int32');
    const vt = tf.tensor1d(vals, 'int32');
    const out = (await model.executeAsync({ indices: it, values: vt })) as tf.Tensor;
    await out.data();
    tf.dispose([it, vt, out]);
  };
  await call(enc.slice(0, 4));

  console.log(
    `\ntfjs graph, one thread (tfjs ${tf.version_core}, wasm backend, SIMD on, threads off in Node):`,
  );
  for (const b of values.batches.split(',').map(Number)) {
    const count = Math.min(texts.length, Math.max(b, b === 1 ? 32 : 128));
    const ms = await bestMsPerText(count, b, call);
    console.log(
      `  batch ${String(b).padStart(3)}: ${ms.toFixed(1)} ms/text (${(1000 / ms).toFixed(1)} texts/s)  load ${load()}`,
    );
  }

  // Kernel classes of one batch of 32 (tf.profile: wall time per kernel).
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
          : [
                'SplitV',
                'Transpose',
                'GatherV2',
                'GatherNd',
                'ScatterNd',
                'Concat',
                'Reshape',
                'Pack',
              ].includes(k.name)
            ? 'data movement (split, transpose, gather, scatter)'
            : 'elementwise + reductions (layer norm, softmax, timing signal, …)';
    classes[cls] = (classes[cls] ?? 0) + ms;
  }
  console.log(`\ntfjs kernels of one batch of 32 (${prof.kernels.length} kernels, ${total.toFixed(0)} ms):`);
  for (const [cls, ms] of Object.entries(classes).sort((a, b) => b[1] - a[1]))
    console.log(
      `  ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${ms.toFixed(0).padStart(5)} ms  ${cls}`,
    );
  const ffnMs = Object.entries(classes).find(([c]) => c.startsWith('FFN'))?.[1] ?? 0;
  const ffnMacs = (32 * L * (256 * 512 + 4 * 512 * 1536)) / 1e9; // upper bound: all rows at 128 tokens
  if (ffnMs > 0) {
    const rate = ffnMacs / (ffnMs / 1000);
    const floorMs = (1000 * gmacs) / rate;
    console.log(
      `  tfjs floor: FFN matmuls (XNNPACK) ≤ ${rate.toFixed(1)} GMAC/s → every matmul at that rate ≥ ` +
        `${floorMs.toFixed(1)} ms/text/core, ≤ ${idleRate(floorMs)} texts/s on ${cores} idle cores`,
    );
  }
}

if (sections.has('ort') && ortAvailable()) {
  const ort = createRequire(import.meta.url)('onnxruntime-node') as typeof import('onnxruntime-node');
  const onnx = buildUseLiteOnnx(files);
  const feeds = (rows: number[][]) => {
    const r = rows.length === 1 ? [rows[0], rows[0]] : rows; // the embedder's ≥ 2 rows per call
    const ids = new BigInt64Array(r.length * L);
    const mask = new Float32Array(r.length * L);
    r.forEach((row, i) =>
      row.forEach((id, j) => {
        ids[i * L + j] = BigInt(id);
        mask[i * L + j] = 1;
      }),
    );
    return {
      ids: new ort.Tensor('int64', ids, [r.length, L]),
      mask: new ort.Tensor('float32', mask, [r.length, L]),
    };
  };
  console.log(
    `\nort graph (onnxruntime-node ${producerOf('ort').runtime.split(' ')[1]}, tokens given, session.run only; best of ${REPS}):`,
  );
  let bestOneThreadMs = Infinity;
  for (const threads of [1, 2]) {
    const session = await ort.InferenceSession.create(onnx, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
    await session.run(feeds(enc.slice(0, 8)));
    for (const b of values.batches.split(',').map(Number)) {
      const count = Math.min(texts.length, Math.max(2 * b, 128));
      const ms = await bestMsPerText(count, b, (rows) => session.run(feeds(rows)));
      if (threads === 1) bestOneThreadMs = Math.min(bestOneThreadMs, ms);
      console.log(
        `  ${threads} intra-op thread(s), batch ${String(b).padStart(3)}: ${ms.toFixed(1)} ms/text ` +
          `(${(1000 / ms).toFixed(1)} texts/s)  load ${load()}`,
      );
    }
    await session.release();
  }

  // Op types of batches of 32 (onnxruntime's own profiler: kernel time per node).
  const prefix = path.join(os.tmpdir(), `cinechat-ort-profile-${process.pid}`);
  const session = await ort.InferenceSession.create(onnx, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    enableProfiling: true,
    profileFilePrefix: prefix,
  });
  const runs = 3;
  for (let k = 0; k < runs; k++) await session.run(feeds(enc.slice(32 * k, 32 * k + 32)));
  session.endProfiling();
  await session.release();
  const file = fs
    .readdirSync(os.tmpdir())
    .map((f) => path.join(os.tmpdir(), f))
    .find((f) => f.startsWith(prefix));
  if (file) {
    const events = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{
      cat: string;
      name: string;
      dur: number;
      args?: { op_name?: string };
    }>;
    fs.rmSync(file);
    const byOp: Record<string, number> = {};
    let kernelUs = 0;
    for (const e of events) {
      if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
      const op = e.args?.op_name ?? '?';
      byOp[op] = (byOp[op] ?? 0) + e.dur;
      kernelUs += e.dur;
    }
    const runUs = events.filter((e) => e.name === 'model_run').reduce((n, e) => n + e.dur, 0);
    console.log(
      `\nort op types, ${runs} batches of 32, 1 thread (${(kernelUs / 1000 / runs / 32).toFixed(1)} ms/text in kernels, ` +
        `${(runUs / 1000 / runs / 32).toFixed(1)} ms/text per run):`,
    );
    for (const [op, us] of Object.entries(byOp)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8))
      console.log(
        `  ${((100 * us) / kernelUs).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(5)} ms  ${op}`,
      );
    const matmulUs = (byOp.MatMul ?? 0) + (byOp.FusedMatMul ?? 0) + (byOp.FusedGemm ?? 0) + (byOp.Gemm ?? 0);
    if (matmulUs > 0) {
      const rate = (gmacs * 32 * runs) / (matmulUs / 1e6);
      const floorMs = bestOneThreadMs + tokenizeSelectedMs;
      console.log(
        `  matmuls (MLAS fp32) ${((100 * matmulUs) / kernelUs).toFixed(0)} % of kernel time, at ${rate.toFixed(1)} GMAC/s ` +
          `in this profiled run\n  ort floor: best graph time ${bestOneThreadMs.toFixed(1)} ms/text/core + tokenizer ` +
          `${tokenizeSelectedMs.toFixed(1)} ms = ${floorMs.toFixed(1)} ms/text/core → ≤ ${idleRate(floorMs)} texts/s ` +
          `on ${cores} idle cores (one worker per core)`,
      );
    }
  }
}

if (sections.has('pool') && !values['no-pool']) {
  console.log(
    '\nthe build path (startEmbedPool: worker_threads, batches of 64, padded documents, tokenizer in the workers):',
  );
  for (const runtime of values.runtime.split(',') as DocRuntime[]) {
    if (runtime === 'ort' && !ortAvailable()) continue;
    for (const w of values.workers.split(',').map(Number)) {
      const p = await startEmbedPool('use-lite', w, 64, runtime);
      await p.embed(texts.slice(0, 8), () => {});
      const before = load();
      const cpu0 = process.cpuUsage();
      t0 = performance.now();
      await p.embed(texts, () => {});
      const s = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      await p.close();
      const cpuMs = (cpu.user + cpu.system) / 1000 / texts.length;
      console.log(
        `  ${runtime.padEnd(4)} ${w} worker(s): ${(texts.length / s).toFixed(1)} texts/s (${s.toFixed(1)} s wall), ` +
          `${cpuMs.toFixed(1)} CPU ms/text → ~${((Math.min(w, cores) * 1000) / cpuMs).toFixed(0)} texts/s on ` +
          `${Math.min(w, cores)} idle core(s)  load ${before} → ${load()}`,
      );
    }
  }
}
