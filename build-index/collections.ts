/**
 * Build-time embedding of the two small collections shipped with the index: the FAQ phrasings
 * (help intent) and the intent examples (router). Content-hashed file names, like the movie files,
 * so a changed FAQ busts caches. The build CLI calls this and merges `files` into the manifest.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Embedder } from '../src/core/types.ts';
import { encodeCollection } from '../src/core/faq/collection-format.ts';
import { faqRows } from '../src/core/faq/entries.ts';
import { INTENT_EXAMPLES } from '../src/core/intent/examples.ts';

async function writeHashed(outDir: string, stem: string, json: unknown): Promise<string> {
  const text = JSON.stringify(json);
  const hash = crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
  const name = `${stem}.${hash}.json`;
  await fs.writeFile(path.join(outDir, name), text);
  return name;
}

export async function buildExtraCollections(
  embedder: Embedder,
  outDir: string,
): Promise<{ files: Record<string, string> }> {
  await fs.mkdir(outDir, { recursive: true });
  const meta = { id: embedder.id, dims: embedder.dims };

  const faq = faqRows();
  const faqVectors = await embedder.embed(faq.map((r) => r.text));
  const faqFile = encodeCollection(
    'faq',
    meta,
    faq.map((r) => ({ id: r.id })),
    faq.map((r) => r.text),
    faqVectors,
  );

  const examples = [...INTENT_EXAMPLES];
  const intentVectors = await embedder.embed(examples.map((e) => e.text));
  const intentFile = encodeCollection(
    'intents',
    meta,
    examples,
    examples.map((e) => e.text),
    intentVectors,
  );

  return {
    files: {
      faq: await writeHashed(outDir, 'faq', faqFile),
      intents: await writeHashed(outDir, 'intents', intentFile),
    },
  };
}
