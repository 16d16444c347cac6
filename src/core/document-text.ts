/**
 * The text embedded for each movie. One function, shared by the build and by anything that must
 * reproduce the index's texts (eval, cache checks), so the two can never drift apart.
 *
 * Only known facts are written: no "Unknown" placeholders (the original system embedded
 * "Director: Unknown", which makes every movie without credits look alike).
 */
import type { Movie } from './types.ts';

/** Cast names embedded per movie: the leads carry meaning, the rest mostly noise. */
export const DOC_CAST = 3;
/** Keywords embedded per movie (TMDB lists can run to dozens). */
export const DOC_KEYWORDS = 12;

/** A movie gets a vector by default when it has something besides its title to say. */
export function hasDescriptiveText(movie: Movie): boolean {
  return movie.overview.trim() !== '' || movie.genres.length > 0;
}

/**
 * Ends a part with a full stop unless it already ends in punctuation or a bracket. The bracket
 * case means "Title (1995)" runs into the genres without a stop; harmless for the embedder, and
 * any change to this text re-embeds the whole catalogue (cache keys are text hashes), so it stays.
 */
function sentence(text: string): string {
  const t = text.trim();
  return t === '' || /[.!?…"')\]]$/.test(t) ? t : `${t}.`;
}

/**
 * e.g. "Toy Story (1995) Animation, Comedy, Family. Led by Woody, ... Keywords: toy, rivalry.
 * Directed by John Lasseter. Starring Tom Hanks, Tim Allen, Don Rickles."
 */
export function documentText(movie: Movie): string {
  const parts: string[] = [];
  parts.push(sentence(movie.year !== null ? `${movie.title} (${movie.year})` : movie.title));
  if (movie.genres.length) parts.push(sentence(movie.genres.join(', ')));
  if (movie.tagline) parts.push(sentence(movie.tagline));
  if (movie.overview) parts.push(sentence(movie.overview));
  if (movie.keywords.length)
    parts.push(sentence(`Keywords: ${movie.keywords.slice(0, DOC_KEYWORDS).join(', ')}`));
  if (movie.directors.length) parts.push(sentence(`Directed by ${movie.directors.join(' and ')}`));
  if (movie.cast.length) parts.push(sentence(`Starring ${movie.cast.slice(0, DOC_CAST).join(', ')}`));
  return parts.join(' ');
}

/**
 * The short text of a movie with no overview and no genres: title, year and people, which is all
 * there is. Used only when the build is asked to embed title-only movies (--embed-title-only).
 */
export function titleOnlyText(movie: Movie): string {
  return documentText(movie);
}

/** The text the build embeds for a movie (descriptive or title-only). */
export function embeddingText(movie: Movie): string {
  return hasDescriptiveText(movie) ? documentText(movie) : titleOnlyText(movie);
}
