import type { Constraints, Movie, PlanHints, QualityHint, QueryPlan } from '../types.ts';
import { parseQuery } from '../query/constraints.ts';
import { canonicalGenre } from '../query/genres.ts';
import { moodByLabel } from '../query/moods.ts';
import { buildPeopleIndex, foldName, type PeopleIndex } from '../query/people.ts';
import { STOPWORDS, squash, words } from '../query/text.ts';
import { buildTitleIndex, resolveTitle, type TitleIndex, type TitleMatch } from '../query/titles.ts';

/** What the planner needs to know about the data (built once per loaded index). */
export interface PlannerContext {
  movies: readonly Movie[];
  titles: TitleIndex;
  people: PeopleIndex;
  idToRow: Map<number, number>;
  /** Latest year with a meaningful number of movies ("recent" is relative to the data, not the clock). */
  latestYear: number;
}

export function createPlannerContext(movies: readonly Movie[]): PlannerContext {
  const idToRow = new Map<number, number>();
  const perYear = new Map<number, number>();
  movies.forEach((m, r) => {
    if (!idToRow.has(m.id)) idToRow.set(m.id, r);
    if (m.year !== null) perYear.set(m.year, (perYear.get(m.year) ?? 0) + 1);
  });
  const busy = [...perYear].filter(([, n]) => n >= Math.max(5, movies.length / 500)).map(([y]) => y);
  return {
    movies,
    titles: buildTitleIndex(movies),
    people: buildPeopleIndex(movies),
    idToRow,
    latestYear: busy.length ? Math.max(...busy) : new Date().getFullYear(),
  };
}

/** Words that make a request but say nothing about the movie ("show me some good films"). */
const FILLER = new Set(
  'show give recommend suggest want need looking find some any good great nice watch tonight please movie movies film films flick flicks something anything me us similar made released set one ones'.split(
    ' ',
  ),
);

/** A resolution is trusted when it is exact, a collection, a prefix, or a close fuzzy match. */
function confident(m: TitleMatch | undefined, strict: boolean): m is TitleMatch {
  if (!m) return false;
  if (strict) return (m.how === 'exact' || m.how === 'collection') && true;
  return m.how !== 'fuzzy' || m.score >= 0.72;
}

/**
 * Resolve "alien and predator" as one title if possible, else as a list; parts that name no movie are
 * returned as text ("like Inception, set in space" → Inception + "set in space").
 */
function resolvePhrase(
  ctx: PlannerContext,
  phrase: string,
  strict: boolean,
): { found: TitleMatch[]; text: string[] } {
  const whole = resolveTitle(ctx.titles, phrase, { limit: 1 })[0];
  if (confident(whole, strict) && whole.how !== 'fuzzy') return { found: [whole], text: [] };
  const parts = phrase.split(/\s*(?:,|\band\b|\bor\b|&)\s*/).filter((p) => p.trim().length > 1);
  if (parts.length > 1) {
    const found: TitleMatch[] = [];
    const text: string[] = [];
    for (const p of parts) {
      const m = resolveTitle(ctx.titles, p, { limit: 1 })[0];
      if (confident(m, strict)) found.push(m);
      else text.push(p);
    }
    if (found.length) return { found, text };
  }
  return confident(whole, strict) ? { found: [whole], text: [] } : { found: [], text: [phrase] };
}

export interface PlanOptions {
  /** TMDB ids of the results shown last, for "more like #2". */
  previousIds?: readonly number[];
  /** The movie the conversation is about ("movies like it" after "who directed Jaws?"). */
  focusId?: number | null;
}

/** A named movie that is only a pronoun: it means the movie in focus, never a title ("I.T."). */
const PRONOUN_PHRASE =
  /^(?:it|that|this|that one|this one|that movie|this movie|that film|this film|the same)$/;

/**
 * Rule-based planner: message → QueryPlan, with no model. Constraints it is sure of filter; everything
 * else (mood words, details of a described movie) becomes hints that only re-rank.
 */
