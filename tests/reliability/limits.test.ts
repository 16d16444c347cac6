/**
 * Limits of the conversation layer (src/core/limits.ts, src/core/input-guard.ts) through the real
 * pipeline (414-movie fixture, USE-lite): very long messages are cut before embedding and planning
 * and the reply says so; a 1,000-message conversation keeps a bounded state and a flat per-turn cost
 * (timings printed, not asserted); emoji, RTL, zero-width and control characters are handled; HTML
 * in a query or an overview flows through unchanged, as data.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatPipeline, initialState, type ConversationState } from '../../src/core/pipeline.ts';
import {
  boundState,
  MAX_MESSAGE_CHARS,
  MAX_NEGATIVE_IDS,
  MAX_PLAN_IDS,
  MAX_POSITIVE_IDS,
  MAX_SHOWN_IDS,
  truncateText,
} from '../../src/core/limits.ts';
import { cleanMessage, separateInstructions } from '../../src/core/input-guard.ts';
import type { Embedder } from '../../src/core/types.ts';
import { createHarness, type Harness } from '../conversation/harness.ts';
import { scriptedEngine } from '../conversation/scripted-llm.ts';

const XSS = '<img src=x onerror=alert(1)>';
const HTML_TITLE = 'The <b>Bold</b> & <i>Brave</i>';

let h: Harness;
/** Every text the pipeline asked the embedder for. */
const embedded: string[] = [];
let spyEmbedder: Embedder;

beforeAll(async () => {
  h = await createHarness();
  spyEmbedder = {
    id: h.embedder.id,
    dims: h.embedder.dims,
    embed: (texts) => {
      embedded.push(...texts);
      return h.embedder.embed(texts);
    },
  };
});

const pipeline = (llm: Parameters<typeof createChatPipeline>[0]['llm'] = null) =>
  createChatPipeline({
    embedder: spyEmbedder,
    router: h.router,
    faq: h.faq,
    movies: h.movies,
    retriever: h.retriever,
    llm,
  });

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INVISIBLE = /(?![\n])[\p{Cc}\p{Cf}]/u;

const counts: Record<string, number> = {};
afterAll(() => console.log(`FUZZ CASES (limits): ${JSON.stringify(counts)}`));

