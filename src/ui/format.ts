/** Small text formatters for cards and settings (plain strings; rendered as text). */
import type { WhyReason } from '../core/types.ts';

export const formatRuntime = (min: number | null) =>
  min == null
    ? null
    : min >= 60
      ? `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`
      : `${min} min`;

export const formatVotes = (n: number) =>
  n >= 1000 ? `${(n / 1000).toFixed(n >= 10_000 ? 0 : 1)}k` : String(n);

export function formatBytes(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '–';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
}

const FIELD_LABEL: Record<string, string> = {
  genres: 'Genre',
  years: 'Years',
  runtime: 'Runtime',
  languages: 'Language',
  countries: 'Country',
  people: 'With',
  minRating: 'Rating ≥',
  minVotes: 'Votes ≥',
  maxVotes: 'Votes ≤',
};

/** One short phrase per reason: what the card shows under "Why". */
export function describeWhy(r: WhyReason): string {
  switch (r.kind) {
    case 'constraint':
      // An excluded genre's value already reads "not Family": no "Not:" label in front of it.
      if (r.field === 'excludeGenres') return r.value.charAt(0).toUpperCase() + r.value.slice(1);
      return `${FIELD_LABEL[r.field] ?? r.field}: ${r.value}`;
    case 'similar-to':
      return `Similar to ${r.title}`;
    case 'liked':
      return `Because you liked ${r.title}`;
    case 'co-liked':
      return `People who liked ${r.title} also liked this (${r.count} of them)`;
    case 'keyword':
      return `Mentions ${r.terms.slice(0, 3).join(', ')}`;
    case 'semantic':
      return r.score >= 0.5 ? 'Strong match for your description' : 'Matches your description';
    case 'quality':
      return r.value;
  }
}
