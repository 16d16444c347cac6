import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentText, embeddingText, hasDescriptiveText } from '../../src/core/document-text.ts';
import type { Movie } from '../../src/core/types.ts';
import { readDataset } from '../../src/data/read-dataset.ts';

const bare: Movie = {
  id: 1,
  title: 'Untitled',
  year: null,
  genres: [],
  runtime: null,
  language: null,
  countries: [],
  rating: null,
  votes: 0,
  popularity: 0,
  poster: null,
  overview: '',
  tagline: '',
  directors: [],
  cast: [],
  keywords: [],
  collection: null,
};

describe('documentText', () => {
  it('writes the known facts in a fixed order', () => {
    const text = documentText({
      ...bare,
      title: 'Heat',
      year: 1995,
      genres: ['Action', 'Crime'],
      tagline: 'A Los Angeles crime saga',
      overview: 'Obsessive master thief Neil McCauley leads a top-notch crew.',
      keywords: ['robbery', 'detective'],
      directors: ['Michael Mann'],
      cast: ['Al Pacino', 'Robert De Niro', 'Val Kilmer', 'Jon Voight'],
    });
    expect(text).toBe(
      'Heat (1995) Action, Crime. A Los Angeles crime saga. Obsessive master thief Neil McCauley leads a ' +
        'top-notch crew. Keywords: robbery, detective. Directed by Michael Mann. Starring Al Pacino, Robert De Niro, Val Kilmer.',
    );
  });

  it('gives a title-only movie a short text and never "Unknown"', () => {
    expect(hasDescriptiveText(bare)).toBe(false);
    expect(embeddingText(bare)).toBe('Untitled.');
    expect(embeddingText({ ...bare, year: 1931, cast: ['Bela Lugosi'] })).toBe(
      'Untitled (1931) Starring Bela Lugosi.',
    );
  });

  it('never writes placeholders for the real slice', async () => {
    const { movies } = await readDataset(path.resolve(import.meta.dirname, '../fixtures/slice'));
    for (const m of movies) {
      const text = documentText(m);
      expect(text).not.toMatch(
        /\bUnknown\b|undefined|\[object|(by|Starring|Keywords:) (None|null)|No overview/,
      );
      expect(text.startsWith(m.title)).toBe(true);
    }
  });
});
