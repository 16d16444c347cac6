/**
 * "Like X" in the many ways people say it: the named movie becomes a positive example and is never
 * returned. Real pipeline over the fixture slice; templates written for this test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChatPipeline } from '../../src/core/pipeline.ts';
import { createHarness, type Harness } from './harness.ts';

const TEMPLATES = [
  'movies like {t}',
  'something similar to {t}',
  'what should I watch after {t}?',
  'what to watch after {t}',
  'films in the vein of {t}',
  'fans of {t} would love what?',
  'if I enjoyed {t}, what else?',
  'if you liked {t} you will like',
  '{t}-style movies',
  '{t}-esque films',
  'similar vibe to {t}',
  'same feel as {t}',
  'anything that feels like {t}',
  'more in the spirit of {t}',
  'I just finished {t}, what next',
  'I loved {t}, recommend me more',
  'recommend me something like {t}',
  'reminds me of {t}',
  'along the lines of {t}',
  'comparable to {t}',
  'in the style of {t}',
  'stuff like {t}',
  'more like {t} please',
  'give me films such as {t}',
  'I adored {t}',
  'after watching {t} I want more',
  'need something like {t} tonight',
  'want movies like {t}',
  'any recommendations similar to {t}?',
  'we liked {t}, what now',
  'others like {t}',
  'flicks like {t}',
  'suggest something like {t}',
  'same vibes as {t}',
  'vibes like {t}',
  'a film reminiscent of {t}',
  'what do I watch after seeing {t}',
  'similar mood to {t}',
  'in the mold of {t}',
  'ones like {t} but newer',
];
const TITLES = ['Heat', 'Casino', 'Braveheart', 'Apollo 13', 'Toy Story'];

let h: Harness;
let p: ChatPipeline;
beforeAll(async () => {
  h = await createHarness();
  p = h.pipeline();
}, 120_000);

describe('like-X recognition', () => {
  it(`${TEMPLATES.length} phrasings × ${TITLES.length} titles: recognised, and the seed is never returned`, async () => {
    let recognised = 0;
    const returned: string[] = [];
    const missed: string[] = [];
    for (const title of TITLES) {
      const seed = h.byTitle(title).id;
      for (const tpl of TEMPLATES) {
        const msg = tpl.replace('{t}', title);
        const turn = await p.handle(msg);
        if (turn.plan?.likeIds.includes(seed)) recognised++;
        else missed.push(msg);
        if (turn.results.some((r) => r.id === seed)) returned.push(msg);
      }
    }
    const total = TEMPLATES.length * TITLES.length;
    console.log(`like-X: recognised ${recognised}/${total}; seed returned ${returned.length} times`);
    expect(returned, `seed returned: ${returned.join(' | ')}`).toEqual([]);
    expect(recognised / total, `missed: ${missed.join(' | ')}`).toBeGreaterThanOrEqual(0.95);
  }, 120_000);

  it('a question about the movie is not a like-X request', async () => {
    const turn = await p.handle('who directed Casino?');
    expect(turn.intent).toBe('movie_question');
  });
});
