import type { Constraints, QualityHint } from '../types.ts';
import type { GenreName } from './genres.ts';
import type { PeopleIndex } from './people.ts';
import type { TitleIndex } from './titles.ts';
import { extractAudience } from './stages/audience.ts';
import { extractGenres } from './stages/genres.ts';
import { extractNamedMovies } from './stages/named-movies.ts';
import { extractNegatives } from './stages/negatives.ts';
import { extractPeople } from './stages/people.ts';
import { extractPlaces } from './stages/places.ts';
import { extractQuality } from './stages/quality.ts';
import { extractRefs } from './stages/refs.ts';
import { finishRest } from './stages/rest.ts';
import { extractRuntime } from './stages/runtime.ts';
import { startParse } from './stages/state.ts';
import { extractTitleWords } from './stages/title-words.ts';
import { extractYearMentions } from './stages/year-mentions.ts';
import { extractYears } from './stages/years.ts';
import { extractMoods } from './stages/moods.ts';

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
  /** Moods and tones named (labels of query/moods.ts). */
  moods: string[];
  /** What is left: themes, plot, mood. */
  rest: string;
  /** Long descriptive text (tip-of-the-tongue post): constraints are softened into hints. */
  long: boolean;
}

export interface ParseContext {
  people?: PeopleIndex;
  /** The catalogue's titles, for "Heat (1995)" mentions (absent: none are read). */
  titles?: TitleIndex;
  /** Latest year in the data; "recent" means the last few years before it. */
  latestYear?: number;
  /** Words above which a message is treated as a descriptive post (soft constraints). */
  longWords?: number;
}

/**
 * Parse a user message into constraints, hints, named-movie phrases and free text.
 *
 * Each stage reads the working text, records what it understood and blanks the phrases it used, so the
 * order matters: specific phrases ("not horror", "like Alien", "directed by …") go before the general
 * word lists, and genres go last because they look at the words left around them.
 */
export function parseQuery(text: string, ctx: ParseContext = {}): ParsedQuery {
  const s = startParse(text, ctx);
  extractTitleWords(s); // "the title had the words 'next door'"
  extractYearMentions(s, ctx.titles); // "I loved Heat (1995)"
  extractRefs(s); // "more like #2"
  extractAudience(s); // "for adults" → no Family
  extractNegatives(s); // "but not horror", "less violent"
  extractNamedMovies(s); // "movies like Alien"
  extractPeople(s, ctx.people); // "with Tom Hanks"
  extractYears(s); // "from the 90s", "before 1960"
  extractRuntime(s); // "under 2 hours"
  extractQuality(s); // "hidden gems"
  extractPlaces(s); // "korean movies"
  extractMoods(s); // "something cozy", "a tearjerker"
  extractGenres(s); // "war movies", "something funny"
  finishRest(s, text);
  return s.out;
}
