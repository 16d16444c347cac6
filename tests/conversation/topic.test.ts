/**
 * Topic changes vs refinements, as people mean them (real pipeline over the fixture slice). A complete
 * request of its own starts over; fragments and cue words continue; "forget that" resets; "like it" is the
 * movie in focus; after a fresh start the old filters can be brought back in one action.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { planToChips } from '../../src/core/conversation/chips.ts';
import type { ChatPipeline, ChatTurn } from '../../src/core/pipeline.ts';
import { createHarness, type Harness } from './harness.ts';

let h: Harness;
let p: ChatPipeline;
const chips = (t: ChatTurn) => (t.state.active ? planToChips(t.state.active).map((c) => c.label) : []);
async function talk(...messages: string[]): Promise<ChatTurn[]> {
  const turns: ChatTurn[] = [];
  for (const m of messages) turns.push(await p.handle(m, turns[turns.length - 1]?.state));
  return turns;
}

beforeAll(async () => {
  h = await createHarness();
  p = h.pipeline();
}, 120_000);

describe('topic change or refinement', () => {
  it('a complete new request starts over, and says so', async () => {
    const [, second] = await talk('movies like Casino', 'a 1990s drama starring Tom Hanks');
    expect(second.followUp).toBe('new-topic');
    expect(chips(second).some((c) => /casino/i.test(c))).toBe(false);
    expect(chips(second)).toEqual(expect.arrayContaining(['Drama', 'with Tom Hanks']));
    expect(second.startedOver).toBe(true);
    expect(second.reply).toMatch(/^New search/);
    expect(second.state.previous?.likeTitles).toEqual(['Casino']);
  });

  it('fragments and cue words continue the standing request', async () => {
    for (const follow of ['with a surprise ending', 'but only from 1995', 'in space', 'without romance']) {
      const [, second] = await talk('thrillers from the 1990s', follow);
      expect(second.followUp, follow).toBe('refine');
      expect(chips(second), follow).toContain('Thriller');
    }
  });

  it('a bare genre switches the genre and keeps the rest', async () => {
    const [, second] = await talk('action movies from the 1990s', 'comedies');
    expect(second.followUp).toBe('refine');
    expect(chips(second)).toEqual(expect.arrayContaining(['Comedy', '1990–1999']));
    expect(chips(second)).not.toContain('Action');
  });

  it.each([
    'forget that, something with dinosaurs',
    'never mind. a movie about pirates',
    'ok, something totally different: a boxing drama',
  ])('a fresh-start cue resets: %s', async (msg) => {
    const [, second] = await talk('comedies with Eddie Murphy', msg);
    expect(second.followUp).toBe('new-topic');
    expect(chips(second).some((c) => /eddie murphy|comedy/i.test(c))).toBe(false);
    expect(second.results.length).toBeGreaterThan(0);
  });

  it('"like it" means the movie in focus, never a title that is spelled "It"', async () => {
    const [, second] = await talk('who directed Heat?', 'films like it');
    expect(second.plan?.likeIds).toEqual([h.byTitle('Heat').id]);
    expect(second.results.map((r) => r.id)).not.toContain(h.byTitle('Heat').id);
  });

  it('"keep the previous filters" adds the replaced request back', async () => {
    const [, second] = await talk('dramas from the 1990s', 'something with Tom Hanks in space');
    expect(second.startedOver).toBe(true);
    const kept = await p.act({ kind: 'keep-previous' }, second.state);
    expect(chips(kept)).toEqual(expect.arrayContaining(['Drama', '1990–1999', 'with Tom Hanks']));
    expect(kept.state.previous).toBeNull();
  });
});
