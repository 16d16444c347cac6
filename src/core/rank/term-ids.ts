import { ASCII, searchTokens, words } from '../query/text.ts';

/** A growable Int32Array: millions of token ids without a JS array of boxed numbers. */
export class IntList {
  data = new Int32Array(1 << 12);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/**
 * Text → keyword term ids, exactly as `searchTokens` tokenizes it, fast enough to index ~45k movies when
 * the app starts. ASCII text (95% of the dataset's fields) is scanned in place and each word is found in an
 * open-addressing table by a hash of its characters, so a word seen before costs no new string, no `Map`
 * lookup and no regex; a new word is folded, stopword-checked and stemmed once, by `searchTokens` itself.
 * Other text goes through `words()`, then the same table.
 */
export interface TermIds {
  /** Term → id, in order of first appearance. */
  readonly vocab: Map<string, number>;
  /** Appends the term ids of `text` to `out`. */
  add(text: string, out: IntList): void;
}

const isLower = (c: number) => c >= 97 && c <= 122;

function hashOf(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** Spreads a polynomial hash over the table's low bits (linear probing clusters otherwise). */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}

export function createTermIds(): TermIds {
  const vocab = new Map<string, number>();
  const termId = (token: string) => {
    let id = vocab.get(token);
    if (id === undefined) vocab.set(token, (id = vocab.size));
    return id;
  };
  let cap = 1 << 14;
  let slots = new Int32Array(cap).fill(-1); // word index per slot, -1 = empty
  const wordText: string[] = [];
  let wordHash = new Int32Array(1 << 12);
  /** Per word: its term id; -1 when searchTokens drops it; -2 when it folds to several (see `multi`). */
  let wordTerm = new Int32Array(1 << 12);
  const multi = new Map<number, number[]>();

  /** The word's index, or ~slot (negative) of the empty slot where it belongs. */
  function find(h: number, t: string, start: number, end: number): number {
    const len = end - start;
    let i = mix(h) & (cap - 1);
    for (;;) {
      const w = slots[i];
      if (w < 0) return ~i;
      if (wordHash[w] === h) {
        const s = wordText[w];
        if (s.length === len) {
          let j = 0;
          while (j < len && s.charCodeAt(j) === t.charCodeAt(start + j)) j++;
          if (j === len) return w;
        }
      }
      i = (i + 1) & (cap - 1);
    }
  }

  function grow(): void {
    cap *= 2;
    slots = new Int32Array(cap).fill(-1);
    for (let w = 0; w < wordText.length; w++) {
      let i = mix(wordHash[w]) & (cap - 1);
      while (slots[i] >= 0) i = (i + 1) & (cap - 1);
      slots[i] = w;
    }
  }

  function intern(h: number, t: string, start: number, end: number): number {
    const found = find(h, t, start, end);
    if (found >= 0) return found;
    const word = start === 0 && end === t.length ? t : t.slice(start, end);
    const w = wordText.length;
    if (w === wordHash.length) {
      const nh = new Int32Array(w * 2);
      nh.set(wordHash);
      wordHash = nh;
      const nt = new Int32Array(w * 2);
      nt.set(wordTerm);
      wordTerm = nt;
    }
    wordText.push(word);
    wordHash[w] = h;
    const kept = searchTokens(word);
    if (kept.length === 1) wordTerm[w] = termId(kept[0]);
    else if (kept.length === 0) wordTerm[w] = -1;
    else {
      // Folding can, rarely, split what `words` returned into several tokens.
      wordTerm[w] = -2;
      multi.set(w, kept.map(termId));
    }
    slots[~found] = w;
    if (wordText.length * 2 > cap) grow();
    return w;
  }

  function emit(w: number, out: IntList): void {
    const id = wordTerm[w];
    if (id >= 0) out.push(id);
    else if (id === -2) for (const x of multi.get(w)!) out.push(x);
  }

  const AND = 'and';
  const andHash = hashOf(AND);

  function add(text: string, out: IntList): void {
    if (!ASCII.test(text)) {
      for (const w of words(text)) emit(intern(hashOf(w), w, 0, w.length), out);
      return;
    }
    // Same rules as the ASCII branch of `words`: lowercase; "&" → " and "; an apostrophe between two
    // letters is dropped ("don't" → "dont"; like /([a-z])'([a-z])/g, two such matches cannot share a
    // letter); anything but [a-z0-9] separates words.
    const t = text.toLowerCase();
    const n = t.length;
    let start = -1;
    let h = 0;
    let joined = -1; // index of the letter after the last dropped apostrophe
    let hasJoin = false;
    for (let i = 0; i <= n; i++) {
      const c = i < n ? t.charCodeAt(i) : 32;
      if (isLower(c) || (c >= 48 && c <= 57)) {
        if (start < 0) {
          start = i;
          h = 0;
        }
        h = (Math.imul(h, 31) + c) | 0;
        continue;
      }
      if (c === 39 && start >= 0 && i + 1 < n && i - 1 !== joined) {
        if (isLower(t.charCodeAt(i - 1)) && isLower(t.charCodeAt(i + 1))) {
          joined = i + 1;
          hasJoin = true;
          continue;
        }
      }
      if (start >= 0) {
        if (hasJoin) {
          const word = t.slice(start, i).replace(/'/g, '');
          emit(intern(h, word, 0, word.length), out);
        } else emit(intern(h, t, start, i), out);
      }
      start = -1;
      hasJoin = false;
      if (c === 38) emit(intern(andHash, AND, 0, AND.length), out);
    }
  }

  return { vocab, add };
}
