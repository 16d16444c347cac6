import { describe, expect, it } from 'vitest';
import { createRetriever } from '../../src/core/retrieve.ts';
import { constraintPredicate } from '../../src/core/rank/filter.ts';
import { exactIndex, genreVector, loadFixtureMovies } from './fixture.ts';

const movies = loadFixtureMovies();
// Title-only rows have no vectors, as in the shipped index: the last 14 rows stand in for them.
const embedded = movies.length - 14;
const vectors = movies.slice(0, embedded).map((m) => genreVector(m));
const retriever = createRetriever({
  movies,
  index: exactIndex(vectors),
  vectorsFor: (r) => vectors[r] ?? null,
});
const idOf = (title: string) => movies.find((m) => m.title === title)!.id;
const byId = new Map(movies.map((m) => [m.id, m]));

describe('retrieve', () => {
  it('applies constraints before top-k: a full list where few movies qualify', async () => {
    const plan = retriever.plan('horror movies from the 80s');
    const ok = constraintPredicate(plan.constraints);
    const qualifying = movies.filter(ok).length;
    expect(qualifying).toBeGreaterThanOrEqual(3);
    const res = await retriever.retrieve(
      plan,
      genreVector({ ...movies[0], genres: ['Comedy'], collection: null }),
      { k: 10 },
    );
    expect(res.length).toBe(Math.min(10, qualifying));
    for (const r of res) expect(ok(byId.get(r.id)!)).toBe(true);
    expect(res[0].why.some((w) => w.kind === 'constraint' && w.field === 'genres')).toBe(true);
  });

  it('"similar to X" excludes X, shares its genres and explains itself', async () => {
    const plan = retriever.plan('movies like Toy Story');
    expect(plan.likeIds).toEqual([idOf('Toy Story')]);
    const res = await retriever.retrieve(plan, null, { k: 10 });
    expect(res.length).toBe(10);
    expect(res.map((r) => r.id)).not.toContain(idOf('Toy Story'));
    const seed = byId.get(idOf('Toy Story'))!;
    const sharing = res.filter((r) => byId.get(r.id)!.genres.some((g) => seed.genres.includes(g))).length;
    expect(sharing).toBeGreaterThanOrEqual(9);
    expect(res[0].why).toContainEqual({ kind: 'similar-to', id: seed.id, title: 'Toy Story' });
  });

  it('a negative example pushes its kind of movie down', async () => {
    const base = await retriever.retrieve(retriever.plan('movies like Alien'), null, { k: 10 });
    const withNeg = await retriever.retrieve(
      { ...retriever.plan('movies like Alien'), unlikeIds: [idOf('Titanic')] },
      null,
      { k: 10, strategy: 'best_score' },
    );
    const romance = (ids: number[]) => ids.filter((id) => byId.get(id)!.genres.includes('Romance')).length;
    expect(romance(withNeg.map((r) => r.id))).toBeLessThanOrEqual(romance(base.map((r) => r.id)));
    expect(withNeg.map((r) => r.id)).not.toContain(idOf('Titanic'));
  });

  it('finds a title-only movie (no vector) through keywords', async () => {
    const target = movies[movies.length - 1];
    const plan = retriever.plan(target.title);
    const res = await retriever.retrieve(plan, null, { k: 10 });
    expect(res.map((r) => r.id)).toContain(target.id);
  });

  it('honours exclude and hidden', async () => {
    const plan = retriever.plan('westerns');
    const first = await retriever.retrieve(plan, null, { k: 3 });
    const again = await retriever.retrieve(plan, null, {
      k: 3,
      exclude: [first[0].id],
      hidden: [first[1].id],
    });
    expect(again.map((r) => r.id)).not.toContain(first[0].id);
    expect(again.map((r) => r.id)).not.toContain(first[1].id);
  });

  it('diversifies: the Godfather films do not fill a crime list', async () => {
    const res = await retriever.retrieve(retriever.plan('movies like The Godfather'), null, { k: 5 });
    const sameCollection = res.filter(
      (r) => byId.get(r.id)!.collection?.name === 'The Godfather Collection',
    ).length;
    expect(sameCollection).toBeLessThanOrEqual(2);
  });
});

describe('request kinds', () => {
  it('tells lists from lookups and descriptions', () => {
    expect(retriever.kindOf(retriever.plan('westerns from the 50s'))).toBe('explore');
    expect(retriever.kindOf(retriever.plan('something funny'))).toBe('explore');
    expect(
      retriever.kindOf(
        retriever.plan('a boxer from Philadelphia gets a shot at the world heavyweight title'),
      ),
    ).toBe('lookup');
    expect(retriever.kindOf(retriever.plan('movies like Toy Story'))).toBe('similar');
    const post = 'I remember a movie where '.concat(
      'a man walks down a long street in a white suit and meets a beggar, '.repeat(3),
    );
    expect(retriever.kindOf(retriever.plan(post))).toBe('describe');
  });
});

