/**
 * The shipped index format (formatVersion 1): manifest type, compact movie encoding and the int8
 * vector layout. Pure functions over plain data, used by the Node build (encode) and by workers,
 * tests and tools (decode). No DOM, worker or Node APIs.
 *
 * Files in the index directory:
 * - manifest.json (the only unhashed name) → IndexManifest
 * - movies.<hash>.json → EncodedMovies, decoded by decodeMovies()
 * - vectors.<hash>.bin → Float32 scales (embeddedCount × 4 bytes, little-endian), then Int8 codes
 *   (embeddedCount × dims). Row r ≈ codes[r*dims + j] * scales[r]; rows were L2-normalized first.
 * Rows 0..embeddedCount-1 of the movie list have vectors (movies with an overview or genres come
 * first); title-only movies follow, without vectors unless the build embedded them too.
 */
import type { Movie } from './types.ts';

import type { QuantizedVectors } from './quantize.ts';

export const INDEX_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

export interface IndexReport {
  rowsRead: number;
  kept: number;
  dropped: Record<string, number>;
  repaired: Record<string, number>;
  /** Additive: files read and side-file counts (see src/data/report.ts). */
  files?: Record<string, string>;
  sources?: Record<string, { rowsRead: number; used: number; dropped: Record<string, number> }>;
  /** The co-likes step's counts (build-index/co-likes.ts CoLikeReport), when the data has ratings. */
  coLikes?: Record<string, number | string>;
}

export interface IndexManifest {
  formatVersion: typeof INDEX_FORMAT_VERSION;
  /** ISO timestamp. */
  builtAt: string;
  embedder: { id: string; dims: number };
  /** Movies in movies.json. */
  count: number;
  /** Rows with vectors (a prefix of the movie list). */
  embeddedCount: number;
  quantization: {
    kind: 'int8-per-vector';
    /** Mean recall@10 of int8 search vs float32 search, self-queries on a random sample. */
    recallAt10VsFloat32?: number;
    sampleQueries?: number;
  };
  files: { movies: string; vectors: string; faq?: string; intents?: string; coLikes?: string } & Record<
    string,
    string
  >;
  /** sha256 (hex) per file name. */
  hashes: Record<string, string>;
  /** Bytes per file name. */
  sizes: Record<string, number>;
  report: IndexReport;
  /** Build facts (timings, cache use); informative only. */
  build?: Record<string, number | string | boolean>;
}

// ---------------------------------------------------------------------------------------------
// Movies: columnar JSON. Repeated strings (genres, countries, languages, people, keywords) are
// dictionary-coded; rarely present fields are sparse (row list + value list). About 40 % smaller
// than an array of Movie objects, and nothing to decode but array lookups.

export interface SparseColumn<T> {
  rows: number[];
  values: T[];
}

export interface EncodedMovies {
  format: 'cinechat-movies';
  version: 1;
  count: number;
  dict: { genres: string[]; countries: string[]; languages: string[]; people: string[]; keywords: string[] };
  id: number[];
  title: string[];
  /** null = unknown. */
  year: (number | null)[];
  runtime: (number | null)[];
  /** Index into dict.languages, or -1. */
  language: number[];
  rating: (number | null)[];
  votes: number[];
  popularity: number[];
  /** Poster path without its leading "/" ("" = none). */
  poster: string[];
  genres: number[][];
  countries: number[][];
  directors: number[][];
  cast: number[][];
  keywords: number[][];
  overview: SparseColumn<string>;
  tagline: SparseColumn<string>;
  originalTitle: SparseColumn<string>;
  collection: SparseColumn<[number, string]>;
}

function dictionary() {
  const values: string[] = [];
  const index = new Map<string, number>();
  return {
    values,
    code(s: string): number {
      let i = index.get(s);
      if (i === undefined) {
        i = values.length;
        values.push(s);
        index.set(s, i);
      }
      return i;
    },
  };
}

function sparse<T>(movies: Movie[], pick: (m: Movie) => T | null | undefined): SparseColumn<T> {
  const col: SparseColumn<T> = { rows: [], values: [] };
  movies.forEach((m, r) => {
    const v = pick(m);
    if (v !== null && v !== undefined && v !== '') {
      col.rows.push(r);
      col.values.push(v);
    }
  });
  return col;
}

