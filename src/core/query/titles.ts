import type { Movie } from '../types.ts';
import { words } from './text.ts';

/**
 * Title resolution: "like harry poter 2" → a dataset movie.
 *
 * Exact keys first (articles, accents, punctuation, numerals and roman numerals normalised), then collections
 * ("Harry Potter" → the collection's best-known film), then prefixes ("lord of the rings" → the trilogy), then
 * fuzzy matching for misspellings. Among equal matches the well-known film wins (vote count), because a user
 * who names "Titanic" almost always means the 1997 one.
 *
 * The fuzzy part is hand-written (no fuzzy-matching library is installed and none may be added): a character
 * trigram index finds candidates in well under a millisecond over 45k titles, and an optimal-string-alignment
 * (Damerau) distance ranks them, so transpositions such as "Incpetion" cost one edit, not two.
 */

export interface TitleMatch {
  row: number;
  id: number;
  title: string;
  year: number | null;
  /** 0..1, 1 = exact key match. */
  score: number;
  how: 'exact' | 'collection' | 'prefix' | 'fuzzy';
  /** Set when the name matched a collection ("Harry Potter"), for "similar" ranking. */
  collectionId?: number;
}

export interface TitleIndex {
  movies: readonly Movie[];
  /** Compact key (no spaces) → rows. */
  exact: Map<string, number[]>;
  /** Spaced keys of every entry, parallel to entryRow. */
  keys: string[];
  entryRow: Int32Array;
  /** Collection compact key → { id, rows }. */
  collections: Map<string, { id: number; rows: number[] }>;
  /**
   * Character trigrams of the compact keys → entries, for fuzzy matching only. Built on first use (or by
   * `prepareFuzzyTitles`): exact, collection and prefix matches, which answer most lookups, never need it,
   * and building it was a third of the app's start-up.
   */
  trigrams?: TrigramIndex;
}

export interface TrigramIndex {
  gramId: Map<string, number>;
  /** Entries of gram g: entries[start[g] .. start[g + 1]), ascending. */
  start: Uint32Array;
  entries: Int32Array;
}

// Maps, not object literals: `obj[word]` for arbitrary words is slow (a missed keyed lookup walks the
// prototype) and wrong for words like "constructor".
const ROMAN = new Map<string, string>(
  Object.entries({
    ii: '2',
    iii: '3',
    iv: '4',
    v: '5',
    vi: '6',
    vii: '7',
    viii: '8',
    ix: '9',
    x: '10',
  }),
);
const NUMBERS = new Map<string, string>(
  Object.entries({
    one: '1',
    two: '2',
    three: '3',
    four: '4',
    five: '5',
    six: '6',
    seven: '7',
    eight: '8',
    nine: '9',
    ten: '10',
  }),
);
const LEADING_ARTICLES = new Set(['the', 'a', 'an', 'le', 'la', 'les', 'el', 'il', 'der', 'die', 'das']);

/** Normalised, spaced title key: "The Lord of the Rings: Part II" → "lord of the rings part 2". */
export function titleKey(title: string): string {
  const ws = words(title).map((w, i) => (i > 0 && ROMAN.get(w)) || NUMBERS.get(w) || w);
  while (ws.length > 1 && LEADING_ARTICLES.has(ws[0])) ws.shift();
  return ws.join(' ').replace(/\bpart (\d+)\b/g, '$1');
}

const compact = (key: string) => key.replace(/ /g, '');

