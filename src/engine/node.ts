/**
 * Node side of opening the index: read a built index directory and start the same engine host the
 * app's worker runs (src/engine/host.ts). Used by `npm run eval`, the bench, parity, transcripts and
 * tests. Node-only (node:fs): never imported by browser code.
 *
 * @example
 * const host = await createNodeEngineHost({ indexDir: 'public/index' });
 * const turn = await host.turn({ message: 'westerns from the 1950s', hidden: [] }, null);
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE, type IndexManifest } from '../core/index-format.ts';
import type { Embedder } from '../core/types.ts';
import { createNodeEmbedder } from '../embed/node.ts';
import { createEngineHost, type EngineHost } from './host.ts';
import { openIndex, type IndexFiles, type OpenedIndex, type OpenIndexOptions } from './open-index.ts';

export async function readManifest(dir: string): Promise<IndexManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new Error(`No index at ${dir} (missing ${MANIFEST_FILE}). Build one with: npm run build-index`);
  }
  const manifest = JSON.parse(text) as IndexManifest;
  if (manifest.formatVersion !== 1)
    throw new Error(`${file}: unsupported formatVersion ${manifest.formatVersion}`);
  return manifest;
}

/** The manifest and the bytes of every file it names (optional ones null when absent). */
export async function readIndexDir(dir: string): Promise<{ manifest: IndexManifest; files: IndexFiles }> {
  const manifest = await readManifest(dir);
  const read = (name: string) => fs.readFile(path.join(dir, name)).then((b) => new Uint8Array(b));
  const optional = (name: string | undefined) =>
    name ? read(name).catch(() => null) : Promise.resolve(null);
  const [movies, vectors, faq, intents, coLikes] = await Promise.all([
    read(manifest.files.movies),
    read(manifest.files.vectors),
    optional(manifest.files.faq),
    optional(manifest.files.intents),
    optional(manifest.files.coLikes),
  ]);
  return { manifest, files: { movies, vectors, faq, intents, coLikes } };
}

export interface NodeHostOptions {
  indexDir: string;
  /** The embedder to use; default: the one the manifest names, created in Node. */
  embedder?: (manifest: IndexManifest) => Promise<Embedder>;
  vectorIndex?: OpenIndexOptions['vectorIndex'];
  ranker?: OpenIndexOptions['ranker'];
}

export async function openIndexDir(opts: NodeHostOptions): Promise<OpenedIndex> {
  const { manifest, files } = await readIndexDir(opts.indexDir);
  const embedder = opts.embedder
    ? await opts.embedder(manifest)
    : await createNodeEmbedder(manifest.embedder.id);
  if (embedder.id !== manifest.embedder.id || embedder.dims !== manifest.embedder.dims)
    throw new Error(
      `The index was built with ${manifest.embedder.id} (${manifest.embedder.dims}-d); got ${embedder.id} (${embedder.dims}-d).`,
    );
  return openIndex(manifest, files, { embedder, vectorIndex: opts.vectorIndex, ranker: opts.ranker });
}

export async function createNodeEngineHost(
  opts: NodeHostOptions,
): Promise<{ host: EngineHost; opened: OpenedIndex }> {
  const startedAt = performance.now();
  const opened = await openIndexDir(opts);
  return { host: createEngineHost(opened, { startedAt }), opened };
}
