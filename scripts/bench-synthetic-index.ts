/**
 * Dev aid for `npm run bench` while the full index is not built yet: writes an index folder with the real
 * movies (and manifest) of an existing index but synthetic clustered unit vectors of any dimension, so
 * scan latency and voy's size/memory can be measured at full scale. Recall figures and the engine
 * host's turns on it mean little (the query texts are unrelated to the synthetic vectors); latency and
 * memory are what it is for. The bench embeds its queries with use-lite, so only --dims 512 runs there.
 *
 *   npx tsx scripts/bench-synthetic-index.ts --from DIR --dims 512 --out DIR
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { encodeVectors, type IndexManifest } from '../src/core/index-format.ts';
import { quantizeVectors } from '../src/core/quantize.ts';
import { mulberry32 } from '../build-index/quantization-recall.ts';

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
}

const from = path.resolve(arg('from'));
const out = path.resolve(arg('out'));
const dims = Number(arg('dims', '512'));
const manifest = JSON.parse(fs.readFileSync(path.join(from, 'manifest.json'), 'utf8')) as IndexManifest;
const rows = manifest.embeddedCount;

// Fixed seed: the same data every time.
const uniform = mulberry32(12345);
const rand = () => uniform() - 0.5;
const centers = Array.from({ length: 300 }, () => Float32Array.from({ length: dims }, rand));
const vectors: Float32Array[] = [];
for (let r = 0; r < rows; r++) {
  const c = centers[Math.floor((rand() + 0.5) * centers.length) % centers.length];
  const v = Float32Array.from(c, (x) => x + 0.7 * rand());
  const n = Math.hypot(...v);
  vectors.push(v.map((x) => x / n));
}
const bin = encodeVectors(quantizeVectors(vectors, dims));
const hash = crypto.createHash('sha256').update(bin).digest('hex');
const vectorsFile = `vectors.${hash.slice(0, 16)}.bin`;
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, vectorsFile), bin);
const moviesFile = manifest.files.movies;
// The movies, and the prebuilt FAQ / intent vectors when they fit (else the engine host embeds them at open).
const copied = [moviesFile];
if (manifest.embedder.id === 'use-lite' && manifest.embedder.dims === dims)
  for (const f of [manifest.files.faq, manifest.files.intents]) if (f) copied.push(f);
for (const f of copied) fs.copyFileSync(path.join(from, f), path.join(out, f));
const synthetic: IndexManifest = {
  ...manifest,
  embedder: { id: 'use-lite', dims },
  files: {
    movies: moviesFile,
    vectors: vectorsFile,
    ...(copied.includes(manifest.files.faq ?? '') ? { faq: manifest.files.faq } : {}),
    ...(copied.includes(manifest.files.intents ?? '') ? { intents: manifest.files.intents } : {}),
  },
  hashes: {
    ...Object.fromEntries(copied.map((f) => [f, manifest.hashes[f]])),
    [vectorsFile]: hash,
  },
  sizes: { ...Object.fromEntries(copied.map((f) => [f, manifest.sizes[f]])), [vectorsFile]: bin.byteLength },
  build: { synthetic: true },
};
fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(synthetic, null, 2));
console.log(`wrote ${out}: ${rows} synthetic vectors x ${dims}, movies from ${from}`);