function gramsOf(compactKey: string): string[] {
  const s = `  ${compactKey} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) out.add(s.slice(i, i + 3));
  return [...out];
}

export function buildTitleIndex(movies: readonly Movie[]): TitleIndex {
  const exact = new Map<string, number[]>();
  const keys: string[] = [];
  const rows: number[] = [];
  const collections = new Map<string, { id: number; rows: number[] }>();
  movies.forEach((m, row) => {
    for (const t of m.originalTitle && m.originalTitle !== m.title ? [m.title, m.originalTitle] : [m.title]) {
      const key = titleKey(t);
      if (!key) continue;
      const ck = compact(key);
      const list = exact.get(ck);
      if (list) {
        if (!list.includes(row)) list.push(row);
      } else exact.set(ck, [row]);
      keys.push(key);
      rows.push(row);
    }
    if (m.collection) {
      const ck = compact(
        titleKey(m.collection.name.replace(/\s*(?:collection|trilogy|series|saga|franchise)\s*$/i, '')),
      );
      const c = collections.get(ck);
      if (c) c.rows.push(row);
      else collections.set(ck, { id: m.collection.id, rows: [row] });
    }
  });
  return { movies, exact, keys, entryRow: Int32Array.from(rows), collections };
}

/** Rows whose title (or original title) is exactly `phrase` once normalised ("the matrix" → The Matrix). */
export function exactTitleRows(index: TitleIndex, phrase: string): readonly number[] {
  const key = titleKey(phrase);
  return key ? (index.exact.get(compact(key)) ?? []) : [];
}

/** Builds the fuzzy-matching trigram index now (e.g. while the app is idle) instead of on first use. */
export function prepareFuzzyTitles(index: TitleIndex): TrigramIndex {
  if (index.trigrams) return index.trigrams;
  // Two passes into one block (CSR): counting first avoids an array per trigram.
  const gramId = new Map<string, number>();
  const perEntry: number[][] = index.keys.map((key) =>
    gramsOf(compact(key)).map((g) => {
      let id = gramId.get(g);
      if (id === undefined) gramId.set(g, (id = gramId.size));
      return id;
    }),
  );
  const start = new Uint32Array(gramId.size + 1);
  for (const ids of perEntry) for (const id of ids) start[id + 1]++;
  for (let g = 0; g < gramId.size; g++) start[g + 1] += start[g];
  const fill = start.slice(0, gramId.size);
  const entries = new Int32Array(start[gramId.size]);
  perEntry.forEach((ids, e) => {
    for (const id of ids) entries[fill[id]++] = e;
  });
  index.trigrams = { gramId, start, entries };
  return index.trigrams;
}

/** Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring). */
export function osaDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m];
}

/**
 * Ranking = match quality + fame: an exact match of an obscure film loses to a prefix match of a famous one
 * ("lord of the rings" → the 2001 film, not the 1978 cartoon), but a famous exact title always wins.
 */
const FAME_WEIGHT = 0.3;

function rankMatches(index: TitleIndex, list: TitleMatch[], year: number | null): TitleMatch[] {
  const key = (x: TitleMatch) => {
    const y = index.movies[x.row].year;
    const yearBonus = year === null || y === null ? 0 : y === year ? 0.5 : Math.abs(y - year) <= 1 ? 0.25 : 0;
    return x.score + FAME_WEIGHT * fame(index.movies[x.row]) + yearBonus;
  };
  return [...list].sort((a, b) => key(b) - key(a));
}

/** How well-known a movie is, 0..~1: log votes, so 10k votes ≈ 1 and an unrated film ≈ 0. */
function fame(m: Movie): number {
  return Math.min(1, Math.log10(1 + m.votes) / 4);
}

function best(index: TitleIndex, rows: readonly number[], year: number | null): number {
  let bestRow = rows[0];
  let bestScore = -Infinity;
  for (const r of rows) {
    const m = index.movies[r];
    const s =
      fame(m) +
      (year !== null && m.year !== null ? (m.year === year ? 2 : Math.abs(m.year - year) <= 1 ? 1 : 0) : 0);
    if (s > bestScore) {
      bestScore = s;
      bestRow = r;
    }
  }
  return bestRow;
}

/** Rows whose title key starts with `key` followed by more words. */
function prefixRowsOf(index: TitleIndex, key: string): number[] {
  const rows = new Set<number>();
  for (let e = 0; e < index.keys.length; e++) {
    const k = index.keys[e];
    if (k.length > key.length && k.startsWith(key) && k[key.length] === ' ') rows.add(index.entryRow[e]);
  }
  return [...rows];
}

function toMatch(index: TitleIndex, row: number, score: number, how: TitleMatch['how']): TitleMatch {
  const m = index.movies[row];
  return { row, id: m.id, title: m.title, year: m.year, score, how };
}

/**
 * Resolve a user's title phrase to movies, best first. A trailing year ("Titanic 1953", "Alien (1979)") is a
 * hint, unless the whole phrase is itself a title ("2012").
 */
export function resolveTitle(
  index: TitleIndex,
  phrase: string,
  opts: { limit?: number; year?: number } = {},
): TitleMatch[] {
  const limit = opts.limit ?? 5;
  let year = opts.year ?? null;
  let key = titleKey(phrase);
  const ym = /^(.+?) ((?:18|19|20)\d\d)$/.exec(key);
  if (ym && !index.exact.has(compact(key))) {
    key = ym[1];
    year = Number(ym[2]);
  }
  // "the godfather collection", "star wars movies": the series name.
  const series = /^(.+) (?:collection|trilogy|series|saga|franchise|movies|films)$/.exec(key);
  if (series && !index.exact.has(compact(key))) key = series[1];
  if (!key) return [];
  const ck = compact(key);
  const out: TitleMatch[] = [];
  const seen = new Set<number>();
  const push = (mt: TitleMatch) => {
    if (seen.has(mt.row)) return;
    seen.add(mt.row);
    out.push(mt);
  };

  const exactRows = index.exact.get(ck);
  if (exactRows) {
    const ranked = [...exactRows].sort((a, b) => (best(index, [a, b], year) === a ? -1 : 1));
    for (const r of ranked) push(toMatch(index, r, 1, 'exact'));
  }
  const coll = index.collections.get(ck);
  if (coll) {
    const r = best(index, coll.rows, year);
    const mt = toMatch(index, r, 0.97, 'collection');
    mt.collectionId = coll.id;
    // A collection name that is also a film's exact title ("Shrek") keeps the film first.
    if (!exactRows) {
      out.unshift(mt);
      seen.add(r);
    } else push(mt);
    // The film named exactly may itself open the collection ("Toy Story"): say so, for "similar" ranking.
    for (const x of out) if (coll.rows.includes(x.row)) x.collectionId = coll.id;
  }

  // Numbered sequel of a series named by its prefix: "harry potter 2" → the second Harry Potter film by year.
  const seq = /^(.+) ([1-9])$/.exec(key);
  if (!exactRows && seq) {
    const series = prefixRowsOf(index, seq[1]);
    const n = Number(seq[2]);
    if (series.length >= n) {
      series.sort((a, b) => (index.movies[a].year ?? 9999) - (index.movies[b].year ?? 9999));
      push(toMatch(index, series[n - 1], 0.95, 'prefix'));
    }
  }

  // Prefix: "lord of the rings" → "lord of the rings the fellowship of the ring"; short keys need more letters.
  if (key.length >= 4) {
    const prefixRows = prefixRowsOf(index, key);
    if (prefixRows.length) {
      prefixRows.sort((a, b) => index.movies[b].votes - index.movies[a].votes);
      const first = best(index, prefixRows.slice(0, 20), year);
      push(toMatch(index, first, 0.9, 'prefix'));
      for (const r of prefixRows.slice(0, limit)) push(toMatch(index, r, 0.85, 'prefix'));
    }
  }
  if (out.length >= limit || (out.length > 0 && out[0].score >= 0.9))
    return rankMatches(index, out, year).slice(0, limit);

  // Fuzzy: trigram candidates, ranked by edit similarity and fame.
  const grams = gramsOf(ck);
  const tri = prepareFuzzyTitles(index);
  const counts = new Map<number, number>();
  for (const g of grams) {
    const id = tri.gramId.get(g);
    if (id === undefined) continue;
    const from = tri.start[id];
    const to = tri.start[id + 1];
    if (to - from > 20000) continue;
    for (let i = from; i < to; i++) {
      const e = tri.entries[i];
      counts.set(e, (counts.get(e) ?? 0) + 1);
    }
  }
  const scored: { e: number; s: number }[] = [];
  const qTokens = key.split(' ').length;
  for (const [e, n] of counts) {
    // Containment, not Dice: a misspelled prefix of a long title ("harry poter") shares most of its own grams.
    if (n / grams.length < 0.5) continue;
    const other = index.keys[e];
    const full = compact(other);
    let sim = 1 - osaDistance(ck, full) / Math.max(ck.length, full.length);
    const otherTokens = other.split(' ');
    if (otherTokens.length > qTokens) {
      const head = otherTokens.slice(0, qTokens).join('');
      sim = Math.max(sim, 1 - osaDistance(ck, head) / Math.max(ck.length, head.length) - 0.08);
    }
    if (sim < 0.7) continue;
    const m = index.movies[index.entryRow[e]];
    const yearBonus = year !== null && m.year === year ? 0.05 : 0;
    scored.push({ e, s: Math.min(0.89, sim * 0.85) + yearBonus });
  }
  scored.sort(
    (a, b) =>
      b.s +
      FAME_WEIGHT * fame(index.movies[index.entryRow[b.e]]) -
      a.s -
      FAME_WEIGHT * fame(index.movies[index.entryRow[a.e]]),
  );
  for (const { e, s } of scored.slice(0, limit * 2)) push(toMatch(index, index.entryRow[e], s, 'fuzzy'));
  return rankMatches(index, out, year).slice(0, limit);
}