describe('long messages', () => {
  it.each([
    ['10,000 characters', 10_000],
    ['1 MB', 1_000_000],
  ])('a %s message is cut before embedding and planning, and the reply says so', async (_, size) => {
    const msg = (
      'horror movies about a cursed house in the woods, ' + 'with a slow build and a twist '.repeat(40)
    )
      .repeat(Math.ceil(size / 1200))
      .slice(0, size);
    expect(msg.length).toBe(size);
    embedded.length = 0;
    const t0 = performance.now();
    const t = await pipeline().handle(msg, initialState());
    const ms = performance.now() - t0;
    console.log(`long message ${size} chars: handled in ${ms.toFixed(0)} ms`);
    expect(embedded.length).toBeGreaterThan(0);
    for (const e of embedded) expect(e.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(t.reply).toMatch(/^\(Your message was long, so I read only its first [\d,]+ characters\.\)\n/);
    expect(t.intent).toBe('recommend');
    // A long message reads as a description: its genre may be a ranking hint rather than a filter.
    expect([...(t.plan!.constraints.genres ?? []), ...(t.plan!.hints?.genres ?? [])]).toContain('Horror');
    expect(t.plan!.searchText.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(t.results.length).toBeGreaterThan(0);
  });

  it('a cut never splits an emoji (no unpaired surrogate reaches the embedder)', async () => {
    const msg = 'horror movies ' + '😱'.repeat(6000); // the 2,000-unit cut falls between surrogate halves or not
    for (const m of [msg, 'x' + msg]) {
      const cut = truncateText(cleanMessage(m).text);
      expect(cut.text.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
      expect(LONE_SURROGATE.test(cut.text)).toBe(false);
      embedded.length = 0;
      await pipeline().handle(m, initialState());
      for (const e of embedded) expect(LONE_SURROGATE.test(e)).toBe(false);
    }
  });

  it('cleanMessage: any string → bounded, visible, well-formed text; idempotent (property)', () => {
    counts['cleanMessage property'] = 1000;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({
            unit: fc.constantFrom(
              '\u200b',
              '\u202e',
              '\u0000',
              '\u001b',
              '\ud800',
              '\udc00',
              'a',
              ' ',
              '\n',
              '😱',
              'é',
              '\ufeff',
              '\u{e0041}',
            ),
            maxLength: 300,
          }),
          fc.string({ unit: 'grapheme', minLength: 1900, maxLength: 2300 }),
        ),
        (s) => {
          const c = cleanMessage(s);
          expect(c.text.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
          expect(LONE_SURROGATE.test(c.text)).toBe(false);
          expect(INVISIBLE.test(c.text)).toBe(false);
          expect(c.text).toBe(c.text.trim());
          expect(cleanMessage(c.text).text).toBe(c.text);
          // The guard never throws and never invents text.
          const g = separateInstructions(c.text);
          expect(g.request.length).toBeLessThanOrEqual(c.text.length);
        },
      ),
      { numRuns: 1000, seed: 7 },
    );
  });
});

describe('characters: emoji, RTL, zero-width, control', () => {
  const CASES: Array<[string, string]> = [
    ['emoji', '😱 horror 🎃 movies 👻'],
    ['Arabic (RTL) + English', 'أفلام رعب horror movies'],
    ['Hebrew (RTL) + English', 'סרטי אימה horror movies'],
    ['RTL override', '\u202ehorror movies\u202c'],
    ['zero-width inside a word', 'hor\u200bror mo\u200dvies'],
    ['BOM and word joiner', '\ufeffhorror\u2060 movies'],
    ['NUL, BEL, ANSI escape', '\u0000\u0007horror \u001b[31mmovies\u001b[0m'],
    ['lone surrogates', '\ud800horror movies\udfff'],
    ['full-width letters', 'ｈｏｒｒｏｒ ｍｏｖｉｅｓ'],
    ['combining marks', 'horror movies Z̴̡̛a̷͎l̸g̵o̴'],
  ];
  it.each(CASES)(
    '%s: routed and planned like plain text, nothing invisible reaches the embedder',
    async (_, msg) => {
      counts['character cases'] = CASES.length;
      embedded.length = 0;
      const t = await pipeline().handle(msg, initialState());
      expect(t.intent).toBe('recommend');
      expect(t.plan!.constraints.genres).toEqual(['Horror']);
      expect(t.results.length).toBeGreaterThan(0);
      for (const e of embedded) {
        expect(INVISIBLE.test(e), JSON.stringify(e)).toBe(false);
        expect(LONE_SURROGATE.test(e)).toBe(false);
      }
    },
  );
});

describe('HTML is data', () => {
  it('a query with HTML reaches the planner and the LLM as the same text', async () => {
    const q = `${XSS} horror movies`;
    const llm = scriptedEngine({ json: ['not json'], stream: [''] });
    const t = await pipeline(llm).handle(q, initialState());
    expect(t.intent).toBe('recommend');
    expect(t.plan!.constraints.genres).toEqual(['Horror']);
    const data = JSON.parse(llm.calls[0].messages[1].content) as { message: string };
    expect(data.message).toBe(q); // not stripped, not escaped: the UI renders it as text
  });

  it('an overview with HTML is returned and sent to the LLM unchanged; a title with HTML stays text', async () => {
    // The top horror pick gets HTML in its overview and title (the objects the pipeline reads at
    // answer time; build-time planting is covered by injection.test.ts).
    const first = await pipeline().handle('horror movies', initialState());
    const m = h.movies[first.results[0].row];
    const saved = { title: m.title, overview: m.overview };
    m.title = HTML_TITLE;
    m.overview = `${XSS} ${m.overview}`;
    try {
      const llm = scriptedEngine({ json: ['{}'], stream: [''] });
      const t = await pipeline(llm).handle('horror movies', initialState());
      expect(t.results[0].id).toBe(m.id);
      // Template reply (the empty LLM answer falls back to it): the title verbatim, as text.
      expect(t.reply).toContain(HTML_TITLE);
      const call = llm.calls.find((c) => c.kind === 'stream')!;
      const data = JSON.parse(call.messages[1].content) as {
        movies: Array<{ id: number; title: string; overview: string }>;
      };
      const sent = data.movies.find((x) => x.id === m.id)!;
      expect(sent.overview.startsWith(XSS)).toBe(true);
      expect(sent.title).toBe(HTML_TITLE);
    } finally {
      Object.assign(m, saved);
    }
  });
});

describe('state bounds', () => {
  it('boundState caps every growing list, newest kept, and is the identity below the caps', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    const small: ConversationState = { ...initialState(), shownIds: ids(10), negatives: ids(3) };
    expect(boundState(small)).toBe(small);
    const plan = {
      searchText: '',
      constraints: {},
      likeTitles: [],
      unlikeTitles: [],
      likeIds: ids(200),
      unlikeIds: ids(200),
      quality: null,
      source: 'rules' as const,
    };
    const big: ConversationState = {
      ...initialState(),
      shownIds: ids(10_000),
      negatives: ids(5_000),
      positives: ids(1_000),
      active: plan,
    };
    const b = boundState(big);
    expect(b.shownIds).toEqual(ids(10_000).slice(-MAX_SHOWN_IDS));
    expect(b.negatives).toHaveLength(MAX_NEGATIVE_IDS);
    expect(b.negatives.at(-1)).toBe(5_000);
    expect(b.positives).toHaveLength(MAX_POSITIVE_IDS);
    expect(b.active!.likeIds).toHaveLength(MAX_PLAN_IDS);
    expect(b.active!.unlikeIds).toHaveLength(MAX_PLAN_IDS);
  });

  it('a 1,000-message conversation keeps a bounded state and a flat per-turn cost', async () => {
    const script = [
      'comedies from the 90s',
      'not romance',
      'shorter ones',
      'something else',
      'more like the second one',
      'why the first one?',
      'how long is it?',
      'thanks!',
      'horror movies',
      'but not Scream',
      'something else',
      'from the 80s instead',
      'space adventures with aliens',
      'something else',
      'who directed it?',
      'a western',
      'less violent',
      'something else',
      'hidden gems',
      'tell me a joke',
    ];
    const p = pipeline();
    let state = initialState();
    const ms: number[] = [];
    const stateBytes: number[] = [];
    for (let i = 0; i < 1000; i++) {
      embedded.length = 0;
      const t0 = performance.now();
      const t = await p.handle(script[i % script.length], state);
      ms.push(performance.now() - t0);
      state = t.state;
      stateBytes.push(JSON.stringify(state).length);
      expect(state.shownIds.length).toBeLessThanOrEqual(MAX_SHOWN_IDS);
      expect(state.negatives.length).toBeLessThanOrEqual(MAX_NEGATIVE_IDS);
      expect(state.positives.length).toBeLessThanOrEqual(MAX_POSITIVE_IDS);
      expect(state.lastResults.length).toBeLessThanOrEqual(10);
      expect(state.turn).toBe(i + 1);
    }
    counts['conversation turns'] = 1000;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const window = (a: number, b: number) => ({
      ms: median(ms.slice(a, b)).toFixed(1),
      stateBytesMax: Math.max(...stateBytes.slice(a, b)),
    });
    console.log(
      `1000-turn conversation: turns 1-100 ${JSON.stringify(window(0, 100))}, 451-550 ` +
        `${JSON.stringify(window(450, 550))}, 901-1000 ${JSON.stringify(window(900, 1000))} (median ms per turn)`,
    );
    // Structure, not timing: the state after 1,000 turns is no bigger than the largest it was while
    // the script ran through its first few cycles (the state does not grow with history).
    const early = Math.max(...stateBytes.slice(0, 200));
    expect(Math.max(...stateBytes.slice(800))).toBeLessThanOrEqual(early * 1.25);
  }, 600_000);
});
