/**
 * Embedder ids as recorded in index manifests. Parsed in one place so the Node build and the
 * browser worker accept exactly the same ids and reject the same typos with the same message.
 */
// Kept here (not in use-lite.ts) so parsing an id never pulls tfjs into a bundle that only needs hf.
export const USE_LITE_ID = 'use-lite';

export type EmbedderSpec = { kind: 'use-lite' } | { kind: 'hf'; model: string };

/** Hub ids look like "owner/name" (or a bare "name"); no spaces, no "..", no leading slash. */
const HF_MODEL_ID = /^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/;

export function parseEmbedderSpec(spec: string): EmbedderSpec {
  const s = spec.trim();
  if (s === USE_LITE_ID) return { kind: 'use-lite' };
  if (s.startsWith('hf:')) {
    const model = s.slice(3);
    if (HF_MODEL_ID.test(model) && !model.includes('..')) return { kind: 'hf', model };
    throw new Error(`Invalid transformers.js model id in embedder "${spec}": expected "hf:<owner>/<model>".`);
  }
  throw new Error(
    `Unknown embedder "${spec}". Use "${USE_LITE_ID}" (Universal Sentence Encoder Lite) or "hf:<model-id>" (transformers.js).`,
  );
}
