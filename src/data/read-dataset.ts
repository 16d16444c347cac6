/**
 * Node reader of The Movies Dataset (Kaggle schema): movies_metadata.csv, keywords.csv and
 * credits.csv, streamed with papaparse. Each file may be plain (Kaggle's originals dropped into
 * data/movies/ by a user) or gzipped (the reconstruction shipped in the repo); when both exist the
 * plain .csv wins, because a user who drops the originals in means to use them.
 * Rows are merged on `id` exactly as with Kaggle's files; the first row of a repeated id wins.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import Papa from 'papaparse';
import type { Movie } from '../core/types.ts';
import { keywordsFromLiteral, movieFromRow, parseId, peopleFromLiterals, type MovieExtras } from './movie-record.ts';
import { bump, emptyReport, type DatasetReport, type SourceFileReport } from './report.ts';
import { splitSwallowedRows } from './quote-recovery.ts';
import { repairRows } from './row-repair.ts';

export const DATASET_FILES = ['movies_metadata', 'keywords', 'credits'] as const;
export type DatasetFile = (typeof DATASET_FILES)[number];

/** A problem with the dataset files themselves (missing file or column): the user can fix it. */
export class DatasetError extends Error {
  override name = 'DatasetError';
}

/** Path of `<name>.csv` if present, else `<name>.csv.gz`; throws a clear error if neither exists. */
export function resolveDatasetFile(dir: string, name: DatasetFile): string {
  for (const candidate of [`${name}.csv`, `${name}.csv.gz`]) {
    const p = path.join(dir, candidate);
    if (fs.existsSync(p)) return p;
  }
  throw new DatasetError(
    `Dataset file ${name}.csv(.gz) not found in ${dir}. Put Kaggle's "The Movies Dataset" files there ` +
      '(movies_metadata.csv, keywords.csv, credits.csv), plain or gzipped.',
  );
}

/** What csvRows repaired: rows an unbalanced quote had swallowed, split back out (count). */
export const SWALLOWED_ROWS_REASON = 'rows swallowed by an unbalanced quote split back out';

/**
 * Stream the rows of a CSV file (plain or .gz) as arrays of fields; the header row comes first.
 * `onSplit(n)` is told of each record that turned out to hold n extra rows (see quote-recovery.ts).
 */
export async function* csvRows(file: string, onSplit?: (extraRows: number) => void): AsyncGenerator<string[]> {
  const input = fs.createReadStream(file);
  const text = file.endsWith('.gz') ? input.pipe(zlib.createGunzip()) : input;
  // Decode UTF-8 here, across chunk boundaries: papaparse calls chunk.toString() per Buffer, which
  // turned a multi-byte character split between two chunks into U+FFFD (19 of them in the dataset).
  text.setEncoding('utf8');
  // papaparse's Node duplex: one string[] per record; quoted line breaks stay inside fields.
  // Explicit delimiter: papaparse otherwise guesses it from the first rows, and a few garbage lines
  // full of ';' made it split the whole file on ';' (fuzz-found).
  const parser = text.pipe(Papa.parse(Papa.NODE_STREAM_INPUT, { skipEmptyLines: true, delimiter: ',' }));
  input.on('error', (e) => parser.destroy(e));
  let width = 0;
  let idCol = -1;
  for await (const row of parser as AsyncIterable<string[]>) {
    if (!width) {
      width = row.length;
      idCol = cleanHeader(row).indexOf('id');
      yield row;
      continue;
    }
    const split = splitSwallowedRows(row, width, idCol);
    if (split) onSplit?.(split.length - 1);
    yield* split ?? [row];
  }
}

/** Strip a UTF-8 byte-order mark and spaces from header names. */
function cleanHeader(header: string[]): string[] {
  return header.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
}

function toRecord(header: string[], row: string[]): Record<string, string> {
  const rec: Record<string, string> = {};
  header.forEach((h, i) => (rec[h] = row[i] ?? ''));
  return rec;
}

/** Read a side file (keywords/credits) into a map id → value, first row per id. */
async function readSideFile<T>(
  file: string,
  required: string[],
  read: (rec: Record<string, string>, counter: Record<string, number>) => T,
  rep: SourceFileReport,
  limitIds?: ReadonlySet<number>,
): Promise<Map<number, T>> {
  const out = new Map<number, T>();
  let header: string[] | null = null;
  for await (const row of csvRows(file, (n) => bump((rep.repaired ??= {}), SWALLOWED_ROWS_REASON, n))) {
    if (!header) {
      header = cleanHeader(row);
      const missing = required.filter((c) => !header!.includes(c));
      if (missing.length) throw new DatasetError(`${file}: missing column(s) ${missing.join(', ')}`);
      continue;
    }
    rep.rowsRead++;
    if (row.length !== header.length) {
      bump(rep.dropped, 'wrong field count');
      continue;
    }
    const rec = toRecord(header, row);
    const id = parseId(rec.id);
    if (id === null) {
      bump(rep.dropped, rec.id?.trim() ? 'non-numeric id' : 'missing id');
      continue;
    }
    if (limitIds && !limitIds.has(id)) continue;
    if (out.has(id)) {
      bump(rep.dropped, 'duplicate id (first kept)');
      continue;
    }
    out.set(id, read(rec, rep.dropped));
    rep.used++;
  }
  return out;
}

