/**
 * Shared contracts of CineChat. Pure data: no DOM, no worker, no Node APIs.
 * The build CLI (Node) writes these shapes; the workers and the UI read them.
 */

/** One movie as the app sees it (result cards, filters, keyword search). */
export interface Movie {
  /** TMDB id (the dataset's `id`). */
  id: number;
  title: string;
  /** Only when it differs from `title`. */
  originalTitle?: string;
  /** Release year, or null when unknown. */
  year: number | null;
  /** TMDB genre names, e.g. "Science Fiction". */
  genres: string[];
  /** Minutes, or null when unknown (0 in the CSV means unknown). */
  runtime: number | null;
  /** ISO 639-1 `original_language`, or null. */
  language: string | null;
  /** ISO 3166-1 codes of `production_countries`. */
  countries: string[];
  /** vote_average 0..10, or null when there are no votes. */
  rating: number | null;
  votes: number;
  popularity: number;
  /** TMDB poster path such as "/abc.jpg", or null. */
  poster: string | null;
  overview: string;
  tagline: string;
  directors: string[];
  /** Top-billed cast, in billing order (at most 5). */
  cast: string[];
  keywords: string[];
  collection: { id: number; name: string } | null;
}

/** Explicit, checkable constraints on results (pre-filters before top-k). */
export interface Constraints {
  /** All of these TMDB genres must be present. */
  genres?: string[];
  /** None of these genres may be present. */
  excludeGenres?: string[];
  /** Inclusive release-year range; null = open on that side. */
  years?: [number | null, number | null];
  /** Inclusive runtime range in minutes; null = open. */
  runtime?: [number | null, number | null];
  /** Any of these ISO 639-1 original languages. */
  languages?: string[];
  /** Any of these ISO 3166-1 production countries. */
  countries?: string[];
  /** Each of these people (director or cast) must be credited. */
  people?: string[];
  /** Minimum vote_average. */
  minRating?: number;
  /** Maximum vote_average ("critically panned"). */
  maxRating?: number;
  /** Minimum / maximum vote count (e.g. "hidden gems"). */
  minVotes?: number;
  maxVotes?: number;
}

/** Rating/popularity hint parsed from phrases like "highly rated" or "hidden gems". */
export type QualityHint = 'acclaimed' | 'popular' | 'hidden-gem' | 'cult' | 'panned' | null;

/** What the planner (rules or LLM) turns a message into. Validated before use. */
export interface QueryPlan {
  /** Text to embed and to keyword-search: themes, plot, mood. */
  searchText: string;
  constraints: Constraints;
  /** Titles the user named as positive examples ("like Harry Potter"). */
  likeTitles: string[];
  /** Titles named as negative examples ("but not Twilight"). */
  unlikeTitles: string[];
  /** Resolved dataset ids of positive / negative examples. */
  likeIds: number[];
  unlikeIds: number[];
  quality: QualityHint;
  /** Who produced the plan. */
  source: 'rules' | 'llm';
  /** Soft preferences that re-rank but never filter (additive; absent = none). */
  hints?: PlanHints;
}

/**
 * Preferences parsed from mood words and from descriptive posts ("I think it was a horror movie from the
 * 90s"): they raise matching movies in the ranking but never exclude others, since such details are often
 * misremembered.
 */
export interface PlanHints {
  genres?: string[];
  years?: [number, number];
  people?: string[];
  languages?: string[];
  /** Words the user says are in the title. */
  titleWords?: string[];
  /** Words to steer away from ("less violent" → ["violent"]). */
  avoidTerms?: string[];
  /** The message reads as a long description of one movie (tip-of-the-tongue), not a request for a list. */
  describesOneMovie?: boolean;
  /** Moods and tones asked for (labels of query/moods.ts): soft genre evidence for and against. */
  moods?: string[];
}

/** A raw vector-search hit: position in the index (row), and its similarity. */
export interface VectorHit {
  row: number;
  score: number;
}

/** Options every VectorIndex understands. */
export interface VectorSearchOptions {
  /** Allowed rows (1 = allowed), computed from Constraints over metadata. Absent = all rows. */
  allowed?: Uint8Array;
  /** The same constraints in structured form (remote engines such as Qdrant translate these). */
  constraints?: Constraints;
  /** Rows never to return (seed movie, hidden movies, already shown). */
  exclude?: ReadonlySet<number>;
}

/** Nearest-neighbour search over the index vectors. Cosine similarity on normalized vectors. */
export interface VectorIndex {
  readonly name: string;
  readonly size: number;
  readonly dims: number;
  search(query: Float32Array, k: number, options?: VectorSearchOptions): Promise<VectorHit[]>;
}

/** A sentence embedder; the same implementation runs in the Node build and in the browser worker. */
export interface Embedder {
  /** e.g. "use-lite" or "hf:Xenova/all-MiniLM-L6-v2". Recorded in the index manifest. */
  readonly id: string;
  readonly dims: number;
  /** L2-normalized vectors, one per text. Empty texts get a zero vector. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

/** Progress report shared by model downloads and index loading. */
export interface LoadProgress {
  phase: string;
  loaded: number;
  total: number | null;
  file?: string;
}

/** Why a result was returned (machine-readable, rendered by the UI). */
export type WhyReason =
  | { kind: 'constraint'; field: keyof Constraints; value: string }
  | { kind: 'similar-to'; id: number; title: string }
  | { kind: 'keyword'; terms: string[] }
  | { kind: 'semantic'; score: number }
  | { kind: 'quality'; value: string }
  | { kind: 'liked'; id: number; title: string }
  /** People who liked `title` (a seed) also liked this one: `count` of them in the dataset's ratings. */
  | { kind: 'co-liked'; id: number; title: string; count: number };

export interface RankedMovie {
  id: number;
  row: number;
  score: number;
  why: WhyReason[];
}
