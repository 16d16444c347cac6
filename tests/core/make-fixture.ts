/**
 * Writes tests/core/fixtures/movies.json: a fixed slice of the real dataset for the retrieval unit tests
 * (the first rows of the file, which are well-known films with collections, plus titles chosen for
 * ambiguity: remakes, sequels, accents, numerals). Run: npx tsx src/eval/make-fixture.ts
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { readDataset } from '../../src/data/read-dataset.ts';

const EXTRA_TITLES = [
  'Titanic',
  'The Thing',
  'Alien',
  'Aliens',
  'Alien³',
  'Shrek',
  'Shrek 2',
  'Shrek the Third',
  'Toy Story',
  'Toy Story 2',
  'Toy Story 3',
  'Inception',
  'The Matrix',
  'The Matrix Reloaded',
  'Jurassic Park',
  'The Lost World: Jurassic Park',
  'Amélie',
  'The Godfather',
  'The Godfather: Part II',
  'The Godfather: Part III',
  'Rocky',
  'Rocky II',
  'Rocky III',
  "Harry Potter and the Philosopher's Stone",
  'Harry Potter and the Chamber of Secrets',
  'Harry Potter and the Prisoner of Azkaban',
  'The Silence of the Lambs',
  'Jaws',
  'Jaws 2',
  'The Dark Knight',
  'Spider-Man',
  'Spider-Man 2',
  'Léon: The Professional',
  'Crouching Tiger, Hidden Dragon',
  'Pulp Fiction',
  'Forrest Gump',
  'Saving Private Ryan',
  'Casablanca',
  'Oldboy',
  'The Host',
  'Parasite',
  "Bridget Jones's Diary",
  'Notting Hill',
  'Four Weddings and a Funeral',
  'Psycho',
  'Halloween',
  'The Shining',
  'Apocalypse Now',
  'Lawrence of Arabia',
  'Seven Samurai',
  'Spirited Away',
  'My Neighbor Totoro',
  'Dilwale Dulhania Le Jayenge',
  '3 Idiots',
  'The Good, the Bad and the Ugly',
  'Rio Bravo',
  'High Noon',
];

const dataDir = process.argv[2] ?? 'data/movies';
const { movies } = await readDataset(dataDir);
const head = movies.slice(0, 350);
const chosen = new Map(head.map((m) => [m.id, m]));
for (const t of EXTRA_TITLES) {
  for (const m of movies) if (m.title === t && !chosen.has(m.id)) chosen.set(m.id, m);
}
const out = [...chosen.values()];
const file = path.join('tests', 'core', 'fixtures', 'movies.json');
await fs.mkdir(path.dirname(file), { recursive: true });
await fs.writeFile(file, JSON.stringify(out));
console.log(`${file}: ${out.length} movies`);
