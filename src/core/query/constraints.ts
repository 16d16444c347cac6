import type { Constraints, QualityHint } from '../types.ts';
import { GENRE_PHRASES, type GenreName } from './genres.ts';
import { PLACE_WORDS } from './places.ts';
import { findPeople, type PeopleIndex } from './people.ts';
import { foldText, parseNumberWord, squash, words } from './text.ts';

/** What the rule parser found in a message. Hard facts go to `constraints`; hints only re-rank. */
export interface ParsedQuery {
  constraints: Constraints;
  /** Genres to prefer (mood words, genre words in descriptive text). */
  boostGenres: GenreName[];
  /** Year window to prefer (long descriptive posts: "I saw it around 2013"). */
  boostYears?: [number, number];
  /** People named in descriptive text (preferred, not required). */
  boostPeople: string[];
  /** Languages / countries named in descriptive text (preferred). */
  boostLanguages: string[];
  quality: QualityHint;
  /** Words to steer away from ("less violent" → "violent"). */
  avoidTerms: string[];
  /** Words the user says are in the title ("the title had the words 'next door'"). */
  titleWords: string[];
  /** Raw phrases after "like …" / "similar to …" (the planner resolves them to movies). */
  likePhrases: string[];
  unlikePhrases: string[];
  /** "#2", "number 3": 1-based references to the previous result list. */
  refs: number[];
  /** What is left: themes, plot, mood. */
  rest: string;
  /** Long descriptive text (tip-of-the-tongue post): constraints are softened into hints. */
  long: boolean;
}

export interface ParseContext {
  people?: PeopleIndex;
  /** Latest year in the data; "recent" means the last few years before it. */
  latestYear?: number;
  /** Words above which a message is treated as a descriptive post (soft constraints). */
  longWords?: number;
}

/** Nouns that make a preceding genre/place word a request head ("korean movies", "war films"). */
const HEAD_NOUNS = new Set(
  'movie movies film films flick flicks cinema picture pictures show shows series one ones stuff classic classics feature features title titles genre'.split(
    ' ',
  ),
);
/** Words that may sit between an adjective and its head ("french romantic comedies", "good old westerns"). */
const BETWEEN_WORDS = new Set(
  'good great old new classic classics indie independent black white silent recent popular and or best top short long b cult'.split(
    ' ',
  ),
);

/** Words that open a new clause after a list of titles. */
const CLAUSE_START =
  /^(?:but|except|from|released|made|before|after|that|which|what|where|please|with|without|in|set|something|anything|not|no|only|preferably|ideally|maybe|i|we|it|and (?:not|no|with|from))\b/;

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

const NUM = String.raw`(\d+(?:\.\d+)?|one|two|three|four|five|an?|half an?)`;
const UNIT = String.raw`(hours?|hrs?|h|minutes?|mins?|m)\b`;