/** Round to `digits` decimals (popularity has 6 meaningless decimals in the CSV). */
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export function encodeMovies(movies: Movie[]): EncodedMovies {
  const genres = dictionary();
  const countries = dictionary();
  const languages = dictionary();
  const people = dictionary();
  const keywords = dictionary();
  return {
    format: 'cinechat-movies',
    version: 1,
    count: movies.length,
    id: movies.map((m) => m.id),
    title: movies.map((m) => m.title),
    year: movies.map((m) => m.year),
    runtime: movies.map((m) => m.runtime),
    language: movies.map((m) => (m.language ? languages.code(m.language) : -1)),
    rating: movies.map((m) => (m.rating === null ? null : round(m.rating, 2))),
    votes: movies.map((m) => m.votes),
    popularity: movies.map((m) => round(m.popularity, 3)),
    poster: movies.map((m) => (m.poster ? m.poster.replace(/^\//, '') : '')),
    genres: movies.map((m) => m.genres.map(genres.code)),
    countries: movies.map((m) => m.countries.map(countries.code)),
    directors: movies.map((m) => m.directors.map(people.code)),
    cast: movies.map((m) => m.cast.map(people.code)),
    keywords: movies.map((m) => m.keywords.map(keywords.code)),
    overview: sparse(movies, (m) => m.overview),
    tagline: sparse(movies, (m) => m.tagline),
    originalTitle: sparse(movies, (m) => m.originalTitle),
    collection: sparse(movies, (m) =>
      m.collection ? ([m.collection.id, m.collection.name] as [number, string]) : null,
    ),
    dict: {
      genres: genres.values,
      countries: countries.values,
      languages: languages.values,
      people: people.values,
      keywords: keywords.values,
    },
  };
}

/** Decode movies.<hash>.json (already JSON-parsed) into Movie[] in index row order. */
export function decodeMovies(data: EncodedMovies): Movie[] {
  if (data?.format !== 'cinechat-movies' || data.version !== 1) {
    throw new Error('Not a CineChat movies file (format "cinechat-movies" version 1 expected)');
  }
  const { dict } = data;
  const at = (table: string[]) => (codes: number[]) => codes.map((c) => table[c]);
  const movies: Movie[] = [];
  for (let r = 0; r < data.count; r++) {
    movies.push({
      id: data.id[r],
      title: data.title[r],
      year: data.year[r],
      genres: at(dict.genres)(data.genres[r]),
      runtime: data.runtime[r],
      language: data.language[r] >= 0 ? dict.languages[data.language[r]] : null,
      countries: at(dict.countries)(data.countries[r]),
      rating: data.rating[r],
      votes: data.votes[r],
      popularity: data.popularity[r],
      poster: data.poster[r] ? `/${data.poster[r]}` : null,
      overview: '',
      tagline: '',
      directors: at(dict.people)(data.directors[r]),
      cast: at(dict.people)(data.cast[r]),
      keywords: at(dict.keywords)(data.keywords[r]),
      collection: null,
    });
  }
  data.overview.rows.forEach((r, i) => (movies[r].overview = data.overview.values[i]));
  data.tagline.rows.forEach((r, i) => (movies[r].tagline = data.tagline.values[i]));
  data.originalTitle.rows.forEach((r, i) => (movies[r].originalTitle = data.originalTitle.values[i]));
  data.collection.rows.forEach((r, i) => {
    const [id, name] = data.collection.values[i];
    movies[r].collection = { id, name };
  });
  return movies;
}

// ---------------------------------------------------------------------------------------------
// Vectors: int8 with one float32 scale per row (quantization itself: ./quantize.ts).

/** Serialize as the vectors.bin layout (scales first, little-endian). */
export function encodeVectors(q: QuantizedVectors): Uint8Array {
  const out = new Uint8Array(q.rows * 4 + q.codes.length);
  const view = new DataView(out.buffer);
  for (let r = 0; r < q.rows; r++) view.setFloat32(r * 4, q.scales[r], true);
  out.set(new Uint8Array(q.codes.buffer, q.codes.byteOffset, q.codes.length), q.rows * 4);
  return out;
}

/** Views over vectors.<hash>.bin as laid out by the manifest (no copy of the codes). */
export function decodeVectors(
  buf: ArrayBuffer | Uint8Array,
  manifest: Pick<IndexManifest, 'embeddedCount' | 'embedder'>,
): QuantizedVectors {
  const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  const rows = manifest.embeddedCount;
  const dims = manifest.embedder.dims;
  if (bytes.byteLength !== rows * 4 + rows * dims) {
    throw new Error(`vectors file has ${bytes.byteLength} bytes; the manifest implies ${rows * (4 + dims)}`);
  }
  const scales = new Float32Array(rows);
  const view = new DataView(bytes.buffer, bytes.byteOffset, rows * 4);
  for (let r = 0; r < rows; r++) scales[r] = view.getFloat32(r * 4, true);
  const codes = new Int8Array(bytes.buffer, bytes.byteOffset + rows * 4, rows * dims);
  return { scales, codes, rows, dims };
}
