import { GENRE_PHRASES, type GenreName } from '../genres.ts';
import { hasHead } from './heads.ts';
import { consume, union, type ParseState } from './state.ts';

/**
 * Genres last: they read the other words around them. A genre word with a head ("war movies") in a
 * request filters; mood words, topics ("about a war") and anything in a post only boost. Excluded
 * genres win over requested ones.
 */
export function extractGenres(s: ParseState): void {
  const { out } = s;
  const c = out.constraints;
  for (const g of GENRE_PHRASES) {
    consume(s, new RegExp(g.re.source, 'g'), (m) => {
      const before = s.t.slice(Math.max(0, m.index - 20), m.index);
      const about = /\b(?:about|involving|on|of|featuring)\s+(?:a |an |the )?\S*\s*$/.test(before);
      const hard = !s.long && !g.soft && !about && (!g.needsHead || hasHead(s.t, m.index + m[0].length));
      if (hard) c.genres = union(c.genres, g.genres);
      else out.boostGenres = union(out.boostGenres, g.genres) as GenreName[];
      // Mood and topic words stay in the text: they carry meaning for the semantic search.
      return hard;
    });
  }
  if (c.excludeGenres && c.genres) c.genres = c.genres.filter((g) => !c.excludeGenres!.includes(g));
}
