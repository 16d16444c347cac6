/**
 * Once per `vitest run`: embed the fixture's fixed texts with the real embedder (see
 * fixture-embedder.ts) and hand the file to the test files; removed when the run ends.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createNodeEmbedder } from '../../src/embed/node.ts';
import { recordingEmbedder, writeMemo, type VectorMemo } from './fixture-embedder.ts';
import { createHarness } from '../conversation/harness.ts';

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cinechat-test-vectors-'));
  const base = path.join(dir, 'use-lite');
  const memo: VectorMemo = new Map();
  const inner = await createNodeEmbedder('use-lite');
  await createHarness(undefined, recordingEmbedder(inner, memo)); // movie documents, intent examples, FAQ
  writeMemo(base, memo, inner.dims);
  project.provide('fixtureVectors', base);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
