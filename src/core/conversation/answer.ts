/**
 * Template answers: the reply when no LLM is loaded (the default path), and the fallback when a
 * generated answer fails the grounding check. Each pick says why it matched, from its WhyReasons.
 */
import type { Constraints, Movie, QueryPlan, WhyReason } from '../types.ts';

export interface AnsweredMovie {
  movie: Movie;
  why: WhyReason[];
}

const range = (r: [number | null, number | null], unit = '') => {
  const [a, b] = r;
  if (a !== null && b !== null) return a === b ? `${a}${unit}` : `${a}–${b}${unit}`;
  if (a !== null) return `${a}${unit} or later`.replace(' min or later', '+ min');
  return `up to ${b}${unit}`;
};

/** Human-readable summary of constraints, e.g. "Comedy, not Horror, 1990–1999, up to 100 min". */
export function describeConstraints(c: Constraints): string[] {
  const parts: string[] = [];
  if (c.genres?.length) parts.push(c.genres.join(' + '));
  if (c.excludeGenres?.length) parts.push(`not ${c.excludeGenres.join(', ')}`);
  if (c.years) parts.push(range(c.years));
  if (c.runtime)
    parts.push(
      c.runtime[0] !== null && c.runtime[1] === null ? `${c.runtime[0]}+ min` : range(c.runtime, ' min'),
    );
  if (c.languages?.length) parts.push(`language ${c.languages.join('/')}`);
  if (c.countries?.length) parts.push(`from ${c.countries.join('/')}`);
  if (c.people?.length) parts.push(`with ${c.people.join(', ')}`);
  if (c.minRating !== undefined) parts.push(`rated ${c.minRating}+`);
  if (c.maxRating !== undefined) parts.push(`rated ${c.maxRating} or less`);
  if (c.maxVotes !== undefined) parts.push('lesser known');
  return parts;
}

/** One reason in words. */
export function describeWhy(w: WhyReason): string {
  switch (w.kind) {
    case 'constraint':
      return w.value;
    case 'similar-to':
      return `similar to ${w.title}`;
    case 'liked':
      return `you liked ${w.title}`;
    case 'co-liked':
      return `people who liked ${w.title} also liked it (${w.count} of them)`;
    case 'keyword':
      return `mentions ${w.terms
        .slice(0, 3)
        .map((t) => `“${t}”`)
        .join(', ')}`;
    case 'semantic':
      return `close to what you described`;
    case 'quality':
      return w.value;
  }
}

/** The most telling reasons first: named movies and keywords say more than "close in meaning". */
function topReasons(why: WhyReason[], n = 2): string[] {
  const order: WhyReason['kind'][] = [
    'similar-to',
    'co-liked',
    'liked',
    'keyword',
    'quality',
    'semantic',
    'constraint',
  ];
  // Filters are already listed in the reply's first line: they are not repeated per pick.
  const specific = why.filter((w) => w.kind !== 'constraint');
  const sorted = specific.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return [...new Set(sorted.map(describeWhy))].slice(0, n);
}

const label = (m: Movie) => `${m.title}${m.year ? ` (${m.year})` : ''}`;

/** The template reply for a result list. */
export function templateAnswer(
  plan: QueryPlan,
  picks: AnsweredMovie[],
  opts: { refinement?: string; max?: number } = {},
): string {
  if (!picks.length) {
    const filters = describeConstraints(plan.constraints);
    return filters.length
      ? `I found nothing that matches all of: ${filters.join(', ')}. Try removing a filter.`
      : 'I found nothing that matches. Could you describe it differently?';
  }
  // Moods are part of what was asked: the head names them with the filters ("— tearjerker, 1990–1999").
  const filters = [...(plan.hints?.moods ?? []), ...describeConstraints(plan.constraints)];
  const like = plan.likeTitles.length ? ` like ${plan.likeTitles.join(' and ')}` : '';
  const head = opts.refinement
    ? `${opts.refinement}${filters.length ? ` (${filters.join(', ')})` : ''}:`
    : `Here are some picks${like}${filters.length ? ` — ${filters.join(', ')}` : ''}:`;
  const lines = picks.slice(0, opts.max ?? 5).map((p, i) => {
    const genres = p.movie.genres.slice(0, 3).join(', ');
    const reasons = topReasons(p.why);
    // Only the filters explain this pick: its rating says more than repeating them.
    if (!reasons.length && p.movie.rating !== null && p.movie.votes >= 20) {
      reasons.push(`rated ${p.movie.rating.toFixed(1)}`);
    }
    // When the person filtered on runtime, the runtime is what they check first.
    const minutes = plan.constraints.runtime && p.movie.runtime ? `, ${p.movie.runtime} min` : '';
    return `${i + 1}. ${label(p.movie)}${genres ? ` — ${genres}` : ''}${minutes}${reasons.length ? `; ${reasons.join('; ')}` : ''}`;
  });
  return [head, ...lines].join('\n');
}

/** "Why did you pick that?" */
export function explainPick(pick: AnsweredMovie, plan: QueryPlan | null): string {
  const reasons = [...new Set(pick.why.filter((w) => w.kind !== 'constraint').map(describeWhy))];
  const filters = plan ? describeConstraints(plan.constraints) : [];
  const parts = [
    reasons.length
      ? `I picked ${label(pick.movie)} because it matched: ${reasons.join('; ')}.`
      : `I picked ${label(pick.movie)} because it ranked high among the movies that fit your request.`,
  ];
  if (filters.length) parts.push(`It fits your filters (${filters.join(', ')}).`);
  if (pick.movie.rating !== null && pick.movie.votes >= 20)
    parts.push(`TMDB rating: ${pick.movie.rating.toFixed(1)}/10.`);
  return parts.join(' ');
}

export const CAPABILITIES =
  'I can recommend movies from a catalogue of about 45,000 (by mood, plot, genre, year, runtime, language, people, or ' +
  'similar to movies you name), find a movie from a half-remembered plot, and answer facts about a movie such as ' +
  'who directed it or how long it is.';

export function declineAnswer(reason: 'injection' | 'out_of_scope'): string {
  return reason === 'injection'
    ? `I can't change how I work, but I'm happy to help with movies. ${CAPABILITIES}`
    : `Sorry, that's outside what I can help with. ${CAPABILITIES}`;
}

export function smalltalkAnswer(text: string): string {
  if (/\b(thanks?|thank you|thx|cheers)\b/i.test(text))
    return 'You\u2019re welcome! Want more suggestions, or something different?';
  if (/\b(bye|goodbye|see you|good night)\b/i.test(text)) return 'Enjoy the movie! Come back any time.';
  if (/\b(who|what) are you\b|\byour name\b|\brobot\b/i.test(text))
    return `I\u2019m CineChat, a movie assistant running in your browser. ${CAPABILITIES}`;
  return 'Hi! Tell me what you feel like watching — a mood, a plot, a movie you liked, or a genre and decade.';
}
