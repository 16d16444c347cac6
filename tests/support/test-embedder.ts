/**
 * The test files' side of fixture-embedder.ts: the real USE-lite embedder, answering this run's
 * fixture texts from the memo at the path global-setup.ts named (computed by the first test file
 * that gets here).
 */
import { inject } from 'vitest';
import type { Embedder } from '../../src/core/types.ts';
import { createNodeEmbedder } from '../../src/embed/node.ts';
import { memoEmbedder, recordingEmbedder, sharedMemo, type VectorMemo } from './fixture-embedder.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base path (without .json/.bin) of this run's fixture vectors; '' for none. */
    fixtureVectors: string;
  }
}

let memo: Promise<VectorMemo> | null = null;

/** The fixture's fixed texts: the harness's movie documents, intent examples and FAQ. */
async function recordFixtureTexts(inner: Embedder): Promise<{ memo: VectorMemo; dims: number }> {
  const recorded: VectorMemo = new Map();
  const { createHarness } = await import('../conversation/harness.ts');
  await createHarness(undefined, recordingEmbedder(inner, recorded));
  return { memo: recorded, dims: inner.dims };
}

export async function createFixtureEmbedder(): Promise<Embedder> {
  const inner = await createNodeEmbedder('use-lite');
  const base = inject('fixtureVectors');
  memo ??= base ? sharedMemo(base, () => recordFixtureTexts(inner)) : Promise.resolve(new Map());
  return memoEmbedder(inner, await memo);
}
