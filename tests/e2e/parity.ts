/**
 * e2e: the built app and the Node engine host answer alike (registered into TESTS by run.ts). The same
 * messages, typed into the page and sent to createNodeEngineHost over the same index, must show the
 * same top-10 movies, chips and intent on every turn. `npm run parity` runs the long version.
 */
import assert from 'node:assert/strict';
import { createNodeEngineHost } from '../../src/engine/node.ts';
import { differences, runInNode, runInPage, type ParityItem } from '../../scripts/parity-core.ts';
import { indexDir, newContext, waitReady } from './harness.ts';
import { TESTS } from './cases.ts';

const ITEMS: ParityItem[] = [
  { id: 'quality', turns: ['hidden gem horror from the 80s'] },
  { id: 'refine', turns: ['space adventures with robots', 'only ones from the 1970s', 'not comedy'] },
  { id: 'like-x', turns: ['films similar to Alien', 'shorter ones'] },
  { id: 'facts', turns: ['who directed Taxi Driver?', 'how do I delete my data?'] },
];

TESTS.push({
  name: 'parity: the built app and the Node engine host give the same results, chips and intent',
  async run(ctx) {
    const { host } = await createNodeEngineHost({ indexDir: indexDir() });
    const page = await (await newContext(ctx.browser)).newPage();
    await page.goto(ctx.server.url);
    await waitReady(page);
    const diffs: string[] = [];
    for (const item of ITEMS)
      diffs.push(...differences(item, await runInPage(page, item), await runInNode(host, item)));
    assert.deepEqual(diffs, [], diffs.join('\n'));
    await page.context().close();
  },
});
