/**
 * Questions about one named movie ("who directed Jaws?", "how long is it?"), answered from the
 * catalogue's metadata — no model, no guessing: a field the data lacks is said to be unknown.
 */
import type { Movie } from '../types.ts';

export type MovieAspect =
  | 'director'
  | 'cast'
  | 'runtime'
  | 'year'
  | 'plot'
  | 'rating'
  | 'genre'
  | 'language'
  | 'country'
  | 'collection'
  | 'overview';

export interface MovieQuestion {
  aspect: MovieAspect;
  /** The title phrase as written, or null for "it" / "that one" (the movie in focus). */
  titlePhrase: string | null;
}

/** Patterns → aspect; group 1 is the title phrase. Ordered: specific shapes first. */
const PATTERNS: Array<[RegExp, MovieAspect]> = [
  [/\bwho (?:directed|made|was the director of|is the director of|'?s the director of)\s+(.+)/i, 'director'],
  [/\b(?:director|filmmaker) of\s+(.+)/i, 'director'],
  [/\bwho (?:stars?|starred|plays?|played|acted|acts|is|was|are|were) in\s+(.+)/i, 'cast'],
  [/\b(?:cast|actors|stars) (?:of|in)\s+(.+)/i, 'cast'],
  [/\bhow (?:long|many minutes) (?:is|does|was)\s+(.+?)(?:\s+(?:last|run|take))?\s*\??$/i, 'runtime'],
  [/\b(?:runtime|length|running time|duration) of\s+(.+)/i, 'runtime'],
  [/\b(?:what|which) year (?:did|was|is)\s+(.+?)(?:\s+(?:come out|released|made|from|out))?\s*\??$/i, 'year'],
  [/\bin what year was\s+(.+?)(?:\s+(?:released|made))?\s*\??$/i, 'year'],
  [/\bwhen (?:was|did|is)\s+(.+?)\s+(?:released|come out|made|out)\s*\??$/i, 'year'],
  [/\bwhat(?:'s| is)\s+(?:the (?:movie|film)\s+)?(.+?)\s+about\s*\??$/i, 'plot'],
  [/\b(?:plot|summary|story|synopsis) of\s+(?:the (?:movie|film)\s+)?(.+)/i, 'plot'],
  [/\btell me (?:more )?about\s+(?:the (?:movie|film)\s+)?(.+)/i, 'overview'],
  [/\b(?:rating|score) of\s+(.+)/i, 'rating'],
  [/\bwhat rating does\s+(.+?)\s+have\s*\??$/i, 'rating'],
  [/\bhow (?:well )?(?:rated|good) is\s+(.+)/i, 'rating'],
  [/\bis\s+(.+?)\s+(?:any good|good|worth (?:it|watching|seeing))\s*\??$/i, 'rating'],
  [/\bwhat genres? is\s+(.+)/i, 'genre'],
  [/\bis\s+(.+?)\s+an? (?:horror|comedy|drama|thriller|western|musical|documentary|animated)\b.*$/i, 'genre'],
  [/\bwhat language is\s+(.+?)(?:\s+in)?\s*\??$/i, 'language'],
  [/\b(?:which|what) country (?:made|produced)\s+(.+)/i, 'country'],
  [/\bwhere was\s+(.+?)\s+(?:made|produced|filmed)\s*\??$/i, 'country'],
  [/\bis\s+(.+?)\s+part of a (?:series|franchise|collection|trilogy)\s*\??$/i, 'collection'],
  [/\b(?:what|which) (?:collection|series|franchise) does\s+(.+?)\s+belong to\s*\??$/i, 'collection'],
];

const PRONOUN =
  /^(it|that|this|that one|this one|that movie|this movie|that film|the (first|second|third|fourth|fifth|last) one)$/i;

export function parseMovieQuestion(text: string): MovieQuestion | null {
  for (const [re, aspect] of PATTERNS) {
    const m = re.exec(text.trim());
    if (!m) continue;
    const phrase = m[1]
      .replace(/[?!.]+\s*$/, '')
      .replace(/^(the (movie|film)\s+)/i, '')
      .trim();
    if (!phrase) continue;
    return { aspect, titlePhrase: PRONOUN.test(phrase) ? null : phrase };
  }
  return null;
}

const list = (xs: string[]) =>
  xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
const LANG: Record<string, string> = {
  en: 'English',
  fr: 'French',
  de: 'German',
  es: 'Spanish',
  it: 'Italian',
  ja: 'Japanese',
  ko: 'Korean',
  zh: 'Chinese',
  cn: 'Cantonese',
  ru: 'Russian',
  hi: 'Hindi',
  sv: 'Swedish',
  da: 'Danish',
  pt: 'Portuguese',
};

/** A factual answer from the movie's metadata. */
export function answerMovieQuestion(movie: Movie, aspect: MovieAspect): string {
  const name = `${movie.title}${movie.year ? ` (${movie.year})` : ''}`;
  const unknown = (what: string) => `The catalogue has no ${what} for ${name}.`;
  switch (aspect) {
    case 'director':
      return movie.directors.length
        ? `${name} was directed by ${list(movie.directors)}.`
        : unknown('director');
    case 'cast':
      return movie.cast.length ? `${name} stars ${list(movie.cast)}.` : unknown('cast list');
    case 'runtime':
      return movie.runtime
        ? `${name} runs ${movie.runtime} minutes (${Math.floor(movie.runtime / 60)} h ${movie.runtime % 60} min).`
        : unknown('runtime');
    case 'year':
      return movie.year ? `${movie.title} came out in ${movie.year}.` : unknown('release year');
    case 'rating':
      return movie.rating !== null && movie.votes > 0
        ? `${name} is rated ${movie.rating.toFixed(1)}/10 by ${movie.votes.toLocaleString('en')} TMDB voters.`
        : unknown('rating');
    case 'genre':
      return movie.genres.length ? `${name} is listed as ${list(movie.genres)}.` : unknown('genres');
    case 'language':
      return movie.language
        ? `${name} is originally in ${LANG[movie.language] ?? movie.language}.`
        : unknown('language');
    case 'country':
      return movie.countries.length
        ? `${name} was produced in ${list(movie.countries)}.`
        : unknown('production country');
    case 'collection':
      return movie.collection
        ? `${name} belongs to ${movie.collection.name}.`
        : `${name} is not part of a collection in the catalogue.`;
    case 'plot':
    case 'overview': {
      const facts = [
        movie.genres.length ? list(movie.genres) : null,
        movie.directors.length ? `directed by ${list(movie.directors)}` : null,
        movie.runtime ? `${movie.runtime} min` : null,
      ].filter(Boolean);
      const head = `${name}${facts.length ? ` — ${facts.join(', ')}` : ''}.`;
      return movie.overview
        ? `${head} ${movie.overview}`
        : `${head} The catalogue has no plot summary for it.`;
    }
  }
}
