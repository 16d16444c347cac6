/**
 * The engine host — the one engine the app's worker, the eval and every script run — over a real
 * (fixture) index: typed turns, card actions as pipeline calls, chips from the standing request, the
 * eval's deeper ranking, and state that survives the worker boundary (structured clone / JSON).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngineHost, RESULTS_PER_ANSWER, type EngineHost } from '../../src/engine/host.ts';
import type { OpenedIndex } from '../../src/engine/open-index.ts';
import type { EngineTurnOutput } from '../../src/engine/protocol.ts';
import { openFixtureIndex } from './fixture-index.ts';

let opened: OpenedIndex;
let host: EngineHost;
const ids = (o: EngineTurnOutput) => o.results.map((r) => r.movie.id);
const labels = (o: EngineTurnOutput) => o.chips.map((c) => c.label);
const say = (message: string, state: EngineTurnOutput['state'] | null = null, depth?: number) =>
  host.turn({ message, hidden: [], depth }, state);

beforeAll(async () => {
  opened = await openFixtureIndex();
  host = createEngineHost(opened);
}, 120_000);

describe('engine host', () => {
  it('answers a request with cards, chips of the standing request and the routed intent', async () => {
    const out = await say('dramas from the 1990s');
    expect(out.intent).toBe('recommend');
    expect(out.results.length).toBeGreaterThan(0);
    expect(out.results.length).toBeLessThanOrEqual(RESULTS_PER_ANSWER);
    for (const r of out.results) {
      expect(r.movie.genres).toContain('Drama');
      expect(r.movie.year).toBeGreaterThanOrEqual(1990);
      expect(r.movie.year).toBeLessThanOrEqual(1999);
    }
    expect(labels(out)).toEqual(expect.arrayContaining(['Drama', '1990–1999']));
  });

  it('returns the deeper ranking on request without changing the cards', async () => {
    const plain = await say('a heist that goes wrong');
    const deep = await say('a heist that goes wrong', null, 100);
    expect(ids(deep)).toEqual(ids(plain));
    expect(deep.ranking!.slice(0, plain.results.length)).toEqual(ids(plain));
    expect(deep.ranking!.length).toBeGreaterThan(plain.results.length);
    expect(new Set(deep.ranking).size).toBe(deep.ranking!.length);
    expect(plain.ranking).toBeUndefined();
  });

  it('runs "more like this" as a pipeline action: nothing shown before comes back', async () => {
    const first = await say('adventure movies');
    const pick = first.results[1].movie;
    const more = await host.turn(
      { message: '', action: { kind: 'more-like', movieId: pick.id, title: pick.title }, hidden: [] },
      first.state,
    );
    expect(more.results.length).toBeGreaterThan(0);
    expect(ids(more)).not.toContain(pick.id);
    for (const id of ids(first)) expect(ids(more)).not.toContain(id);
    expect(labels(more)).toContain(`like ${pick.title}`);
    expect(more.state.positives).toContain(pick.id);
    expect(more.state.turn).toBe(first.state.turn + 1);
  });

  it('runs "less like this" and chip removal as pipeline actions', async () => {
    const first = await say('comedies from the 1990s');
    const no = first.results[0].movie;
    const less = await host.turn(
      { message: '', action: { kind: 'less-like', movieId: no.id, title: no.title }, hidden: [] },
      first.state,
    );
    expect(ids(less)).not.toContain(no.id);
    expect(labels(less)).toContain(`not ${no.title}`);
    const years = less.chips.find((c) => c.key === 'years')!;
    const wider = await host.turn(
      { message: '', action: { kind: 'remove-chip', key: years.key }, hidden: [] },
      less.state,
    );
    expect(labels(wider)).not.toContain(years.label);
    expect(labels(wider)).toContain('Comedy');
    expect(ids(wider)).not.toContain(no.id); // the rejection stands
  });

  it('keeps the standing request on screen through a help question', async () => {
    const first = await say('thrillers from the 1990s');
    const help = await say('how do I export my ratings?', first.state);
    expect(help.intent).toBe('help');
    expect(help.results).toEqual([]);
    expect(labels(help)).toEqual(labels(first));
  });

  it('gives the same answers when the state crosses a worker boundary (JSON round trip)', async () => {
    const a = await say('science fiction about space travel');
    const direct = await say('only ones before 1980', a.state);
    const viaJson = await say('only ones before 1980', JSON.parse(JSON.stringify(a.state)));
    expect(ids(viaJson)).toEqual(ids(direct));
    expect(labels(viaJson)).toEqual(labels(direct));
  });

  it('reports its load info and finds movies by id', async () => {
    const info = host.info();
    expect(info).toMatchObject({
      count: opened.movies.length,
      embeddedCount: opened.movies.length,
      embedderId: 'use-lite',
      dims: 512,
    });
    const some = opened.movies.slice(0, 3).map((m) => m.id);
    expect((await host.movies([...some, -1])).map((m) => m.id)).toEqual(some);
  });
});
