import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isPlaceholderOverview } from '../../src/data/movie-record.ts';
import { readDataset, resolveDatasetFile } from '../../src/data/read-dataset.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const QUIRKS = path.join(FIXTURES, 'kaggle-quirks');
const SLICE = path.join(FIXTURES, 'slice');

describe('readDataset on hand-made Kaggle quirks (tests/fixtures/kaggle-quirks)', async () => {
  const { movies, report } = await readDataset(QUIRKS);
  const byId = new Map(movies.map((m) => [m.id, m]));
  const dropped = Object.values(report.dropped).reduce((a, b) => a + b, 0);

  it('accounts for every row: kept + dropped = rows read', () => {
    expect(report.kept).toBe(movies.length);
    expect(report.kept + dropped).toBe(report.rowsRead);
    expect(report.rowsRead).toBe(15);
  });

  it('joins a raw row split by a line break (Midnight Man)', () => {
    const m = byId.get(82663)!;
    expect(m.title).toBe('Midnight Man');
    expect(m.overview).toMatch(/knows too much - Written by Ørnås$/);
    expect(m.year).toBe(1997);
    expect(m.runtime).toBe(104);
    expect(m.countries).toEqual(['CA', 'LU']);
    expect(m.directors).toEqual(['Roger Spottiswoode']);
    expect(report.repaired['row split by a line break joined']).toBe(1);
  });

  it('merges pandas-shaped continuation rows (date-like id) into the previous row', () => {
    const mardock = byId.get(122662)!;
    expect(mardock.title).toBe('Mardock Scramble: The Third Exhaust');
    expect(mardock.originalTitle).toBe('マルドゥック・スクランブル 排気');
    expect(mardock.overview).toContain('Rune Balot goes to a casino');
    expect(mardock.year).toBe(2012);
    expect(mardock.runtime).toBe(68);
    expect(mardock.votes).toBe(22);
    const sharks = byId.get(249260)!;
    expect(sharks.tagline).toBe('Beware Of Frost Bites');
    expect(sharks.overview).toMatch(/snow\. Avalanche Sharks tells/);
    expect(report.repaired['shifted continuation row merged into previous row']).toBe(2);
    // A continuation after a complete row has nothing to merge into: dropped, not crashed.
    expect(report.dropped['shifted continuation row (date-like id), no row to merge into']).toBe(1);
    expect(movies.some((m) => m.title === 'Stray')).toBe(false);
  });

  it('drops missing, non-numeric and duplicate ids, keeping the first duplicate', () => {
    expect(report.dropped['missing id']).toBe(1);
    expect(report.dropped['non-numeric id']).toBe(1);
    expect(report.dropped['duplicate id (first kept)']).toBe(1);
    const dup = byId.get(4912)!;
    expect(dup.genres).toEqual(['Drama']);
    expect(dup.keywords).toEqual(['cia', 'game show', "based on a children's book"]);
    expect(dup.cast).toEqual(['Sam Rockwell', 'Drew Barrymore']);
    expect(report.sources.keywords.dropped['duplicate id (first kept)']).toBe(1);
    expect(report.sources.credits.dropped['duplicate id (first kept)']).toBe(1);
  });

  it('turns placeholder overviews into empty ones', () => {
    expect(byId.get(31357)!.overview).toBe('');
    expect(byId.get(45325)!.overview).toBe('');
    expect(report.repaired['placeholder overview → empty']).toBe(2);
    expect(isPlaceholderOverview('No Overview')).toBe(true);
    expect(isPlaceholderOverview('No overview found, but a plot.')).toBe(false);
  });

  it('repairs runtimes, dates, titles, ratings and posters', () => {
    const exhale = byId.get(31357)!;
    expect(exhale.runtime).toBeNull(); // 0.0
    expect(exhale.year).toBeNull(); // empty release_date
    expect(exhale.rating).toBeNull(); // 0.0 with 0 votes is "no rating"
    expect(byId.get(45325)!.runtime).toBe(79); // 78.5 rounded
    expect(byId.get(45325)!.poster).toBeNull();
    expect(byId.get(11862)!.year).toBeNull(); // "12/8/95" is not ISO: century unknown
    const war = byId.get(20000)!;
    expect(war.title).toBe('Im Westen nichts Neues'); // empty title → original_title
    expect(war.originalTitle).toBeUndefined();
    expect(war.runtime).toBeNull(); // -5
    expect(war.year).toBeNull(); // "not a date"
    expect(war.poster).toBeNull(); // "None"
    expect(report.repaired['runtime 0 → null']).toBe(1);
    expect(report.repaired['runtime invalid → null']).toBe(1);
    expect(report.repaired['release_date invalid → year null']).toBe(2);
    expect(report.repaired['title empty → original_title']).toBe(1);
  });

  it('keeps escaped quotes, None values and apostrophes in literals', () => {
    const grumpier = byId.get(15602)!;
    expect(grumpier.overview).toContain('she\'ll "scare the fish away."');
    expect(grumpier.collection).toEqual({ id: 119050, name: 'Grumpy Old Men Collection' });
    // Billing order comes from `order`, not from list position.
    expect(grumpier.cast).toEqual(['Jack Lemmon', 'Walter Matthau', 'Sophia Loren', 'Burgess Meredith']);
    expect(grumpier.directors).toEqual(['Howard Deutch']);
    const toy = byId.get(862)!;
    expect(toy.directors).toEqual(['John Lasseter']); // the screenplay credit is not a director
    expect(toy.collection).toEqual({ id: 10194, name: 'Toy Story Collection' });
  });

  it('counts malformed literals and keeps the movie', () => {
    const bride = byId.get(11862)!;
    expect(bride.genres).toEqual([]);
    expect(bride.keywords).toEqual([]);
    expect(bride.cast).toEqual([]);
    expect(bride.directors).toEqual(['Charles Shyer']);
    expect(report.repaired['malformed genres literal → empty']).toBe(1);
    expect(report.sources.keywords.dropped['malformed keywords literal → empty']).toBe(1);
  });
});

