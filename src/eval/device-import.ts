/**
 * Imports the device embedding job's output (see device-prep.ts / device-embed.ts):
 *   npx tsx src/eval/device-import.ts <dirWithFiles>
 * writes an index in the shipped format to .cache/retrieval/index-full (same movie order, texts and int8
 * quantization as build-index), the baseline's overview vectors to .cache/eval/baseline-use-lite (read by
 * src/eval/baseline.ts) and the eval query vectors to .cache/eval/query-vectors-use-lite.json.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { orderMovies } from '../../build-index/build.ts';
import { hasDescriptiveText } from '../core/document-text.ts';
import { encodeMovies, encodeVectors, quantizeVectors, type IndexManifest } from '../core/index-format.ts';
import type { Movie } from '../core/types.ts';

const DIMS = 512;
const dir = process.argv[2];
if (!dir) throw new Error('usage: device-import.ts <dir>');

function f16ToF32(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

function readF16(name: string): Float32Array {
  const parts = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(`${name}.f16.`))
    .sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop()));
  const buf = Buffer.concat(parts.map((p) => fs.readFileSync(path.join(dir, p))));
  const out = new Float32Array(buf.byteLength / 2);
  for (let i = 0; i < out.length; i++) out[i] = f16ToF32(buf.readUInt16LE(i * 2));
  return out;
}

const meta = JSON.parse(fs.readFileSync('.cache/retrieval/device-meta.json', 'utf8')) as {
  docIds: number[];
  overviewIds: number[];
  queries: string[];
};
const movies = orderMovies(
  JSON.parse(fs.readFileSync('.cache/retrieval/movies-all.json', 'utf8')) as Movie[],
);
const embeddedCount = movies.filter(hasDescriptiveText).length;
if (
  embeddedCount !== meta.docIds.length ||
  movies.slice(0, embeddedCount).some((m, i) => m.id !== meta.docIds[i])
) {
  throw new Error('movie order differs from the one the job was prepared with');
}
const docs = readF16('docs');
const rows = Array.from({ length: embeddedCount }, (_, r) => docs.subarray(r * DIMS, (r + 1) * DIMS));
const q = quantizeVectors(rows, DIMS);
const out = '.cache/retrieval/index-full';
fs.mkdirSync(out, { recursive: true });
const write = (kind: string, ext: string, data: Uint8Array) => {
  const hash = crypto.createHash('sha256').update(data).digest('hex');
  const name = `${kind}.${hash.slice(0, 16)}.${ext}`;
  fs.writeFileSync(path.join(out, name), data);
  return { name, hash, size: data.byteLength };
};
const mv = write('movies', 'json', Buffer.from(JSON.stringify(encodeMovies(movies))));
const vv = write('vectors', 'bin', encodeVectors(q));
const manifest: IndexManifest = {
  formatVersion: 1,
  builtAt: new Date().toISOString(),
  embedder: { id: 'use-lite', dims: DIMS },
  count: movies.length,
  embeddedCount,
  quantization: { kind: 'int8-per-vector' },
  files: { movies: mv.name, vectors: vv.name },
  hashes: { [mv.name]: mv.hash, [vv.name]: vv.hash },
  sizes: { [mv.name]: mv.size, [vv.name]: vv.size },
  report: {
    rowsRead: 0,
    kept: movies.length,
    dropped: {},
    repaired: {},
  } as unknown as IndexManifest['report'],
  build: { note: 'eval index from device embeddings (src/eval/device-import.ts)' },
};
fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest, null, 2));

const ov = readF16('overviews');
const bdir = '.cache/eval/baseline-use-lite';
fs.mkdirSync(bdir, { recursive: true });
fs.writeFileSync(path.join(bdir, 'vectors.f32.bin'), new Uint8Array(ov.buffer));
fs.writeFileSync(
  path.join(bdir, 'meta.json'),
  JSON.stringify({ embedderId: 'use-lite', dims: DIMS, ids: meta.overviewIds, text: 'overview' }),
);

const qb = fs.readFileSync(path.join(dir, 'queries.f32'));
const qf = new Float32Array(qb.byteLength / 4);
new Uint8Array(qf.buffer).set(qb);
const qv: Record<string, number[]> = {};
meta.queries.forEach((t, i) => (qv[t] = Array.from(qf.subarray(i * DIMS, (i + 1) * DIMS))));
fs.writeFileSync('.cache/eval/query-vectors-use-lite.json', JSON.stringify(qv));
console.log(
  `index ${out}: ${movies.length} movies, ${embeddedCount} vectors; baseline ${meta.overviewIds.length}; queries ${meta.queries.length}`,
);