/** Parse a user message into constraints, hints, named-movie phrases and free text. */
export function parseQuery(text: string, ctx: ParseContext = {}): ParsedQuery {
  const latestYear = ctx.latestYear ?? 2017;
  const original = squash(foldText(text));
  const long = words(original).length > (ctx.longWords ?? 30);
  // Work on a copy where consumed phrases are blanked out, so each phrase is used once.
  let t = ' ' + original.replace(/[,!?;:()[\]{}]/g, ' , ').replace(/(\w)\.(\s|$)/g, '$1 , ') + ' ';
  const out: ParsedQuery = {
    constraints: {},
    boostGenres: [],
    boostPeople: [],
    boostLanguages: [],
    quality: null,
    avoidTerms: [],
    titleWords: [],
    likePhrases: [],
    unlikePhrases: [],
    refs: [],
    rest: '',
    long,
  };
  const c = out.constraints;
  const blank = (start: number, end: number) => {
    t = t.slice(0, start) + ' '.repeat(end - start) + t.slice(end);
  };
  /** Run a global regex over the current text, blanking each match the handler accepts. */
  const consume = (re: RegExp, handle: (m: RegExpExecArray) => boolean | void) => {
    re.lastIndex = 0;
    const matches: RegExpExecArray[] = [];
    for (let m = re.exec(t); m; m = re.exec(t)) {
      matches.push(m);
      if (m[0].length === 0) re.lastIndex++;
    }
    for (const m of matches) if (handle(m) !== false) blank(m.index, m.index + m[0].length);
  };

  // Title words: quoted phrases and "the title had the word(s) X".
  consume(/"([^"]{2,60})"/g, (m) => {
    if (long || /\b(?:title|called|named)\b/.test(t.slice(Math.max(0, m.index - 40), m.index))) {
      out.titleWords.push(squash(m[1]));
    } else out.likePhrases.push(squash(m[1]));
  });
  consume(
    /\btitle (?:had|has|contained|contains|included|includes|was something like) (?:the )?(?:words?|name) ([a-z0-9' ]{2,40}?)(?= ,|$| in it| and )/g,
    (m) => {
      if (!squash(m[1])) return false;
      out.titleWords.push(squash(m[1]));
    },
  );

  // References to the previous list: "#2", "number 3", "the second one".
  const ORD: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, last: -1 };
  consume(/(?:more |something |anything )?(?:like |similar to )?(?:#|number |no\. ?)(\d{1,2})\b/g, (m) => {
    out.refs.push(Number(m[1]));
  });
  consume(
    /(?:more |something |anything )?(?:like |similar to )the (first|second|third|fourth|fifth|last) one\b/g,
    (m) => {
      out.refs.push(ORD[m[1]]);
    },
  );

  // Audience: "for adults", "grown-up movies", "adult animation" rule out family films ("for kids" and
  // "family friendly" are genre phrases: Family). "Not for adults" is left alone: it does not say "for kids".
  if (!long) {
    consume(
      /(?<!\b(?:not|never|no|isn't|aren't) )\b(?:(?:meant |made |aimed )?(?:for|aimed at) (?:an? )?(?:adults?|grown[- ]?ups?|mature (?:audiences?|viewers?)|(?:an? )?older (?:audiences?|viewers?))|adults?[- ]only|grown[- ]?up(?= (?:movies?|films?|flicks?|stories|animat|cartoons?|animes?|comed|dramas?|fantas|ones?))|adult(?= (?:animat|cartoons?|animes?)))\b/g,
      () => {
        c.excludeGenres = union(c.excludeGenres, ['Family']);
      },
    );
  }

  // Negatives: "but not horror", "no musicals", "nothing too scary", "less violent", "not like Twilight".
  if (!long) {
    consume(
      /\b(?:but |and )?(?:not|no|without|except(?: for)?|excluding|avoid|nothing|anything but|less|never|non|unlike|minus)(?! (?:more|less|longer|shorter|over|under|later|earlier|older|newer|than|sure|idea)\b)(?: like| too| very| so| any| a| an| the)*[- ]([a-z0-9' -]+?)(?= ,| but | and | or | with | from | in the | that |$)/g,
      (m) => {
        const phrase = squash(m[1]);
        const genres = genresIn(' ' + phrase + ' ');
        if (genres.hard.length || genres.soft.length) {
          // Mood words negate the genre they stand for ("nothing scary" → no Horror).
          c.excludeGenres = union(c.excludeGenres, [...genres.hard, ...genres.soft]);
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

  // "movies like X", "similar to X", "if I liked X": the phrase after the cue, up to a clause boundary.
  if (!long) {
    consume(
      /(?:^|\b(?:movies?|films?|flicks?|something|anything|stuff|more|ones?|shows?|others?|just|recommend(?: me)?|want|need)) +(?:like|similar to|such as)\b|\b(?:similar to|such as|in the vein of|reminiscent of|along the lines of|comparable to|fans? of|if (?:i|you|we) (?:liked|loved|enjoyed)|(?:i|we) (?:liked|loved|enjoyed|adored|love|like)|(?:reminds me of|remind me of))\b +([^,]+(?: , [^,]+)*)/g,
      (m) => {
        // A list of titles may run on over commas ("like Alien, Aliens and Predator") until a new clause starts.
        const segs = (m[1] ?? t.slice(m.index + m[0].length)).split(' , ');
        let after = segs[0];
        for (const seg of segs.slice(1)) {
          if (!seg.trim() || CLAUSE_START.test(seg.trim())) break;
          after += ' , ' + seg;
        }
        const cut = after.split(
          / (?:but|except|from the|released|made|before|after|that|which|what|where|please|with a|in the \d)\b/,
        )[0];
        const phrase = squash(cut);
        // "I love horror movies", "I like french films with subtitles": a taste, not a title.
        const first = phrase.split(' ')[0] ?? '';
        const isTaste =
          HEAD_NOUNS.has(first) ||
          GENRE_PHRASES.some((g) => !g.soft && new RegExp(`^(?:${g.re.source})`).test(phrase)) ||
          PLACE_WORDS.some((p) => new RegExp(`^(?:${p.re.source})`).test(phrase));
        if (isTaste) return false;
        if (!m[1]) blank(m.index + m[0].length, m.index + m[0].length + cut.length + 1);
        if (phrase) out.likePhrases.push(phrase);
        if (m[1]) {
          blank(m.index, m.index + m[0].length - m[1].length + cut.length);
          return false;
        }
      },
    );
  }

  // People: validated against the dataset's credits.
  if (ctx.people) {
    const toks: { w: string; start: number; end: number }[] = [];
    for (const m of t.matchAll(/[a-z0-9']+/g))
      toks.push({ w: m[0].replace(/'/g, ''), start: m.index, end: m.index + m[0].length });
    const cueEnds = new Set<number>();
    toks.forEach((tk, i) => {
      if (/^(?:with|starring|featuring|by|director|directed|actor|actress|star|stars)$/.test(tk.w))
        cueEnds.add(i + 1);
    });
    const found = findPeople(
      toks.map((x) => x.w),
      ctx.people,
      { minCredits: long ? 3 : 4, cueEnds },
    );
    for (const p of found) {
      if (long) out.boostPeople.push(p.name);
      else c.people = union(c.people, [p.name]);
      let s = p.start;
      if (s > 0 && cueEnds.has(s)) s--;
      if (s > 0 && toks[s].w === 'by' && toks[s - 1].w === 'directed') s--;
      blank(toks[s].start, toks[p.end - 1].end);
    }
  }

  // Years, ranges and decades.
  const years: [number | null, number | null][] = [];
  const decadeOf = (d: string): number => {
    const n = Number(d.replace(/\D/g, ''));
    if (n >= 1000) return n;
    return n >= 20 ? 1900 + n : 2000 + n;
  };
  const part = (q: string | undefined, start: number): [number, number] =>
    q === 'early'
      ? [start, start + 3]
      : q === 'mid'
        ? [start + 3, start + 6]
        : q === 'late'
          ? [start + 6, start + 9]
          : [start, start + 9];
  const Y = String.raw`((?:18[89]|19\d|20[0-4])\d)`;
  const DEC = String.raw`(?:the )?(?:(early|mid|late)[- ])?'?((?:1[89]|20)?\d0)'?s`;
  consume(
    new RegExp(String.raw`\b(?:from |between )?(?:the )?${Y} ?(?:-|to|and|until|till|through) ?${Y}\b`, 'g'),
    (m) => {
      years.push([Math.min(+m[1], +m[2]), Math.max(+m[1], +m[2])]);
    },
  );
  consume(
    new RegExp(
      String.raw`\b(?:before|pre-?|prior to|earlier than|older than|until|up to|through)(?: the)? ${Y}\b`,
      'g',
    ),
    (m) => {
      const inclusive = /until|up to|through/.test(m[0]);
      years.push([null, +m[1] - (inclusive ? 0 : 1)]);
    },
  );
  consume(new RegExp(String.raw`\b(?:before|pre-?|prior to|earlier than|older than) ${DEC}\b`, 'g'), (m) => {
    years.push([null, decadeOf(m[2]) - 1]);
  });
  consume(new RegExp(String.raw`\b(?:after|post-?|later than|newer than) ${Y}\b`, 'g'), (m) => {
    years.push([+m[1] + 1, null]);
  });
  consume(new RegExp(String.raw`\b(?:after|post-?|later than|newer than) ${DEC}\b`, 'g'), (m) => {
    years.push([decadeOf(m[2]) + 10, null]);
  });
  consume(
    new RegExp(
      String.raw`\b(?:since |from )?${Y} (?:or|and) (?:later|newer|after|onwards?|up|beyond)\b|\bsince ${Y}\b|\bfrom ${Y} on(?:wards?)?\b`,
      'g',
    ),
    (m) => {
      years.push([+(m[1] ?? m[2] ?? m[3]), null]);
    },
  );
  consume(new RegExp(String.raw`\b${Y} (?:or|and) (?:earlier|before|older)\b`, 'g'), (m) => {
    years.push([null, +m[1]]);
  });
  consume(new RegExp(String.raw`\b(?:from |in |of |during )?${DEC}\b`, 'g'), (m) => {
    years.push(part(m[1], decadeOf(m[2])));
  });
  consume(
    /\b(?:the )?(?:(early|mid|late)[- ])?(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b/g,
    (m) => {
      years.push(part(m[1], DECADE_WORDS[m[2]]));
    },
  );
  consume(
    new RegExp(
      String.raw`\b(?:(?:released |made |came out |from |in |of |around |circa |about )(?:in |around )?)?${Y}\b`,
      'g',
    ),
    (m) => {
      const y = +m[1];
      // In a post, "I saw it in 2013" bounds the release from above more than it names it.
      years.push(long ? [y - 3, y + 1] : [y, y]);
    },
  );
  consume(/\b(?:recent|latest|newest|new releases?|brand new|last few years)\b/g, () => {
    years.push([latestYear - 4, null]);
  });
  consume(
    /\b(?:old|older|vintage|black and white|b&w|silent)\b(?= (?:movies?|films?|flicks?|ones?|classics?|westerns?|comedies|horror))/g,
    (m) => {
      years.push([null, /silent/.test(m[0]) ? 1929 : 1969]);
    },
  );
  if (years.length) {
    const lo = years.map((y) => y[0]);
    const hi = years.map((y) => y[1]);
    const min =
      lo.some((x) => x === null) && !long ? null : Math.min(...(lo.filter((x) => x !== null) as number[]));
    const max =
      hi.some((x) => x === null) && !long ? null : Math.max(...(hi.filter((x) => x !== null) as number[]));
    if (long) {
      const a = Number.isFinite(min) ? (min as number) : 1900;
      const b = Number.isFinite(max) ? (max as number) : latestYear;
      out.boostYears = [Math.min(a, b), Math.max(a, b)];
    } else {
      // Several mentions in a short request intersect ("after 2000 … before 2010").
      const lo2 = lo.filter((x) => x !== null) as number[];
      const hi2 = hi.filter((x) => x !== null) as number[];
      const from = lo2.length ? Math.max(...lo2) : null;
      const to = hi2.length ? Math.min(...hi2) : null;
      c.years = from !== null && to !== null && from > to ? [min, max] : [from, to];
    }
  }

  // Runtime.
  const minutes = (n: string, unit: string): number | null => {
    const v = /^half/.test(n) ? 0.5 : parseNumberWord(n);
    if (v === null) return null;
    return Math.round(/^h/.test(unit) ? v * 60 : v);
  };
  const runtime: [number | null, number | null] = [null, null];
  consume(new RegExp(String.raw`\b(?:an hour and a half|one and a half hours?|1\.5 hours?)\b`, 'g'), (m) => {
    t = t.slice(0, m.index) + '90 minutes'.padEnd(m[0].length, ' ') + t.slice(m.index + m[0].length);
    return false;
  });
  consume(new RegExp(String.raw`\bbetween ${NUM} and ${NUM} ?${UNIT}`, 'g'), (m) => {
    runtime[0] = minutes(m[1], m[3]);
    runtime[1] = minutes(m[2], m[3]);
  });
  consume(
    new RegExp(
      String.raw`\b(under|less than|shorter than|below|within|no more than|at most|max(?:imum)?|up to|no longer than|not over|not more than) ${NUM}[- ]?${UNIT}`,
      'g',
    ),
    (m) => {
      const v = minutes(m[2], m[3]);
      if (v === null) return false;
      runtime[1] = /under|less|shorter|below/.test(m[1]) ? v - 1 : v;
    },
  );
  consume(
    new RegExp(
      String.raw`\b(over|more than|longer than|above|at least|min(?:imum)?|no shorter than|not under|not less than) ${NUM}[- ]?${UNIT}`,
      'g',
    ),
    (m) => {
      const v = minutes(m[2], m[3]);
      if (v === null) return false;
      runtime[0] = /at least|min|no shorter|not under|not less/.test(m[1]) ? v : v + 1;
    },
  );
  consume(
    /\b(?:short|quick)(?= (?:movies?|films?|flicks?|ones?|watch))|\bsomething (?:short|quick)\b/g,
    () => {
      runtime[1] = 90;
    },
  );
  consume(/\blong(?= (?:movies?|films?|flicks?|ones?))|\bepic[- ]length\b/g, () => {
    runtime[0] = 150;
  });
  if (runtime[0] !== null || runtime[1] !== null) c.runtime = runtime;

  // Quality hints.
  consume(
    /\b(?:hidden gems?|underrated|under-rated|lesser[- ]known|little[- ]known|obscure|under-?seen|under the radar|overlooked)\b/g,
    () => {
      out.quality = 'hidden-gem';
    },
  );
  consume(
    /\b(?:highly[- ]rated|top[- ]rated|best[- ]rated|well[- ]rated|(?:critically )?acclaimed|award[- ]winning|masterpieces?|must[- ]see|best|greatest|classic|classics|highest[- ]rated|oscar[- ]winning)\b/g,
    () => {
      out.quality ??= 'acclaimed';
    },
  );
  consume(
    /\b(?:popular|blockbusters?|famous|well[- ]known|mainstream|crowd[- ]pleasers?|trending)\b/g,
    () => {
      out.quality ??= 'popular';
    },
  );

  // Places (language / country).
  for (const p of PLACE_WORDS) {
    consume(new RegExp(p.re.source, 'g'), (m) => {
      const before = t.slice(Math.max(0, m.index - 12), m.index);
      const headed =
        !long &&
        (hasHead(t, m.index + m[0].length) ||
          /\b(?:in|from|made in)\s*$/.test(before) ||
          words(t).length <= 4);
      if (headed) {
        if (p.languages) c.languages = union(c.languages, p.languages);
        if (p.countries) c.countries = union(c.countries, p.countries);
      } else {
        out.boostLanguages.push(...(p.languages ?? []));
        return false; // "a French spy": leave the word for the semantic search too
      }
    });
  }

  // Genres last: they read the other words around them.
  for (const g of GENRE_PHRASES) {
    consume(new RegExp(g.re.source, 'g'), (m) => {
      const before = t.slice(Math.max(0, m.index - 20), m.index);
      const about = /\b(?:about|involving|on|of|featuring)\s+(?:a |an |the )?\S*\s*$/.test(before);
      const hard = !long && !g.soft && !about && (!g.needsHead || hasHead(t, m.index + m[0].length));
      if (hard) c.genres = union(c.genres, g.genres);
      else out.boostGenres = union(out.boostGenres, g.genres) as GenreName[];
      // Mood and topic words stay in the text: they carry meaning for the semantic search.
      return hard;
    });
  }
  if (c.excludeGenres && c.genres) c.genres = c.genres.filter((g) => !c.excludeGenres!.includes(g));

  out.rest = restoreCase(
    squash(t.replace(/ ,( ,)*/g, ','))
      .replace(/^[, ]+|[, ]+$/g, '')
      .replace(/\s+,/g, ','),
    text,
  );
  return out;
}

/**
 * The parser works on folded lowercase text; the free text goes back to the user's casing, because the
 * sentence embedder is case-sensitive ("Gotham" and "gotham" differ) and the indexed documents are cased.
 */
function restoreCase(rest: string, original: string): string {
  const orig = original.match(/[\p{L}\p{N}']+/gu) ?? [];
  const keys = orig.map((w) => foldText(w));
  let cursor = 0;
  // Walk both in order: the rest is the original minus some phrases, so each word is found ahead.
  return rest.replace(/[\p{L}\p{N}']+/gu, (w) => {
    const i = keys.indexOf(w, cursor);
    if (i < 0) return w;
    cursor = i + 1;
    return orig[i];
  });
}

/** True when the words after `end` are (adjectives then) a movie noun or genre word. */
function hasHead(t: string, end: number): boolean {
  const next = t.slice(end).trim().split(/\s+/).slice(0, 4);
  for (const raw of next) {
    const wd = raw.replace(/[^a-z0-9-]/g, '');
    if (!wd) return false;
    if (HEAD_NOUNS.has(wd)) return true;
    if (GENRE_PHRASES.some((g) => !g.soft && !g.needsHead && new RegExp(`^(?:${g.re.source})$`).test(wd)))
      return true;
    if (BETWEEN_WORDS.has(wd) || PLACE_WORDS.some((p) => new RegExp(`^(?:${p.re.source})$`).test(wd)))
      continue;
    if (GENRE_PHRASES.some((g) => new RegExp(`^(?:${g.re.source})$`).test(wd))) continue;
    return false;
  }
  return false;
}

function genresIn(s: string): { hard: GenreName[]; soft: GenreName[] } {
  const hard: GenreName[] = [];
  const soft: GenreName[] = [];
  for (const g of GENRE_PHRASES) {
    if (new RegExp(g.re.source).test(s)) (g.soft ? soft : hard).push(...g.genres);
  }
  return { hard, soft: soft.filter((x) => !hard.includes(x)) };
}

function union<T>(a: T[] | undefined, b: readonly T[]): T[] {
  const s = new Set(a ?? []);
  for (const x of b) s.add(x);
  return [...s];
}
