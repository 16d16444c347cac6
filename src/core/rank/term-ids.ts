import { ASCII, foldedWords, searchTokens, words } from '../query/text.ts';

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
  // Open addressing, [hash, word + 1] per slot (0 = empty), with each word's characters in one pool:
  // probing and comparing stay within a few cache lines instead of chasing string objects.
  let cap = 1 << 14;
  let table = new Int32Array(cap * 2);
  let wordCount = 0;
  let wordOff = new Int32Array(1 << 12);
  let wordLen = new Int32Array(1 << 12);
  /** Per word: its term id; -1 when searchTokens drops it; -2 when it folds to several (see `multi`). */
  let wordTerm = new Int32Array(1 << 12);
  let pool = new Uint16Array(1 << 16);
  let poolUsed = 0;
  const multi = new Map<number, number[]>();

  /** The word's index, or ~slot (negative) of the empty slot where it belongs. */
  function find(h: number, t: string, start: number, end: number): number {
    const len = end - start;
    const mask = cap - 1;
    let i = mix(h) & mask;
    for (;;) {
      const w1 = table[2 * i + 1];
      if (w1 === 0) return ~i;
      if (table[2 * i] === h && wordLen[w1 - 1] === len) {
        const off = wordOff[w1 - 1];
        let j = 0;
        while (j < len && pool[off + j] === t.charCodeAt(start + j)) j++;
        if (j === len) return w1 - 1;
      }
      i = (i + 1) & mask;
    }
  }

  function growTable(): void {
    const old = table;
    cap *= 2;
    table = new Int32Array(cap * 2);
    for (let s = 0; s < old.length; s += 2) {
      if (old[s + 1] === 0) continue;
      let i = mix(old[s]) & (cap - 1);
      while (table[2 * i + 1] !== 0) i = (i + 1) & (cap - 1);
      table[2 * i] = old[s];
      table[2 * i + 1] = old[s + 1];
    }
  }

  const grown = (a: Int32Array) => {
    const b = new Int32Array(a.length * 2);
    b.set(a);
    return b;
  };

  function intern(h: number, t: string, start: number, end: number): number {
    const found = find(h, t, start, end);
    if (found >= 0) return found;
    const word = start === 0 && end === t.length ? t : t.slice(start, end);
    const w = wordCount++;
    if (w === wordOff.length) {
      wordOff = grown(wordOff);
      wordLen = grown(wordLen);
      wordTerm = grown(wordTerm);
    }
    while (poolUsed + word.length > pool.length) {
      const p = new Uint16Array(pool.length * 2);
      p.set(pool);
      pool = p;
    }
    for (let j = 0; j < word.length; j++) pool[poolUsed + j] = word.charCodeAt(j);
    wordOff[w] = poolUsed;
    wordLen[w] = word.length;
    poolUsed += word.length;
    const kept = searchTokens(word);
    if (kept.length === 1) wordTerm[w] = termId(kept[0]);
    else if (kept.length === 0) wordTerm[w] = -1;
    else {
      // Folding can, rarely, split what `words` returned into several tokens.
      wordTerm[w] = -2;
      multi.set(w, kept.map(termId));
    }
    table[2 * ~found] = h;
    table[2 * ~found + 1] = w + 1;
    if (wordCount * 2 > cap) growTable();
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
      addUnicode(text, out);
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

  function emitWord(w: string, out: IntList): void {
    emit(intern(hashOf(w), w, 0, w.length), out);
  }

  /**
   * Text with non-ASCII characters: folding it whole (NFKD and a dozen replacements over a full overview)
   * cost more than all the ASCII text together, so only the runs that need it are folded. A run is a
   * stretch without ASCII separators; plain [A-Za-z0-9] runs are just lowercased. Folding is per
   * character, and an apostrophe join never spans a separator, so the words are those of `words(text)`,
   * except around a capital sigma, whose lowercase depends on what follows it: such text is folded whole.
   */
  function addUnicode(text: string, out: IntList): void {
    if (text.includes('\u03a3')) {
      for (const w of words(text)) emitWord(w, out);
      return;
    }
    const n = text.length;
    let start = -1;
    let plain = true;
    for (let i = 0; i <= n; i++) {
      const c = i < n ? text.charCodeAt(i) : 32;
      const alnum = isLower(c) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
      // Apostrophes and backquotes stay in the run: folding may join the letters around them.
      if (alnum || c >= 128 || c === 39 || c === 96) {
        if (start < 0) {
          start = i;
          plain = true;
        }
        if (!alnum) plain = false;
        continue;
      }
      if (start >= 0) {
        const run = text.slice(start, i);
        if (plain) emitWord(run.toLowerCase(), out);
        else for (const w of foldedWords(run)) emitWord(w, out);
      }
      start = -1;
      if (c === 38) emitWord(AND, out);
    }
  }

  return { vocab, add };
}
