/**
 * A conversation about several movies (ReDial-style): every movie the person names as liked is kept, and a
 * later message that names none searches with all of them as examples.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initialState, type ConversationState } from '../../src/core/pipeline.ts';
import { conversationExamples } from '../../src/core/conversation/search-answer.ts';
import { resetTopic, withLiked } from '../../src/core/conversation/state.ts';
import type { QueryPlan } from '../../src/core/types.ts';
import { createHarness, type Harness } from './harness.ts';

const empty: QueryPlan = {
  searchText: '',
  constraints: {},
  likeTitles: [],
  unlikeTitles: [],
  likeIds: [],
  unlikeIds: [],
  quality: null,
  source: 'rules',
};

describe('conversation likes (pure)', () => {
  const s: ConversationState = { ...initialState(), liked: [1, 2, 3], negatives: [9] };
  it('are added newest last, once, without rejected movies, and survive a new topic', () => {
    expect(withLiked(s, [2, 4, 9]).liked).toEqual([1, 3, 2, 4]);
    expect(resetTopic(withLiked(s, [4])).liked).toEqual([1, 2, 3, 4]);
  });
  it('are the examples of a message naming no movie, not of one naming its own', () => {
    expect(conversationExamples(empty, s)).toEqual([1, 2, 3]);
    expect(conversationExamples({ ...empty, likeIds: [5] }, s)).toEqual([]);
    expect(conversationExamples(empty, { ...s, positives: [7] })).toEqual([7]);
    const post = { ...empty, searchText: 'a long story', hints: { describesOneMovie: true } };
    expect(conversationExamples(post, s)).toEqual([]);
  });
});

describe('conversation likes (pipeline)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });

  it('a movie named with its year joins the liked ones; "any others?" searches with all of them', async () => {
    const p = h.pipeline();
    const a = h.byTitle('Toy Story');
    const b = h.byTitle('Heat');
    let state = initialState();
    for (const m of [`movies like ${a.title}`, `I also loved ${b.title} (${b.year})`])
      state = (await p.handle(m, state)).state;
    expect(state.liked).toEqual([a.id, b.id]);
    const t = await p.handle('any others you would recommend?', state);
    const ids = t.results.map((r) => r.id);
    expect(ids).not.toContain(a.id);
    expect(ids).not.toContain(b.id);
    const named = new Set(t.results.flatMap((r) => r.why.filter((w) => w.kind === 'liked').map((w) => w.id)));
    expect(named).toEqual(new Set([a.id, b.id]));
    // "Forget that, …" forgets them.
    const reset = await p.handle('forget that, something funny', t.state);
    expect(reset.state.liked).toEqual([]);
  });
});
