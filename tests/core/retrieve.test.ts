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