export function planQuery(text: string, ctx: PlannerContext, opts: PlanOptions = {}): QueryPlan {
  const parsed = parseQuery(text, { people: ctx.people, titles: ctx.titles, latestYear: ctx.latestYear });
  const likeIds: number[] = [];
  const likeTitles: string[] = [];
  const leftover: string[] = [];
  for (const phrase of parsed.likePhrases) {
    if (PRONOUN_PHRASE.test(phrase.trim())) {
      const row = opts.focusId != null ? ctx.idToRow.get(opts.focusId) : undefined;
      if (row !== undefined) {
        likeIds.push(ctx.movies[row].id);
        likeTitles.push(ctx.movies[row].title);
      }
      continue;
    }
    const { found, text } = resolvePhrase(ctx, phrase, false);
    leftover.push(...text);
    for (const m of found) {
      likeIds.push(m.id);
      likeTitles.push(m.title);
    }
  }
  for (const ref of parsed.refs) {
    const prev = opts.previousIds ?? [];
    const id = ref === -1 ? prev[prev.length - 1] : prev[ref - 1];
    if (id !== undefined) likeIds.push(id);
  }
  const unlikeIds: number[] = [];
  const unlikeTitles: string[] = [];
  for (const phrase of parsed.unlikePhrases) {
    const m = resolvePhrase(ctx, phrase, true).found.filter((x) => ctx.movies[x.row].votes >= 50);
    for (const x of m) {
      unlikeIds.push(x.id);
      unlikeTitles.push(x.title);
    }
  }
  const unlikeWords = new Set(unlikeTitles.flatMap((t) => words(t)));
  const avoidTerms = parsed.avoidTerms.filter((t) => !unlikeWords.has(t));

  const constraints: Constraints = { ...parsed.constraints };
  applyQuality(constraints, parsed.quality);

  const rest = squash([parsed.rest, ...leftover].join(' '));
  const content = words(rest).filter((w) => !STOPWORDS.has(w) && !FILLER.has(w));
  const hints: PlanHints = {};
  if (parsed.boostGenres.length) hints.genres = parsed.boostGenres;
  if (parsed.boostYears) hints.years = parsed.boostYears;
  if (parsed.boostPeople.length) hints.people = parsed.boostPeople;
  if (parsed.boostLanguages.length) hints.languages = [...new Set(parsed.boostLanguages)];
  if (parsed.titleWords.length) hints.titleWords = parsed.titleWords;
  if (avoidTerms.length) hints.avoidTerms = avoidTerms;
  if (parsed.long) hints.describesOneMovie = true;
  // Moods steer lists; a long post describes one movie, where a tone word is a detail, not a wish.
  else if (parsed.moods.length) hints.moods = parsed.moods;
  return {
    searchText: content.length ? rest : '',
    constraints,
    likeTitles,
    unlikeTitles,
    likeIds: [...new Set(likeIds)],
    unlikeIds: [...new Set(unlikeIds)],
    quality: parsed.quality,
    source: 'rules',
    hints,
  };
}

/**
 * Quality words are checkable: they become rating/vote bounds (the prior in rank/prior.ts orders within them).
 *   acclaimed   rated 7+ by at least 20 voters
 *   hidden gem  rated 6.5+, known to 10–800 voters ("underrated", "lesser known")
 *   cult        rated 6.5+, a devoted but not mass audience: 40–3,000 voters
 *   panned      rated 5 or less by at least 30 voters ("critically panned", "so bad it's good")
 *   popular     no bound: fame leads the prior
 */
export const QUALITY_BOUNDS: Record<Exclude<QualityHint, null>, Constraints> = {
  acclaimed: { minRating: 7, minVotes: 20 },
  'hidden-gem': { minRating: 6.5, minVotes: 10, maxVotes: 800 },
  cult: { minRating: 6.5, minVotes: 40, maxVotes: 3000 },
  panned: { maxRating: 5, minVotes: 30 },
  popular: {},
};

function applyQuality(c: Constraints, q: QualityHint): void {
  if (!q) return;
  const b = QUALITY_BOUNDS[q];
  c.minRating ??= b.minRating;
  c.maxRating ??= b.maxRating;
  c.minVotes ??= b.minVotes;
  c.maxVotes ??= b.maxVotes;
  for (const k of ['minRating', 'maxRating', 'minVotes', 'maxVotes'] as const)
    if (c[k] === undefined) delete c[k];
}

// ---------------------------------------------------------------------------------------------------------
// Validation: every plan (rules or LLM JSON) passes through here before it reaches ranking.

const isObj = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const strings = (x: unknown, max = 20): string[] =>
  Array.isArray(x)
    ? x
        .filter((s): s is string => typeof s === 'string' && s.trim() !== '')
        .map((s) => s.trim())
        .slice(0, max)
    : [];
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

function range(x: unknown, lo: number, hi: number): [number | null, number | null] | undefined {
  if (!Array.isArray(x) || x.length !== 2) return undefined;
  const clamp = (v: unknown) => {
    const n = num(v);
    return n === null ? null : Math.round(Math.min(hi, Math.max(lo, n)));
  };
  let a = clamp(x[0]);
  let b = clamp(x[1]);
  if (a === null && b === null) return undefined;
  if (a !== null && b !== null && a > b) [a, b] = [b, a];
  return [a, b];
}

function genreList(x: unknown): string[] {
  return [
    ...new Set(
      strings(x)
        .map((g) => canonicalGenre(g))
        .filter((g): g is NonNullable<typeof g> => g !== null),
    ),
  ];
}

/**
 * Clamp and clean any plan: unknown genres dropped, years and runtimes sane and ordered, languages and
 * countries shaped like ISO codes, people and ids that exist in the data, titles resolved to ids.
 * Never throws: what cannot be understood is dropped.
 */
