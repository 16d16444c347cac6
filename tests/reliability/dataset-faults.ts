/**
 * Generated movies_metadata/keywords/credits files with one injected fault per row, for the dataset
 * fuzz test (and for replaying a counterexample by hand: `npx tsx` a script that calls writeDataset).
 */
import fs from 'node:fs';
import path from 'node:path';

/** Kaggle's movies_metadata header (24 columns). */
export const HEADER =
  'adult,belongs_to_collection,budget,genres,homepage,id,imdb_id,original_language,original_title,overview,popularity,poster_path,production_companies,production_countries,release_date,revenue,runtime,spoken_languages,status,tagline,title,video,vote_average,vote_count'.split(
    ',',
  );
export const col = (name: string) => HEADER.indexOf(name);

export type Fault =
  | 'none'
  | 'truncated'
  | 'unbalanced-quote'
  | 'extra-columns'
  | 'missing-columns'
  | 'invalid-utf8'
  | 'nested-quotes'
  | 'date-id'
  | 'duplicate-id'
  | 'garbage-line'
  | 'blank-lines';
export const FAULTS: Fault[] = [
  'truncated',
  'unbalanced-quote',
  'extra-columns',
  'missing-columns',
  'invalid-utf8',
  'nested-quotes',
  'date-id',
  'duplicate-id',
  'garbage-line',
  'blank-lines',
];

const csvField = (v: string) => (/[",\n\r]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v);

export interface GenRow {
  id: number;
  title: string;
  fault: Fault;
}

/** A well-formed movies_metadata row. */
function cleanFields(id: number, title: string, overview: string): string[] {
  const v: Record<string, string> = {
    adult: 'False',
    belongs_to_collection: '',
    budget: '0',
    genres: "[{'id': 18, 'name': 'Drama'}, {'id': 10751, 'name': \"Children's\"}]",
    homepage: '',
    id: String(id),
    imdb_id: `tt${String(id).padStart(7, '0')}`,
    original_language: 'en',
    original_title: title,
    overview,
    popularity: '1.5',
    poster_path: '/p.jpg',
    production_companies: '[]',
    production_countries: "[{'iso_3166_1': 'FR', 'name': 'France'}]",
    release_date: '1999-05-01',
    revenue: '0',
    runtime: '95.0',
    spoken_languages: '[]',
    status: 'Released',
    tagline: '',
    title,
    video: 'False',
    vote_average: '6.5',
    vote_count: '12',
  };
  return HEADER.map((h) => v[h]);
}

/** One physical line (or lines) for a row with a fault injected. */
function renderRow(r: GenRow, dupOf: GenRow | undefined, rnd: number): Buffer {
  const overview = `Overview of ${r.title}, with "quotes", commas, and 東京 🎬.`;
  let fields = cleanFields(r.id, r.title, overview);
  const line = (fs_: string[]) => Buffer.from(fs_.map(csvField).join(',') + '\n');
  switch (r.fault) {
    case 'none':
      return line(fields);
    case 'truncated': {
      const text = fields.map(csvField).join(',');
      return Buffer.from(text.slice(0, 1 + (rnd % (text.length - 1))) + '\n');
    }
    case 'unbalanced-quote': {
      // An opening quote that never closes, at the start of a field (the title).
      const parts = fields.map(csvField);
      parts[col('title')] = '"' + fields[col('title')];
      return Buffer.from(parts.join(',') + '\n');
    }
    case 'extra-columns':
      return line([...fields, 'surplus', String(rnd)]);
    case 'missing-columns':
      return line(fields.slice(0, fields.length - 1 - (rnd % 10)));
    case 'invalid-utf8': {
      const bad = [
        Buffer.from([0xff, 0xfe]),
        Buffer.from([0xc3]),
        Buffer.from([0x80, 0x80]),
        Buffer.from([0xe6, 0x9d]),
      ][rnd % 4];
      const [a, b] = [fields.slice(0, col('overview')), fields.slice(col('overview') + 1)];
      return Buffer.concat([
        Buffer.from(a.map(csvField).join(',') + ',"Bad bytes: '),
        bad,
        Buffer.from(' end",' + b.map(csvField).join(',') + '\n'),
      ]);
    }
    case 'nested-quotes':
      fields[col('genres')] = `[{'id': 18, 'name': 'Dr"am"a'}, {'id': 1, 'name': "it's \\"x\\""}]`;
      fields[col('belongs_to_collection')] = `{'id': 5, 'name': 'A \\'quoted\\' "set"'}`;
      return line(fields);
    case 'date-id':
      fields[col('id')] = '1997-08-20';
      return line(fields);
    case 'duplicate-id':
      fields = cleanFields(dupOf!.id, `${r.title} (other content)`, 'A different overview.');
      return line(fields);
    case 'garbage-line':
      return Buffer.from(`${'\u0000\u0007;;;garbage,,'.repeat(1 + (rnd % 3))}\n`);
    case 'blank-lines':
      return Buffer.concat([Buffer.from('\n\n  \n'), line(fields)]);
  }
}

export function writeDataset(dir: string, rows: GenRow[], seed: number): void {
  fs.mkdirSync(dir, { recursive: true });
  const parts: Buffer[] = [Buffer.from(HEADER.join(',') + '\n')];
  rows.forEach((r, i) => {
    const dupOf = rows.slice(0, i).find((x) => x.fault === 'none');
    parts.push(
      renderRow(r.fault === 'duplicate-id' && !dupOf ? { ...r, fault: 'none' } : r, dupOf, seed + i * 31),
    );
  });
  fs.writeFileSync(path.join(dir, 'movies_metadata.csv'), Buffer.concat(parts));
  const kw = rows.map((r) => `${r.id},"[{'id': 1, 'name': 'k${r.id}'}]"`);
  fs.writeFileSync(
    path.join(dir, 'keywords.csv'),
    ['id,keywords', ...kw, "5,\"[{'id': 1", 'x,y,z'].join('\n'),
  );
  const cr = rows.map(
    (r) => `"[{'name': 'Actor ${r.id}', 'order': 0}]","[{'job': 'Director', 'name': 'D ${r.id}'}]",${r.id}`,
  );
  fs.writeFileSync(path.join(dir, 'credits.csv'), ['cast,crew,id', ...cr].join('\n'));
}
