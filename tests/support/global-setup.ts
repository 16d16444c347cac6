/**
 * Once per `vitest run`: a temporary path for the fixture's vectors (see fixture-embedder.ts),
 * handed to the test files and removed when the run ends. Nothing is embedded here: the first test
 * file that needs the embedder does it, so a run that needs no model pays nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cinechat-test-vectors-'));
  project.provide('fixtureVectors', path.join(dir, 'use-lite'));
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
