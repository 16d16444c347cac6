import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBm25Index } from '../../src/core/rank/bm25.ts';
import { createTermIds, IntList } from '../../src/core/rank/term-ids.ts';
import { asciiWords, searchTokens, words } from '../../src/core/query/text.ts';
import { loadFixtureMovies } from './fixture.ts';

/** The rules `asciiWords` implements, as the regexes they were written as before. */
const regexWords = (s: string) =>
  s
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/([a-z])'([a-z])/g, '$1$2')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);

/** Text built from pieces that exercise the edge cases: apostrophes, "&", accents, curly quotes, sigma. */
const piece = fc.constantFrom(
  'a',
  'B',
  'z',
  '9',
  ' ',
  "'",
  '`',
  '&',
  '-',
  '.',
  'don',
  "n't",
  'é',
  'É',
  'ß',
  '’',
  '“',
  '—',
  'ﬁ',
  'Σ',
  'σ',
  'İ',
  '½',
  '東京',
  'ł',
  'œ',
  'ing',
  'ies',
  'the',
  'e\u0301',
  '😀',
  '\u00b4',
  'Ω',
);
const text = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));
const asciiText = fc
  .array(fc.constantFrom('a', 'Q', '7', ' ', "'", '&', '-', 'x', "'s", 'it', '`'), { maxLength: 40 })
  .map((p) => p.join(''));

function termsOf(s: string): string[] {
  const ids = createTermIds();
  const out = new IntList();
  ids.add(s, out);
  const byId = [...ids.vocab.keys()];
  return Array.from(out.data.subarray(0, out.length), (id) => byId[id]);
}

describe('fast tokenizers agree with their definitions', () => {
  it('asciiWords equals the regex rules', () => {
    fc.assert(
      fc.property(asciiText, (s) => {
        expect(asciiWords(s)).toEqual(regexWords(s));
      }),
      {
        numRuns: 2000,
      },
    );
    expect(asciiWords("rock'n'roll don't a'b'c")).toEqual(['rockn', 'roll', 'dont', 'ab', 'c']);
  });

  it('term ids give the tokens of searchTokens, for any text', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(termsOf(s)).toEqual(searchTokens(s));
      }),
      { numRuns: 1500 },
    );
    fc.assert(
      fc.property(asciiText, (s) => {
        expect(termsOf(s)).toEqual(searchTokens(s));
      }),
      { numRuns: 1000 },
    );
  });

  it('a shared table gives the same tokens for every field of real movies', () => {
    const ids = createTermIds();
    const byId = () => [...ids.vocab.keys()];
    for (const m of loadFixtureMovies()) {
      for (const s of [m.title, m.originalTitle ?? '', m.cast.join(' '), m.keywords.join(' '), m.overview]) {
        const out = new IntList();
        ids.add(s, out);
        const names = byId();
        expect(Array.from(out.data.subarray(0, out.length), (id) => names[id])).toEqual(searchTokens(s));
      }
    }
    expect(words('Amélie & the  “Café”')).toEqual(['amelie', 'and', 'the', 'cafe']);
  });
});

describe('BM25 postings', () => {
  const movies = loadFixtureMovies();
  const index = buildBm25Index(movies);
  it('hold each term once per document, documents ascending, df = list length', () => {
    const n = index.vocab.size;
    expect(index.postStart.length).toBe(n + 1);
    for (const [term, id] of index.vocab) {
      const docs = index.postDocs.subarray(index.postStart[id], index.postStart[id + 1]);
      expect(docs.length).toBeGreaterThan(0);
      for (let i = 1; i < docs.length; i++) expect(docs[i]).toBeGreaterThan(docs[i - 1]);
      // Every listed document really contains the term somewhere in its indexed fields.
      const m = movies[docs[0]];
      const all = searchTokens(
        [m.title, m.originalTitle, ...m.directors, ...m.cast, ...m.keywords, m.tagline, m.overview].join(' '),
      );
      expect(all).toContain(term);
    }
  });
});