export function validatePlan(input: unknown, ctx: PlannerContext): QueryPlan {
  const p = isObj(input) ? input : {};
  const c = isObj(p.constraints) ? p.constraints : {};
  const maxYear = ctx.latestYear + 5;
  const out: Constraints = {};
  const genres = genreList(c.genres);
  const excludeGenres = genreList(c.excludeGenres);
  if (genres.length) out.genres = genres.filter((g) => !excludeGenres.includes(g));
  if (excludeGenres.length) out.excludeGenres = excludeGenres;
  const years = range(c.years, 1870, maxYear);
  if (years) out.years = years;
  const runtime = range(c.runtime, 1, 1000);
  if (runtime) out.runtime = runtime;
  const languages = strings(c.languages)
    .map((s) => s.toLowerCase())
    .filter((s) => /^[a-z]{2}$/.test(s));
  if (languages.length) out.languages = [...new Set(languages)];
  const countries = strings(c.countries)
    .map((s) => s.toUpperCase())
    .filter((s) => /^[A-Z]{2}$/.test(s));
  if (countries.length) out.countries = [...new Set(countries)];
  const people = strings(c.people)
    .map((n) => ctx.people.byName.get(foldName(n))?.name)
    .filter((n): n is string => n !== undefined);
  if (people.length) out.people = [...new Set(people)];
  const minRating = num(c.minRating);
  if (minRating !== null) out.minRating = Math.min(10, Math.max(0, minRating));
  const maxRating = num(c.maxRating);
  if (maxRating !== null && (out.minRating === undefined || maxRating >= out.minRating))
    out.maxRating = Math.min(10, Math.max(0, maxRating));
  const minVotes = num(c.minVotes);
  if (minVotes !== null && minVotes > 0) out.minVotes = Math.round(minVotes);
  const maxVotes = num(c.maxVotes);
  if (maxVotes !== null && maxVotes >= 0 && (out.minVotes === undefined || maxVotes >= out.minVotes)) {
    out.maxVotes = Math.round(maxVotes);
  }

  const ids = (x: unknown) => [
    ...new Set(
      Array.isArray(x)
        ? x.filter((v): v is number => Number.isInteger(v) && ctx.idToRow.has(v as number))
        : [],
    ),
  ];
  const likeIds = ids(p.likeIds);
  const unlikeIds = ids(p.unlikeIds);
  // Only titles of movies in the data: a title the planner cannot find (an LLM's invention, or text
  // an obeying model copied from an injection) would otherwise be echoed by the reply and the chips.
  const known = (strict: boolean) => (t: string) => resolvePhrase(ctx, t, strict).found.length > 0;
  const likeTitles = strings(p.likeTitles, 10).filter(known(false));
  const unlikeTitles = strings(p.unlikeTitles, 10).filter(known(true));
  // Titles that came without ids (an LLM names movies, it does not know our ids): resolve them here.
  const resolveInto = (titles: string[], into: number[], strict: boolean) => {
    for (const t of titles) {
      const m = resolvePhrase(ctx, t, strict).found[0];
      if (m && !into.includes(m.id)) into.push(m.id);
    }
  };
  if (likeTitles.length > likeIds.length) resolveInto(likeTitles, likeIds, false);
  if (unlikeTitles.length > unlikeIds.length) resolveInto(unlikeTitles, unlikeIds, true);

  const quality: QualityHint =
    typeof p.quality === 'string' && p.quality in QUALITY_BOUNDS ? (p.quality as QualityHint) : null;
  const h = isObj(p.hints) ? p.hints : {};
  const hints: PlanHints = {};
  const hg = genreList(h.genres);
  if (hg.length) hints.genres = hg;
  const hy = range(h.years, 1870, maxYear);
  if (hy && hy[0] !== null && hy[1] !== null) hints.years = [hy[0], hy[1]];
  const hp = strings(h.people).filter((n) => ctx.people.byName.has(foldName(n)));
  if (hp.length) hints.people = hp;
  const hl = strings(h.languages).filter((s) => /^[a-z]{2}$/.test(s));
  if (hl.length) hints.languages = hl;
  const tw = strings(h.titleWords, 5);
  if (tw.length) hints.titleWords = tw;
  const at = strings(h.avoidTerms, 10);
  if (at.length) hints.avoidTerms = at;
  if (h.describesOneMovie === true) hints.describesOneMovie = true;
  const moods = strings(h.moods).filter((m) => moodByLabel(m));
  if (moods.length) hints.moods = [...new Set(moods)];

  return {
    searchText: typeof p.searchText === 'string' ? squash(p.searchText).slice(0, 4000) : '',
    constraints: out,
    likeTitles,
    unlikeTitles,
    likeIds,
    unlikeIds: unlikeIds.filter((id) => !likeIds.includes(id)),
    quality,
    source: p.source === 'llm' ? 'llm' : 'rules',
    hints,
  };
}
