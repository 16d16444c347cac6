/**
 * Nationality / language words → `original_language` (ISO 639-1) or `production_countries` (ISO 3166-1).
 * Where a language is distinctive ("korean") the language is used: the dataset knows original_language for
 * more movies than production countries. Where a language is shared ("british", "american", "mexican"),
 * the country is used.
 */
export interface PlaceEntry {
  re: RegExp;
  languages?: string[];
  countries?: string[];
}

const w = (src: string) => new RegExp(`\\b(?:${src})\\b`, 'g');

/** Multi-word names first so "south korean" is consumed before "korean". */
export const PLACE_WORDS: PlaceEntry[] = [
  { re: w('hong kong'), countries: ['HK'] },
  { re: w('new zealand'), countries: ['NZ'] },
  { re: w('south korean?|korean?'), languages: ['ko'] },
  { re: w('bollywood|hindi'), languages: ['hi'] },
  { re: w('tollywood|telugu'), languages: ['te'] },
  { re: w('kollywood|tamil'), languages: ['ta'] },
  { re: w('malayalam'), languages: ['ml'] },
  { re: w('indian?'), languages: ['hi', 'ta', 'te', 'ml', 'kn', 'bn', 'mr'] },
  { re: w('french|france'), languages: ['fr'] },
  { re: w('german|germany'), languages: ['de'] },
  { re: w('italian|italy'), languages: ['it'] },
  { re: w('spanish(?:[- ]language)?'), languages: ['es'] },
  { re: w('spain'), countries: ['ES'] },
  { re: w('mexican|mexico'), countries: ['MX'] },
  { re: w('argentinian|argentine|argentina'), countries: ['AR'] },
  { re: w('brazilian|brazil'), countries: ['BR'] },
  { re: w('portuguese'), languages: ['pt'] },
  { re: w('japanese|japan'), languages: ['ja'] },
  { re: w('chinese|mandarin|china'), languages: ['zh'] },
  { re: w('cantonese'), languages: ['cn'] },
  { re: w('taiwanese|taiwan'), countries: ['TW'] },
  { re: w('russian|soviet|russia'), languages: ['ru'] },
  { re: w('swedish|sweden'), languages: ['sv'] },
  { re: w('danish|denmark'), languages: ['da'] },
  { re: w('norwegian|norway'), languages: ['no'] },
  { re: w('finnish|finland'), languages: ['fi'] },
  { re: w('icelandic'), languages: ['is'] },
  { re: w('dutch|netherlands|holland'), languages: ['nl'] },
  { re: w('polish|poland'), languages: ['pl'] },
  { re: w('czech'), languages: ['cs'] },
  { re: w('hungarian'), languages: ['hu'] },
  { re: w('romanian'), languages: ['ro'] },
  { re: w('greek|greece'), languages: ['el'] },
  { re: w('turkish|turkey'), languages: ['tr'] },
  { re: w('iranian|persian|farsi|iran'), languages: ['fa'] },
  { re: w('israeli|hebrew'), languages: ['he'] },
  { re: w('arabic'), languages: ['ar'] },
  { re: w('egyptian'), countries: ['EG'] },
  { re: w('thai|thailand'), languages: ['th'] },
  { re: w('vietnamese'), languages: ['vi'] },
  { re: w('indonesian'), languages: ['id'] },
  { re: w('filipino|tagalog'), languages: ['tl'] },
  { re: w('british|uk|england|scottish|welsh|brit'), countries: ['GB'] },
  { re: w('irish|ireland'), countries: ['IE'] },
  { re: w('american|hollywood|usa|u\\.s\\.|us-made'), countries: ['US'] },
  { re: w('canadian|canada'), countries: ['CA'] },
  { re: w('australian|aussie|australia'), countries: ['AU'] },
  { re: w('english[- ]language|english'), languages: ['en'] },
  { re: w('nigerian|nollywood'), countries: ['NG'] },
];
