/**
 * The test files' side of fixture-embedder.ts: the real USE-lite embedder, answering this run's
 * precomputed fixture texts (written by global-setup.ts) from memory.
 */
import fs from 'node:fs';
import { inject } from 'vitest';
import type { Embedder } from '../../src/core/types.ts';
import { createNodeEmbedder } from '../../src/embed/node.ts';
import { memoEmbedder, readMemo, type VectorMemo } from './fixture-embedder.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base path (without .json/.bin) of this run's precomputed fixture vectors; '' when absent. */
    fixtureVectors: string;
  }
}

let memo: VectorMemo | null = null;

function runMemo(): VectorMemo {
  if (!memo) {
    const base = inject('fixtureVectors');
    memo = base && fs.existsSync(`${base}.json`) ? readMemo(base) : new Map();
  }
  return memo;
}

export async function createFixtureEmbedder(): Promise<Embedder> {
  return memoEmbedder(await createNodeEmbedder('use-lite'), runMemo());
}
