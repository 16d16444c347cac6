/**
 * Embedding job for a many-core machine without this repo's node_modules (bundled with esbuild by
 * src/eval/device-prep.ts). Two modes:
 *   node device-embed.mjs embed <assetsDir> <texts.json> <from> <to> <out.f32>
 *   node device-embed.mjs merge <texts.json> <shardDir> <nShards> <outDir>
 * `texts.json` is { groups: { name, texts }[] }. Merge writes per group: docs as int8 per-row scale (the
 * shipped index format), others as float16 (the baseline must stay float), each file under 16 MB.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createUseLiteEmbedder } from '../embed/use-lite.ts';

interface TextsFile {
  groups: { name: string; texts: string[]; format: 'int8' | 'f16' | 'f32' }[];
}

const DIMS = 512;

function allTexts(file: string): string[] {
  const t = JSON.parse(fs.readFileSync(file, 'utf8')) as TextsFile;
  return t.groups.flatMap((g) => g.texts);
}

async function embed(assets: string, textsFile: string, from: number, to: number, out: string) {
  setWasmPaths(assets + '/');
  await tf.setBackend('wasm');
  await tf.ready();
  const modelJson = JSON.parse(fs.readFileSync(path.join(assets, 'model.json'), 'utf8'));
  const paths: string[] = modelJson.weightsManifest.flatMap((g: { paths: string[] }) => g.paths);
  const buf = Buffer.concat(paths.map((p) => fs.readFileSync(path.join(assets, p))));
  const embedder = await createUseLiteEmbedder({
    modelJson,
    weights: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer,
    vocab: JSON.parse(fs.readFileSync(path.join(assets, 'vocab.json'), 'utf8')),
  });
  const texts = allTexts(textsFile).slice(from, to);
  const result = new Float32Array(texts.length * DIMS);
  const t0 = Date.now();
  for (let i = 0; i < texts.length; i += 64) {
    const vs = await embedder.embed(texts.slice(i, i + 64));
    vs.forEach((v, j) => result.set(v, (i + j) * DIMS));
  }
  fs.writeFileSync(out, new Uint8Array(result.buffer));
  console.log(`shard ${from}-${to}: ${texts.length} texts in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

function toF16(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer)[0];
  const sign = (u >>> 16) & 0x8000;
  const exp = ((u >>> 23) & 0xff) - 127 + 15;
  const mant = u & 0x7fffff;
  if (exp <= 0) return sign; // |x| < 6e-5: zero is close enough for unit-vector components
  if (exp >= 31) return sign | 0x7c00;
  const r = (exp << 10) | (mant >>> 13);
  return sign | (r + ((mant >>> 12) & 1)); // round half up
}

function merge(textsFile: string, shardDir: string, nShards: number, outDir: string) {
  const t = JSON.parse(fs.readFileSync(textsFile, 'utf8')) as TextsFile;
  const parts: Float32Array[] = [];
  for (let i = 0; i < nShards; i++) {
    const b = fs.readFileSync(path.join(shardDir, `shard-${i}.f32`));
    const f = new Float32Array(b.byteLength / 4);
    new Uint8Array(f.buffer).set(b);
    parts.push(f);
  }
  const all = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  let row = 0;
  const written: string[] = [];
  for (const g of t.groups) {
    const rows = g.texts.length;
    const v = all.subarray(row * DIMS, (row + rows) * DIMS);
    row += rows;
    if (g.format === 'int8') {
      const scales = new Float32Array(rows);
      const codes = new Int8Array(rows * DIMS);
      for (let r = 0; r < rows; r++) {
        let maxabs = 0;
        for (let j = 0; j < DIMS; j++) maxabs = Math.max(maxabs, Math.abs(v[r * DIMS + j]));
        scales[r] = maxabs / 127;
        for (let j = 0; j < DIMS; j++)
          codes[r * DIMS + j] = maxabs > 0 ? Math.round((v[r * DIMS + j] / maxabs) * 127) : 0;
      }
      const out = new Uint8Array(rows * 4 + rows * DIMS);
      out.set(new Uint8Array(scales.buffer), 0);
      out.set(new Uint8Array(codes.buffer), rows * 4);
      fs.writeFileSync(path.join(outDir, `${g.name}.i8`), out);
      written.push(`${g.name}.i8`);
    } else if (g.format === 'f16') {
      const h = new Uint16Array(v.length);
      for (let i = 0; i < v.length; i++) h[i] = toF16(v[i]);
      const bytes = new Uint8Array(h.buffer);
      const per = 15 * 1024 * 1024;
      for (let p = 0; p * per < bytes.length; p++) {
        fs.writeFileSync(path.join(outDir, `${g.name}.f16.${p}`), bytes.subarray(p * per, (p + 1) * per));
        written.push(`${g.name}.f16.${p}`);
      }
    } else {
      fs.writeFileSync(path.join(outDir, `${g.name}.f32`), new Uint8Array(v.slice().buffer));
      written.push(`${g.name}.f32`);
    }
  }
  console.log('wrote', written.join(', '));
}

/** Rebuild texts.json on the device from the dataset (same code as the build), plus the carried queries. */
async function texts(dataDir: string, queriesFile: string, out: string) {
  const { readDataset } = await import('../data/read-dataset.ts');
  const { embeddingText, hasDescriptiveText } = await import('../core/document-text.ts');
  const { movies } = await readDataset(dataDir);
  // build-index/build.ts orderMovies(): descriptive movies first, in file order (device-import checks it).
  const docs = movies.filter(hasDescriptiveText);
  const overviews = movies.filter((m) => m.overview.trim() !== '');
  const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8')) as string[];
  const file: TextsFile = {
    groups: [
      { name: 'docs', format: 'f16', texts: docs.map(embeddingText) },
      { name: 'overviews', format: 'f16', texts: overviews.map((m) => m.overview) },
      { name: 'queries', format: 'f32', texts: queries },
    ],
  };
  fs.writeFileSync(out, JSON.stringify(file));
  console.log(`texts: docs ${docs.length}, overviews ${overviews.length}, queries ${queries.length}`);
}

const [mode, ...a] = process.argv.slice(2);
if (mode === 'texts') await texts(a[0], a[1], a[2]);
else if (mode === 'embed') await embed(a[0], a[1], Number(a[2]), Number(a[3]), a[4]);
else if (mode === 'merge') merge(a[0], a[1], Number(a[2]), a[3]);
else
  throw new Error(
    'usage: embed <assets> <texts.json> <from> <to> <out> | merge <texts.json> <shardDir> <n> <outDir>',
  );
