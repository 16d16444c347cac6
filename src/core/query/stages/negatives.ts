import { GENRE_PHRASES, type GenreName } from '../genres.ts';
import { squash, words } from '../text.ts';
import { consume, union, type ParseState } from './state.ts';

/**
 * Negatives: "but not horror", "no musicals", "nothing too scary", "less violent", "not like Twilight".
 * A negated genre or mood word excludes the genre; "not like X" / "unlike X" names a movie to avoid;
 * a few other words become avoid terms. Short requests only.
 */
export function extractNegatives(s: ParseState): void {
  if (s.long) return;
  const { out } = s;
  const c = out.constraints;
  consume(
    s,
    /\b(?:but |and )?(?:not|no|without|except(?: for)?|excluding|avoid|nothing|anything but|less|never|non|unlike|minus)(?! (?:more|less|longer|shorter|over|under|later|earlier|older|newer|than|sure|idea)\b)(?: like| too| very| so| any| a| an| the)*[- ]([a-z0-9' -]+?)(?= ,| but | and | or | with | from | in the | that |$)/g,
    (m) => {
      const phrase = squash(m[1]);
      const genres = genresIn(' ' + phrase + ' ');
      // A topic word negated inside a request for its own genre is a detail to avoid, not the genre
      // ("scary but not gory" still wants Horror, without the gore).
      const wanted = genresIn(s.t.slice(0, m.index) + ' ' + s.t.slice(m.index + m[0].length));
      const soft = genres.soft.filter((g) => !wanted.hard.includes(g));
      if (genres.soft.length && !soft.length && !genres.hard.length) {
        out.avoidTerms.push(...words(phrase).filter((x) => x.length > 2));
        return;
      }
      if (genres.hard.length || soft.length) {
        // Topic words negate the genre they stand for ("nothing with zombies" → no Horror).
        c.excludeGenres = union(c.excludeGenres, [...genres.hard, ...soft]);
        return;
      }
      if (
        /^(?:like |similar to )/.test(m[0].replace(/^\W*(?:but |and )?\w+ /, '')) ||
        /\bunlike\b/.test(m[0])
      ) {
        out.unlikePhrases.push(phrase);
        return;
      }
      const content = words(phrase).filter((x) => x.length > 2);
      if (content.length === 0 || content.length > 4) return false;
      out.unlikePhrases.push(phrase);
      out.avoidTerms.push(...content);
    },
  );
}

/** Genres named in `s`: by genre words (hard) and by mood words only (soft). */
function genresIn(s: string): { hard: GenreName[]; soft: GenreName[] } {
  const hard: GenreName[] = [];
  const soft: GenreName[] = [];
  for (const g of GENRE_PHRASES) {
    if (new RegExp(g.re.source).test(s)) (g.soft ? soft : hard).push(...g.genres);
  }
  return { hard, soft: soft.filter((x) => !hard.includes(x)) };
}
