import { GENRE_PHRASES } from '../genres.ts';
import { PLACE_WORDS } from '../places.ts';
import { squash } from '../text.ts';
import { HEAD_NOUNS } from './heads.ts';
import { blank, consume, type ParseState } from './state.ts';

/**
 * The cue before a named movie: "movies like", "similar to", "if I liked", "reminds me of" … The second
 * form also captures the text after the cue (group 1); after the first, the text is read from `t`.
 */
const LIKE_CUE =
  /(?:^|\b(?:movies?|films?|flicks?|something|anything|stuff|more|ones?|shows?|others?|just|recommend(?: me)?|want|need)) +(?:like|similar to|such as)\b|\b(?:similar to|such as|in the (?:vein|spirit|style|mou?ld|tradition) of|reminiscent of|along the lines of|comparable to|fans? of|if (?:i|you|we) (?:liked|loved|enjoyed|adored)|(?:i|we) (?:liked|loved|enjoyed|adored|love|like)|(?:reminds me of|remind me of)|(?:same|similar) (?:vibes?|feel(?:ing)?|tone|energy|mood|atmosphere|kind of thing) (?:to|as)|(?:vibes?|feels?) like|(?:watch|see) (?:next )?(?:after|following)(?: (?:watching|seeing|finishing))?|after (?:watching|seeing|finishing|loving)|(?:i )?(?:just )?(?:finished|rewatched|binged|loved watching))\b +([^,]+(?: , [^,]+)*)/g;

/** A title before a style suffix: "pulp fiction-style movies", "alien-like films", "a heat-esque thriller". */
const STYLE_SUFFIX =
  /(?:^|\s)((?:[a-z0-9'.&:]+ ){0,5}[a-z0-9'.&:]+)[- ](?:style|esque|like|type|inspired|ish)\b(?= (?:movies?|films?|flicks?|stuff|ones?|stories|thrillers?|comedies|dramas?|horrors?|westerns?)\b)/g;

/** Words that open a new clause after a list of titles. */
const CLAUSE_START =
  /^(?:but|except|from|released|made|before|after|that|which|what|where|please|with|without|in|set|something|anything|not|no|only|preferably|ideally|maybe|i|we|it|and (?:not|no|with|from))\b/;

/** Where the named movie ends inside its clause ("the matrix but from the 90s", "alien would love"). */
const PHRASE_END =
  / (?:but|except|from the|released|made|before|after|that|which|what|where|please|with a|in the \d|would|will|might|should|could|and (?:i|we|want|need|loved?|liked?)|so|now|next|is|was|tonight|today|this (?:weekend|evening|week)|(?:you|i|we) (?:will|would|might|should|could|want|need|like|love|liked|loved|enjoy|am|was))\b/;

/**
 * "movies like X", "similar to X", "if I liked X": the phrase after the cue, up to a clause boundary,
 * goes to `likePhrases` (the planner resolves it to movies). Short requests only.
 */
export function extractNamedMovies(s: ParseState): void {
  if (s.long) return;
  consume(s, STYLE_SUFFIX, (m) => {
    const phrase = squash(
      m[1].replace(/^(?:a|an|some|any|more|other|me|give me|recommend|show me|i want)\s+/g, ''),
    );
    if (!phrase || isTaste(phrase)) return false;
    s.out.likePhrases.push(phrase);
  });
  consume(s, LIKE_CUE, (m) => {
    const cut = titleListAfter(m[1] ?? s.t.slice(m.index + m[0].length));
    const phrase = squash(cut);
    if (isTaste(phrase)) return false;
    const matchEnd = m.index + m[0].length;
    // Without a capture the match is the cue alone: blank the phrase after it (and the match, below).
    if (!m[1]) blank(s, matchEnd, matchEnd + cut.length + 1);
    if (phrase) s.out.likePhrases.push(phrase);
    if (m[1]) {
      // Blank the cue and the phrase, but not the clause after it ("… but from the 90s").
      blank(s, m.index, matchEnd - m[1].length + cut.length);
      return false;
    }
  });
}

/** The text after a cue, cut where the list of titles ends. */
function titleListAfter(text: string): string {
  // A list of titles may run on over commas ("like Alien, Aliens and Predator") until a new clause starts.
  const segs = text.split(' , ');
  let after = segs[0];
  for (const seg of segs.slice(1)) {
    if (!seg.trim() || CLAUSE_START.test(seg.trim())) break;
    after += ' , ' + seg;
  }
  return after.split(PHRASE_END)[0];
}

/** "I love horror movies", "I like french films with subtitles": a taste, not a title. */
function isTaste(phrase: string): boolean {
  const first = phrase.split(' ')[0] ?? '';
  return (
    HEAD_NOUNS.has(first) ||
    GENRE_PHRASES.some((g) => !g.soft && new RegExp(`^(?:${g.re.source})`).test(phrase)) ||
    PLACE_WORDS.some((p) => new RegExp(`^(?:${p.re.source})`).test(phrase))
  );
}
