/**
 * Text normalization shared by the constraint parser, title resolution and BM25.
 * Everything is folded the same way so that "Amélie", "amelie" and "AMÉLIE!" meet.
 */

/** Lowercase, strip diacritics, unify quotes/dashes, "&" → "and". Keeps punctuation. */
export function foldText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/&/g, ' and ')
    .replace(/ß/g, 'ss')
    .replace(/[æ]/g, 'ae')
    .replace(/[œ]/g, 'oe')
    .replace(/[ø]/g, 'o')
    .replace(/[ł]/g, 'l');
}

// eslint-disable-next-line no-control-regex
export const ASCII = /^[\x00-\x7f]*$/;

/** Folded word tokens (letters and digits; apostrophes inside words are dropped: "don't" → "dont"). */
export function words(s: string): string[] {
  // Fast path for plain ASCII (most of the dataset): no Unicode normalisation or property escapes, which
  // made building the keyword index at load time twice as slow.
  return ASCII.test(s) ? asciiWords(s) : foldedWords(s);
}

const isLower = (c: number) => c >= 97 && c <= 122;

/**
 * `words` for ASCII text, as one scan instead of four regex passes (titles and names are folded by the
 * ten-thousand when the app starts). The rules, as regexes: lowercase; /&/g → ' and ';
 * /([a-z])'([a-z])/g → '$1$2' (matches do not overlap: in "a'b'c" only the first apostrophe goes);
 * split on /[^a-z0-9]+/.
 */
export function asciiWords(s: string): string[] {
  const t = s.toLowerCase();
  const n = t.length;
  const out: string[] = [];
  let start = -1;
  let head = ''; // the part before a dropped apostrophe ("don" of "don't")
  let joined = -1; // index of the letter after the last dropped apostrophe
  for (let i = 0; i <= n; i++) {
    const c = i < n ? t.charCodeAt(i) : 32;
    if (isLower(c) || (c >= 48 && c <= 57)) {
      if (start < 0) start = i;
      continue;
    }
    if (c === 39 && start >= 0 && i + 1 < n && i - 1 !== joined) {
      if (isLower(t.charCodeAt(i - 1)) && isLower(t.charCodeAt(i + 1))) {
        head += t.slice(start, i);
        start = i + 1;
        joined = i + 1;
        continue;
      }
    }
    if (start >= 0) out.push(head + t.slice(start, i));
    head = '';
    start = -1;
    if (c === 38) out.push('and');
  }
  return out;
}

/** `words` for any text (the Unicode path: folded, any script's letters and digits). */
export function foldedWords(s: string): string[] {
  return foldText(s)
    .replace(/(\p{L})'(\p{L})/gu, '$1$2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** English function words that carry no topical meaning for keyword search. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then else of at by for with about against between into through during before after ' +
    'above below to from up down in out on off over under again further once here there when where why how all any ' +
    'both each few more most other some such no nor not only own same so than too very s t can will just dont should ' +
    'now i me my myself we our ours you your yours he him his himself she her hers herself it its itself they them ' +
    'their theirs what which who whom this that these those am is are was were be been being have has had having do ' +
    'does did doing would could might must shall im ive id youre its thats theres isnt wasnt arent werent didnt doesnt ' +
    'cant couldnt wouldnt shouldnt also like just really maybe think remember movie movies film films watch watched ' +
    'saw seen see one get got something anything thing things know kind sort lot bit pretty quite still even ever ' +
    'please thanks thank help looking look find trying try title name called'
  ).split(' '),
);

/**
 * A tiny English suffix stripper (plural/verb endings) so "ghosts" meets "ghost" and "hunting" meets "hunt".
 * Deliberately conservative: a real Porter stemmer conflates too much for names and titles.
 */
export function stem(w: string): string {
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ing') && w.length > 5) return undouble(w.slice(0, -3));
  if (w.endsWith('ed') && w.length > 4) return undouble(w.slice(0, -2));
  if (w.endsWith('es') && /(x|ch|sh|ss|zz)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) return w.slice(0, -1);
  return w;
}

function undouble(w: string): string {
  return /([bdfgmnprt])\1$/.test(w) ? w.slice(0, -1) : w;
}

/** Tokens for keyword search: folded, stopwords removed, stemmed. */
export function searchTokens(s: string): string[] {
  const out: string[] = [];
  for (const w of words(s)) {
    if (STOPWORDS.has(w) || (w.length < 2 && !/\d/.test(w))) continue;
    out.push(stem(w));
  }
  return out;
}

const NUMBER_WORDS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  a: 1,
  an: 1,
};

/** "two" → 2, "1.5" → 1.5, "an" → 1; null when not a number. */
export function parseNumberWord(s: string): number | null {
  const t = s.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  return t in NUMBER_WORDS ? NUMBER_WORDS[t] : null;
}

/** Collapse runs of whitespace and trim. */
export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
