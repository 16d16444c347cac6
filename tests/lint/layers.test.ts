/** The layer rules of eslint.config.js catch an import across a forbidden boundary (and allow the right ones). */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
async function restricted(filePath: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath });
  return r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    ['src/core/x.ts', "import { createNodeEmbedder } from '../embed/node.ts';"],
    ['src/core/rank/x.ts', "import fs from 'node:fs';"],
    ['src/core/x.ts', "import { render } from 'solid-js/web';"],
    ['src/ui/x.tsx', "import { openIndex } from '../engine/open-index.ts';"],
    ['src/search/x.ts', "import { createAppService } from '../app/service.ts';"],
    ['src/storage/x.ts', "import fs from 'node:fs';"],
    ['workers/x.ts', "import { loadFixtureMovies } from '../tests/core/fixture.ts';"],
    ['scripts/x.ts', "import { ask } from '../tests/e2e/harness.ts';"],
    ['eval/x.ts', "import { ask } from '../tests/e2e/harness.ts';"],
  ])('%s: %s is caught', async (file, code) => {
    expect(await restricted(file, `${code}\nexport {};\n`)).toHaveLength(1);
  });
  it.each([
    ['src/core/x.ts', "import { dot } from './rank/vec.ts';"],
    ['src/ui/x.tsx', "import type { Movie } from '../core/types.ts';"],
    ['src/engine/x.ts', "import fs from 'node:fs';"],
    ['workers/x.ts', "import { createEngineHost } from '../src/engine/host.ts';"],
    ['scripts/x.ts', "import { createNodeEngineHost } from '../src/engine/node.ts';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await restricted(file, `${code}\nexport {};\n`)).toEqual([]);
  });
});