describe('readDataset on the real-data slice (first 500 rows, tests/fixtures/slice)', async () => {
  const { movies, report } = await readDataset(SLICE);

  it('reads all 500 rows, drops only repeated ids, and joins people and keywords', () => {
    expect(report.rowsRead).toBe(500);
    const dropped = Object.values(report.dropped).reduce((a, b) => a + b, 0);
    expect(report.kept + dropped).toBe(500);
    expect(new Set(movies.map((m) => m.id)).size).toBe(movies.length);
    const toy = movies.find((m) => m.id === 862)!;
    expect(toy).toMatchObject({ title: 'Toy Story', year: 1995, runtime: 81, language: 'en' });
    expect(toy.genres).toEqual(['Animation', 'Comedy', 'Family']);
    expect(toy.cast[0]).toBe('Tom Hanks');
    expect(toy.keywords).toContain('toy');
    // Every movie of the head has its genres parsed from the literal, never a raw string.
    expect(movies.every((m) => m.genres.every((g) => /^[A-Z][A-Za-z ]+$/.test(g)))).toBe(true);
    expect(movies.filter((m) => m.directors.length > 0).length).toBeGreaterThan(350);
  });

  it('honours --limit', async () => {
    const { movies: ten, report: r10 } = await readDataset(SLICE, { limit: 10 });
    expect(ten.map((m) => m.id)).toEqual(movies.slice(0, 10).map((m) => m.id));
    expect(r10.kept).toBe(10);
  });
});

describe('dataset files', () => {
  it('prefers a plain .csv over the shipped .csv.gz, and reads both the same', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cinechat-data-'));
    for (const f of ['movies_metadata', 'keywords', 'credits']) {
      fs.copyFileSync(path.join(SLICE, `${f}.csv.gz`), path.join(dir, `${f}.csv.gz`));
    }
    const fromGz = await readDataset(dir, { limit: 50 });
    // A user drops Kaggle's uncompressed original next to the shipped file: it wins.
    const plain = zlib.gunzipSync(fs.readFileSync(path.join(SLICE, 'movies_metadata.csv.gz')));
    fs.writeFileSync(path.join(dir, 'movies_metadata.csv'), plain);
    expect(resolveDatasetFile(dir, 'movies_metadata')).toBe(path.join(dir, 'movies_metadata.csv'));
    const fromCsv = await readDataset(dir, { limit: 50 });
    expect(fromCsv.report.files.movies_metadata).toBe('movies_metadata.csv');
    expect(fromCsv.movies).toEqual(fromGz.movies);
    fs.rmSync(dir, { recursive: true });
  });

  it('explains a missing file', () => {
    expect(() => resolveDatasetFile(os.tmpdir(), 'credits')).toThrow(/credits\.csv\(\.gz\) not found/);
  });
});