export interface ReadDatasetOptions {
  /** Stop after this many kept movies (dev builds and tests). */
  limit?: number;
}

export interface Dataset {
  movies: Movie[];
  report: DatasetReport;
}

/** The metadata rows, re-aligned and interpreted (no people/keywords yet). */
async function readMetadata(
  file: string,
  report: DatasetReport,
  limit: number,
): Promise<Array<{ row: Record<string, string> }>> {
  const rows: Array<{ row: Record<string, string> }> = [];
  const source = csvRows(file, (n) => bump(report.repaired, SWALLOWED_ROWS_REASON, n));
  const first = await source.next();
  if (first.done) throw new DatasetError(`${file} is empty`);
  const header = cleanHeader(first.value);
  for (const c of ['id', 'title', 'overview', 'genres']) {
    if (!header.includes(c)) throw new DatasetError(`${file}: missing column "${c}" (is this movies_metadata.csv?)`);
  }
  for await (const fields of repairRows(source, header, report)) {
    rows.push({ row: toRecord(header, fields) });
    if (rows.length >= limit) {
      await source.return(undefined);
      break;
    }
  }
  return rows;
}

/**
 * Read, repair and join the dataset in `dir`. Returns kept movies in file order with the
 * drop/repair report. Bad rows are counted, never thrown.
 */
export async function readDataset(dir: string, options: ReadDatasetOptions = {}): Promise<Dataset> {
  const report = emptyReport();
  const files = Object.fromEntries(DATASET_FILES.map((n) => [n, resolveDatasetFile(dir, n)])) as Record<
    DatasetFile,
    string
  >;
  for (const [n, f] of Object.entries(files)) report.files[n] = path.basename(f);

  // With --limit, read a generous prefix of raw rows (drops are a few per cent at most).
  const rawLimit = options.limit ? Math.ceil(options.limit * 1.5) + 50 : Infinity;
  const metaRows = await readMetadata(files.movies_metadata, report, rawLimit);
  const wantedIds = options.limit
    ? new Set(metaRows.map((r) => parseId(r.row.id)).filter((id): id is number => id !== null))
    : undefined;

  report.sources.keywords = { rowsRead: 0, used: 0, dropped: {} };
  report.sources.credits = { rowsRead: 0, used: 0, dropped: {} };
  const keywords = await readSideFile(
    files.keywords,
    ['id', 'keywords'],
    (rec, counter) => keywordsFromLiteral(rec.keywords, counter),
    report.sources.keywords,
    wantedIds,
  );
  const credits = await readSideFile(
    files.credits,
    ['id', 'cast', 'crew'],
    (rec, counter) => peopleFromLiterals(rec.cast, rec.crew, counter),
    report.sources.credits,
    wantedIds,
  );

  const movies: Movie[] = [];
  const seen = new Set<number>();
  const limit = options.limit ?? Infinity;
  let considered = 0;
  for (const { row } of metaRows) {
    if (movies.length >= limit) break;
    considered++;
    const id = parseId(row.id);
    const people = id !== null ? credits.get(id) : undefined;
    const extras: MovieExtras | undefined =
      id !== null
        ? { directors: people?.directors ?? [], cast: people?.cast ?? [], keywords: keywords.get(id) ?? [] }
        : undefined;
    const result = movieFromRow(row, extras, report);
    if ('drop' in result) {
      bump(report.dropped, result.drop);
      continue;
    }
    if (seen.has(result.id)) {
      bump(report.dropped, 'duplicate id (first kept)');
      continue;
    }
    seen.add(result.id);
    movies.push(result);
  }
  if (options.limit) {
    // rowsRead counted every row read ahead; report only the rows actually considered.
    const droppedByRepair = Object.entries(report.dropped)
      .filter(([k]) => k.startsWith('shifted') || k === 'too many fields')
      .reduce((s, [, n]) => s + n, 0);
    report.rowsRead = considered + droppedByRepair;
  }
  report.kept = movies.length;
  return { movies, report };
}