describe('retrieve with depth', () => {
  const ids = (res: { id: number }[]) => res.map((r) => r.id);
  const textVector = (title: string) => genreVector(byId.get(idOf(title))!);
  const cases: { text: string; vector: Float32Array | null; opts?: object }[] = [
    { text: 'horror movies from the 80s', vector: textVector('Alien') },
    { text: 'movies like Toy Story', vector: null },
    { text: 'movies like Alien but not Titanic', vector: null, opts: { strategy: 'best_score' } },
    { text: 'westerns', vector: null, opts: { taste: [idOf('Toy Story'), idOf('Alien')] } },
    {
      text: 'movies like The Godfather',
      vector: textVector('The Godfather'),
      opts: { liked: [idOf('Alien')] },
    },
    {
      text: 'a boxer from Philadelphia gets a shot at the world heavyweight title',
      vector: textVector('Titanic'),
    },
    { text: 'something funny', vector: textVector('Toy Story'), opts: { weights: { rrfK: 60 } } },
  ];

  it('starts with exactly the no-depth results, for several k and plans', async () => {
    for (const { text, vector, opts } of cases) {
      const plan = retriever.plan(text);
      for (const k of [1, 3, 5, 10, 20]) {
        const cards = await retriever.retrieve(plan, vector, { ...opts, k });
        const deep = await retriever.retrieve(plan, vector, { ...opts, k, depth: 100 });
        expect(deep.slice(0, cards.length), `${text} k=${k}`).toEqual(cards);
        expect(cards.length).toBe(Math.min(k, deep.length));
      }
    }
  });

  it('fills up to depth with the remaining candidates, best score first, no duplicates', async () => {
    for (const { text, vector, opts } of cases) {
      const plan = retriever.plan(text);
      const deep = await retriever.retrieve(plan, vector, { ...opts, k: 10, depth: 100 });
      expect(new Set(ids(deep)).size).toBe(deep.length);
      const tail = deep.slice(10);
      for (let i = 1; i < tail.length; i++) expect(tail[i].score).toBeLessThanOrEqual(tail[i - 1].score);
      if (!plan.constraints.genres?.length) expect(deep.length).toBe(100);
    }
    // Without depth, or with depth ≤ k: the k results alone.
    const plan = retriever.plan('movies like Toy Story');
    const cards = await retriever.retrieve(plan, null, { k: 10 });
    expect(cards.length).toBe(10);
    expect(await retriever.retrieve(plan, null, { k: 10, depth: 4 })).toEqual(cards);
  });

  it('explains tail results like the cards', async () => {
    for (const { text, vector, opts } of cases) {
      const plan = retriever.plan(text);
      // k = 10 and k = 20 draw the same candidates (N = max(300, 3k)): a k = 20 card in the k = 10 tail is the
      // same result, with the same score and reasons.
      const tail = (await retriever.retrieve(plan, vector, { ...opts, k: 10, depth: 100 })).slice(10);
      const cards = await retriever.retrieve(plan, vector, { ...opts, k: 20 });
      const inTail = cards.filter((c) => tail.some((t) => t.id === c.id));
      if (cards.length > 10) expect(inTail.length, text).toBeGreaterThan(0);
      for (const c of inTail) expect(tail.find((t) => t.id === c.id)).toEqual(c);
    }
    const seed = byId.get(idOf('Toy Story'))!;
    const tail = (
      await retriever.retrieve(retriever.plan('movies like Toy Story'), null, { k: 5, depth: 60 })
    ).slice(5);
    for (const r of tail)
      if (byId.get(r.id)!.genres.some((g) => seed.genres.includes(g)))
        expect(r.why).toContainEqual({ kind: 'similar-to', id: seed.id, title: 'Toy Story' });
  });

  it('stops when the candidates run out, and candidates depend on k only', async () => {
    const plan = retriever.plan('movies like Toy Story');
    const opts = { weights: { candidates: 20 } };
    const all = await retriever.retrieve(plan, null, { ...opts, k: 5, depth: 10_000 });
    expect(all.length).toBeLessThan(movies.length);
    expect(all.length).toBeGreaterThan(20);
    const deep = await retriever.retrieve(plan, null, { ...opts, k: 5, depth: 100 });
    expect(deep).toEqual(all.slice(0, 100));
  });

  it('never puts banned or excluded movies in the tail', async () => {
    const plan = { ...retriever.plan('movies like Alien'), unlikeIds: [idOf('Titanic')] };
    const first = await retriever.retrieve(plan, null, { k: 10, depth: 50 });
    const exclude = ids(first).slice(0, 5);
    const hidden = ids(first).slice(20, 30);
    const liked = [idOf('Toy Story')];
    const deep = await retriever.retrieve(plan, null, { k: 10, depth: 400, exclude, hidden, liked });
    const banned = new Set([...exclude, ...hidden, ...liked, idOf('Alien'), idOf('Titanic')]);
    expect(deep.length).toBeGreaterThan(100);
    for (const id of ids(deep)) expect(banned.has(id)).toBe(false);
  });

  it('keeps the constraints in the tail', async () => {
    const plan = retriever.plan('horror movies from the 80s');
    const ok = constraintPredicate(plan.constraints);
    const qualifying = movies.filter(ok).length;
    const vector = textVector('Alien');
    const deep = await retriever.retrieve(plan, vector, { k: 2, depth: 100, exclude: [ids(movies)[0]] });
    expect(deep.length).toBe(Math.min(100, qualifying));
    for (const r of deep) {
      expect(ok(byId.get(r.id)!)).toBe(true);
      expect(r.why.some((w) => w.kind === 'constraint' && w.field === 'genres')).toBe(true);
    }
    const comedies = retriever.plan('comedies from the 90s');
    const okComedy = constraintPredicate(comedies.constraints);
    const tail = (await retriever.retrieve(comedies, vector, { k: 5, depth: 100 })).slice(5);
    expect(tail.length).toBeGreaterThan(10);
    for (const r of tail) expect(okComedy(byId.get(r.id)!)).toBe(true);
  });
});
