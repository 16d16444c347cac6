/** The per-turn checks of a `dialogue` line (../shared/eval/README.md), as pure functions. */
import type { Movie } from '../src/core/types.ts';
import { precisionAt10, satisfies } from './metrics.ts';
import type { IntentLabel, TurnExpect } from './queries.ts';

/** What one turn produced, as the person saw it. */
export interface TurnSeen {
  /** Result ids in order (at most 10 count). */
  ids: number[];
  intent: IntentLabel;
  /** Labels of the standing-request chips after the turn. */
  chips: string[];
}

const folded = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();

/** Names of the checks in `expect` that failed ([] = the turn passed). */
export function failedChecks(
  expect: TurnExpect,
  seen: TurnSeen,
  previousIds: readonly number[],
  movie: (id: number) => Movie | undefined,
): string[] {
  const top = seen.ids.slice(0, 10);
  const movies = top.map(movie).filter((m): m is Movie => !!m);
  const share = (ok: (m: Movie) => boolean) => (movies.length ? movies.filter(ok).length / movies.length : 0);
  const failed: string[] = [];
  const check = (name: keyof TurnExpect, ok: boolean) => void (ok || failed.push(name));
  if (expect.constraints)
    check(
      'constraints',
      top.length > 0 && precisionAt10(top, (id) => satisfies(movie(id), expect.constraints!)) >= 0.9,
    );
  if (expect.people) {
    const want = expect.people.map(folded);
    const credited = (m: Movie) => new Set([...m.cast, ...m.directors].map(folded));
    check('people', movies.length > 0 && movies.every((m) => want.every((p) => credited(m).has(p))));
  }
  if (expect.anyGenres)
    check('anyGenres', share((m) => m.genres.some((g) => expect.anyGenres!.includes(g))) >= 0.8);
  if (expect.excludeGenres)
    check(
      'excludeGenres',
      movies.every((m) => !m.genres.some((g) => expect.excludeGenres!.includes(g))),
    );
  if (expect.minRating !== undefined)
    check('minRating', movies.length > 0 && movies.every((m) => (m.rating ?? -1) >= expect.minRating!));
  if (expect.ids)
    check(
      'ids',
      top.some((id) => expect.ids!.includes(id)),
    );
  if (expect.similarTo) {
    const seeds = expect.similarTo.ids;
    const seedGenres = new Set(seeds.flatMap((id) => movie(id)?.genres ?? []));
    const returned = top.some((id) => seeds.includes(id));
    check('similarTo', !returned && share((m) => m.genres.some((g) => seedGenres.has(g))) >= 0.8);
  }
  if (expect.notRepeat) check('notRepeat', top.length > 0 && !top.some((id) => previousIds.includes(id)));
  if (expect.intent) check('intent', seen.intent === expect.intent);
  const labels = seen.chips.map((c) => c.toLowerCase());
  if (expect.chipsInclude)
    check(
      'chipsInclude',
      expect.chipsInclude.every((s) => labels.some((l) => l.includes(s.toLowerCase()))),
    );
  if (expect.chipsExclude)
    check('chipsExclude', !expect.chipsExclude.some((s) => labels.some((l) => l.includes(s.toLowerCase()))));
  return failed;
}
