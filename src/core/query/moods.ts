/**
 * Moods and tones as evidence, not topics. Each entry maps the words people use for a feeling to the
 * genres that usually deliver it (any one of them is a good sign) and to genres that usually work against
 * it (a soft penalty). Neither filters: "a dark comedy" is still a comedy, and a request's own genre always
 * wins over a mood's penalty. The words stay in the search text, so the sentence embedding reads them too.
 *
 * Coverage is tested on phrasings that are not in this file (tests/core/moods.test.ts, eval/sets/moods.jsonl).
 */
import type { GenreName } from './genres.ts';

export interface Mood {
  /** Shown on the mood's chip. */
  label: string;
  re: RegExp;
  /** Any of these is evidence for the mood. */
  genres: GenreName[];
  /** These usually work against it (soft penalty). */
  against: GenreName[];
}

const w = (src: string) => new RegExp(`\\b(?:${src})\\b`, 'g');

export const MOODS: readonly Mood[] = [
  {
    label: 'feel-good',
    re: w(
      'feel[- ]?good|heart[- ]?warming|wholesome|uplifting|cheer (?:me|us) up|cheerful|happ(?:y|ier)|joyful|joyous|sunny|optimistic|life[- ]affirming',
    ),
    genres: ['Comedy', 'Family', 'Romance', 'Animation', 'Music'],
    against: ['Horror', 'War', 'Thriller', 'Crime'],
  },
  {
    label: 'tearjerker',
    re: w(
      'tear[- ]?jerk(?:ers?|ing)|make (?:me|us) (?:cry|sob|weep|tear up)|(?:a )?good cry|cry(?:ing)?|sob|weep(?:y|ie)?|sad(?:der)?|heart[- ]?break(?:ing|er)|moving|emotional|bittersweet|melanchol(?:y|ic)|poignant|touching',
    ),
    genres: ['Drama', 'Romance'],
    against: ['Horror', 'Action'],
  },
  {
    label: 'cozy',
    re: w(
      'cozy|cosy|comfort(?:ing)?(?: food)? (?:movies?|films?|watch)|rainy (?:day|sunday|afternoon|evening|night)|under a blanket|snug(?:gle)?|gentle|warm and fuzzy',
    ),
    genres: ['Comedy', 'Family', 'Romance', 'Animation', 'Fantasy'],
    against: ['Horror', 'Thriller', 'War', 'Crime'],
  },
  {
    label: 'light-hearted',
    re: w(
      'light[- ]?hearted|breezy|easy[- ]?going|easy (?:watch|viewing)|silly|goofy|quirky|whimsical|charming|playful|fun|lighter',
    ),
    genres: ['Comedy', 'Family', 'Animation', 'Romance', 'Fantasy'],
    against: ['Horror', 'War'],
  },
  {
    label: 'funny',
    re: w(
      'funny|funnier|hilarious|laugh(?:s|ing|ter)?(?: out loud)?|lol|humou?r(?:ous)?|make (?:me|us) laugh|witty',
    ),
    genres: ['Comedy'],
    against: ['Horror', 'War'],
  },
  {
    label: 'scary',
    re: w(
      'scar(?:y|ier|e me|ed)|terrifying|frightening|spooky|creepy|creepier|chilling|horrifying|haunting|eerie|nightmares?',
    ),
    genres: ['Horror', 'Thriller', 'Mystery'],
    against: ['Comedy', 'Family', 'Animation', 'Romance'],
  },
  {
    label: 'thrilling',
    re: w(
      'tense|gripping|edge of (?:my|your|our) seats?|nail[- ]?biting|heart[- ]?pounding|pulse[- ]?pounding|adrenaline|intense|thrilling|exciting',
    ),
    genres: ['Thriller', 'Action', 'Crime', 'Mystery', 'Adventure'],
    against: ['Family', 'Animation', 'Romance'],
  },
  {
    label: 'mind-bending',
    re: w(
      'mind[- ]?(?:bending|blowing|benders?|twisting)|trippy|surreal|messes with (?:your|my) (?:head|mind)|twisty|puzzl(?:e|ing)|cerebral|thought[- ]provoking|philosophical',
    ),
    genres: ['Science Fiction', 'Mystery', 'Thriller', 'Drama'],
    against: ['Family', 'Animation'],
  },
  {
    label: 'slow-burn',
    re: w('slow[- ]?burn(?:ing|er)?|atmospheric|brooding|meditative|contemplative|quiet|understated'),
    genres: ['Drama', 'Thriller', 'Mystery'],
    against: ['Family', 'Animation', 'Action'],
  },
  {
    label: 'dark',
    re: w('dark(?:er)?|gritty|bleak|grim|disturbing|brutal|nihilistic|twisted|sinister'),
    genres: ['Crime', 'Thriller', 'Drama', 'Horror', 'Mystery'],
    against: ['Family', 'Animation'],
  },
  {
    label: 'inspiring',
    re: w(
      'inspir(?:ing|ational|e me)|motivat(?:ing|ional|e me)|empowering|overcom(?:e|es|ing) (?:the )?odds|underdogs?|triumph(?:ant)?',
    ),
    genres: ['Drama', 'History', 'Documentary', 'Family'],
    against: ['Horror'],
  },
  {
    label: 'romantic',
    re: w('love stor(?:y|ies)|falling in love|swoon(?:y|[- ]worthy)|date night|sweet'),
    genres: ['Romance', 'Comedy', 'Drama'],
    against: ['Horror', 'War'],
  },
];

export const moodByLabel = (label: string): Mood | undefined => MOODS.find((m) => m.label === label);

/** The genres a set of moods points to, and those it works against (minus any the moods also want). */
export function moodGenres(labels: readonly string[]): { genres: GenreName[]; against: GenreName[] } {
  const moods = labels.map(moodByLabel).filter((m): m is Mood => !!m);
  const genres = [...new Set(moods.flatMap((m) => m.genres))];
  const against = [...new Set(moods.flatMap((m) => m.against))].filter((g) => !genres.includes(g));
  return { genres, against };
}
