import { consume, type ParseState } from './state.ts';

/** A year window; `null` is an open end. */
type YearSpan = [number | null, number | null];

/** A year 1880–2049. */
const Y = String.raw`((?:18[89]|19\d|20[0-4])\d)`;
/** A decade: "the 80s", "the late 1990s", "'60s". Group 1: early/mid/late, group 2: the digits. */
const DEC = String.raw`(?:the )?(?:(early|mid|late)[- ])?'?((?:1[89]|20)?\d0)'?s`;

const DECADE_WORDS: Record<string, number> = {
  twenties: 1920,
  thirties: 1930,
  forties: 1940,
  fifties: 1950,
  sixties: 1960,
  seventies: 1970,
  eighties: 1980,
  nineties: 1990,
};

/** "80s" → 1980, "10s" → 2010, "1990s" → 1990. */
function decadeOf(d: string): number {
  const n = Number(d.replace(/\D/g, ''));
  if (n >= 1000) return n;
  return n >= 20 ? 1900 + n : 2000 + n;
}

/** The early / mid / late part of the decade starting at `start` (or all of it). */
function part(q: string | undefined, start: number): [number, number] {
  return q === 'early'
    ? [start, start + 3]
    : q === 'mid'
      ? [start + 3, start + 6]
      : q === 'late'
        ? [start + 6, start + 9]
        : [start, start + 9];
}

/**
 * Years, ranges and decades. Every mention becomes a window; in a request the windows intersect into
 * `constraints.years`, in a post they widen into the `boostYears` hint.
 */
export function extractYears(s: ParseState): void {
  // Bounded phrases first, so "before 1990" is not also read as the bare year 1990.
  const years = [...rangesAndBounds(s), ...decadesAndYears(s)];
  if (years.length) settleYears(s, years);
}

/** "1990 to 1995", "before 1960", "after the 80s", "since 2010", "2015 or later", "2001 or earlier". */
function rangesAndBounds(s: ParseState): YearSpan[] {
  const years: YearSpan[] = [];
  const rx = (source: string) => new RegExp(source, 'g');
  consume(
    s,
    rx(String.raw`\b(?:from |between )?(?:the )?${Y} ?(?:-|to|and|until|till|through) ?${Y}\b`),
    (m) => {
      years.push([Math.min(+m[1], +m[2]), Math.max(+m[1], +m[2])]);
    },
  );
  consume(
    s,
    rx(String.raw`\b(?:before|pre-?|prior to|earlier than|older than|until|up to|through)(?: the)? ${Y}\b`),
    (m) => {
      const inclusive = /until|up to|through/.test(m[0]);
      years.push([null, +m[1] - (inclusive ? 0 : 1)]);
    },
  );
  consume(s, rx(String.raw`\b(?:before|pre-?|prior to|earlier than|older than) ${DEC}\b`), (m) => {
    years.push([null, decadeOf(m[2]) - 1]);
  });
  consume(s, rx(String.raw`\b(?:after|post-?|later than|newer than) ${Y}\b`), (m) => {
    years.push([+m[1] + 1, null]);
  });
  consume(s, rx(String.raw`\b(?:after|post-?|later than|newer than) ${DEC}\b`), (m) => {
    years.push([decadeOf(m[2]) + 10, null]);
  });
  consume(
    s,
    rx(
      String.raw`\b(?:since |from )?${Y} (?:or|and) (?:later|newer|after|onwards?|up|beyond)\b|\bsince ${Y}\b|\bfrom ${Y} on(?:wards?)?\b`,
    ),
    (m) => {
      years.push([+(m[1] ?? m[2] ?? m[3]), null]);
    },
  );
  consume(s, rx(String.raw`\b${Y} (?:or|and) (?:earlier|before|older)\b`), (m) => {
    years.push([null, +m[1]]);
  });
  return years;
}

/** "the late 90s", "the fifties", "released in 1994", "something recent", "old movies". */
function decadesAndYears(s: ParseState): YearSpan[] {
  const years: YearSpan[] = [];
  consume(s, new RegExp(String.raw`\b(?:from |in |of |during )?${DEC}\b`, 'g'), (m) => {
    years.push(part(m[1], decadeOf(m[2])));
  });
  consume(
    s,
    /\b(?:the )?(?:(early|mid|late)[- ])?(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b/g,
    (m) => {
      years.push(part(m[1], DECADE_WORDS[m[2]]));
    },
  );
  consume(
    s,
    new RegExp(
      String.raw`\b(?:(?:released |made |came out |from |in |of |around |circa |about )(?:in |around )?)?${Y}\b`,
      'g',
    ),
    (m) => {
      const y = +m[1];
      // In a post, "I saw it in 2013" bounds the release from above more than it names it.
      years.push(s.long ? [y - 3, y + 1] : [y, y]);
    },
  );
  consume(s, /\b(?:recent|latest|newest|new releases?|brand new|last few years)\b/g, () => {
    years.push([s.latestYear - 4, null]);
  });
  consume(
    s,
    /\b(?:old|older|vintage|black and white|b&w|silent)\b(?= (?:movies?|films?|flicks?|ones?|classics?|westerns?|comedies|horror))/g,
    (m) => {
      years.push([null, /silent/.test(m[0]) ? 1929 : 1969]);
    },
  );
  return years;
}

/** Turn the collected windows into `constraints.years` (a request) or `boostYears` (a post). */
function settleYears(s: ParseState, years: YearSpan[]): void {
  const { long } = s;
  const lo = years.map((y) => y[0]);
  const hi = years.map((y) => y[1]);
  const min =
    lo.some((x) => x === null) && !long ? null : Math.min(...(lo.filter((x) => x !== null) as number[]));
  const max =
    hi.some((x) => x === null) && !long ? null : Math.max(...(hi.filter((x) => x !== null) as number[]));
  if (long) {
    const a = Number.isFinite(min) ? (min as number) : 1900;
    const b = Number.isFinite(max) ? (max as number) : s.latestYear;
    s.out.boostYears = [Math.min(a, b), Math.max(a, b)];
  } else {
    // Several mentions in a short request intersect ("after 2000 … before 2010").
    const lo2 = lo.filter((x) => x !== null) as number[];
    const hi2 = hi.filter((x) => x !== null) as number[];
    const from = lo2.length ? Math.max(...lo2) : null;
    const to = hi2.length ? Math.min(...hi2) : null;
    s.out.constraints.years = from !== null && to !== null && from > to ? [min, max] : [from, to];
  }
}
