/**
 * Genre vocabulary: TMDB genre names and the words people use for them.
 * Hard synonyms become constraints ("westerns" → Western); mood words only boost ("funny" → Comedy),
 * because "a funny horror movie" must not be forced to be a comedy-only list.
 */

export const TMDB_GENRES = [
  'Action',
  'Adventure',
  'Animation',
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Family',
  'Fantasy',
  'Foreign',
  'History',
  'Horror',
  'Music',
  'Mystery',
  'Romance',
  'Science Fiction',
  'TV Movie',
  'Thriller',
  'War',
  'Western',
] as const;

export type GenreName = (typeof TMDB_GENRES)[number];

const GENRE_BY_LOWER = new Map<string, GenreName>(TMDB_GENRES.map((g) => [g.toLowerCase(), g]));

/** Canonical TMDB genre for a case-insensitive name (or a known synonym); null when unknown. */
export function canonicalGenre(name: string): GenreName | null {
  const k = name.trim().toLowerCase();
  const direct = GENRE_BY_LOWER.get(k);
  if (direct) return direct;
  const syn = GENRE_PHRASES.find((p) => p.re.test(k) && p.genres.length === 1 && !p.soft);
  return syn ? syn.genres[0] : null;
}

export interface GenrePhrase {
  /** Matches a whole phrase in folded text (word-bounded). */
  re: RegExp;
  genres: GenreName[];
  /** Mood words: boost ranking, never filter. */
  soft?: boolean;
  /**
   * Words that are also everyday nouns ("family", "war", "kids", "crime"): they filter only when they head a
   * request ("war movies", "crime dramas"), otherwise they just boost.
   */
  needsHead?: boolean;
}

const w = (src: string) => new RegExp(`\\b(?:${src})\\b`, 'g');

/** Longer phrases first: "romantic comedy" must win over "comedy". */
export const GENRE_PHRASES: GenrePhrase[] = [
  { re: w('rom-?coms?|romantic[- ]comed(?:y|ies)'), genres: ['Romance', 'Comedy'] },
  { re: w('sci-?fi|science[- ]fiction|scifi|sf'), genres: ['Science Fiction'] },
  { re: w('made[- ]for[- ]tv|tv[- ]movies?|television films?'), genres: ['TV Movie'] },
  { re: w('film noirs?|noirs?'), genres: ['Crime'] },
  { re: w('action[- ]packed|actions?|action[- ]movies?'), genres: ['Action'] },
  { re: w('adventures?|adventurous'), genres: ['Adventure'] },
  { re: w('animated|animations?|cartoons?|animes?|stop[- ]motion|pixar'), genres: ['Animation'] },
  { re: w('comed(?:y|ies)|comedic|sitcoms?'), genres: ['Comedy'] },
  { re: w('crime'), genres: ['Crime'], needsHead: true },
  { re: w('gangsters?|mafia|mobsters?|heists?'), genres: ['Crime'], soft: true },
  { re: w('documentar(?:y|ies)|docs?|docu-?series|docudramas?'), genres: ['Documentary'] },
  { re: w('dramas?'), genres: ['Drama'] },
  {
    re: w(
      '(?:family|kid|child)[- ]friendly|for (?:the )?(?:whole )?(?:kids|children|family)|for (?:all|every) ages|for my (?:kids|children)',
    ),
    genres: ['Family'],
  },
  { re: w("family|kids'?|children'?s"), genres: ['Family'], needsHead: true },
  { re: w('fantas(?:y|ies)'), genres: ['Fantasy'] },
  { re: w('period (?:pieces?|dramas?)'), genres: ['History'] },
  { re: w('historical|history'), genres: ['History'], needsHead: true },
  { re: w('horrors?|scary|slashers?|frightening'), genres: ['Horror'] },
  { re: w('musicals?'), genres: ['Music'] },
  { re: w('music'), genres: ['Music'], needsHead: true },
  { re: w('myster(?:y|ies)|whodunn?its?'), genres: ['Mystery'] },
  { re: w('romances?|romantic'), genres: ['Romance'] },
  { re: w('thrillers?|suspense(?:ful)?'), genres: ['Thriller'] },
  { re: w('war (?:movies?|films?|dramas?|stor(?:y|ies)|epics?)'), genres: ['War'] },
  { re: w('wartime|war'), genres: ['War'], needsHead: true },
  { re: w('spaghetti westerns?|westerns?'), genres: ['Western'] },
  { re: w('cowboys?'), genres: ['Western'], soft: true },
  // Topic words: a strong hint, not a rule. (Moods and tones live in moods.ts.)
  { re: w('gory|gore|blood[- ]?bath|zombies?|vampires?|ghosts?|haunted'), genres: ['Horror'], soft: true },
  { re: w('psychological'), genres: ['Thriller'], soft: true },
  { re: w('in love'), genres: ['Romance'], soft: true },
  {
    re: w('magic|magical|dragons?|wizards?|witch(?:es)?|knights?|fairy ?tales?'),
    genres: ['Fantasy'],
    soft: true,
  },
  { re: w('space|aliens?|robots?|futuristic|time travel'), genres: ['Science Fiction'], soft: true },
  { re: w('detectives?|murder mystery'), genres: ['Mystery', 'Crime'], soft: true },
  { re: w('explosions?|fights?|car chases?|martial arts|kung fu'), genres: ['Action'], soft: true },
  { re: w('true stor(?:y|ies)|biopics?|based on real events'), genres: ['History', 'Drama'], soft: true },
  { re: w('singing|songs?|dancing|dance'), genres: ['Music'], soft: true },
];
