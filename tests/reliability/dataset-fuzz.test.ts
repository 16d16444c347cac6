/**
 * Property-based fuzzing of the dataset reader (src/data/): the Python-literal parser, row repair,
 * row interpretation and the whole CSV → Movie[] read on generated files with injected faults.
 * Invariants: nothing throws, every row read is kept or dropped with a counted reason, clean rows
 * survive their neighbours' faults, and the literal parser is a parser (never evaluates anything).
 * Case counts are printed at the end (`FUZZ CASES`). FUZZ_RUNS / FUZZ_SEED change the file-level run count and
 * seed; KEEP_FUZZ=1 keeps the generated files in the temp folder for replaying a counterexample.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { movieFromRow } from '../../src/data/movie-record.ts';
import {
  parsePythonLiteral,
  PythonLiteralError,
  tryParsePythonLiteral,
  type PyValue,
} from '../../src/data/python-literal.ts';
import { readDataset } from '../../src/data/read-dataset.ts';
import { emptyReport, type DatasetReport } from '../../src/data/report.ts';
import { repairRows } from '../../src/data/row-repair.ts';
import { splitSwallowedRows } from '../../src/data/quote-recovery.ts';
import type { Movie } from '../../src/core/types.ts';
import { col, FAULTS, HEADER, writeDataset, type Fault, type GenRow } from './dataset-faults.ts';

const counts: Record<string, number> = {};
/** Run a property and record how many cases it tried. */
function check<T>(
  name: string,
  prop: fc.IAsyncPropertyWithHooks<T> | fc.IPropertyWithHooks<T>,
  numRuns: number,
) {
  counts[name] = numRuns;
  return fc.assert(prop as fc.IAsyncProperty<T>, {
    numRuns,
    seed: Number(process.env.FUZZ_SEED ?? 20260526) ^ name.length,
  });
}
afterAll(() => {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`FUZZ CASES (dataset): ${JSON.stringify(counts)} total ${total}`);
});

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cinechat-fuzz-'));
afterAll(() => {
  if (!process.env.KEEP_FUZZ) fs.rmSync(tmpRoot, { recursive: true, force: true });
});

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

// ------------------------------------------------------------------------------------------------
// Python literals

/** Is `v` a PyValue (the parser's typed result) all the way down? */
function isPyValue(v: unknown, depth = 0): boolean {
  if (depth > 70) return false;
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((x) => isPyValue(x, depth + 1));
  if (typeof v === 'object') return Object.values(v as object).every((x) => isPyValue(x, depth + 1));
  return false;
}

/** Python repr() of a value, with the quoting choices repr and hand-written data make. */
function pyRepr(v: PyValue, dq: boolean): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') {
    const q = dq ? '"' : "'";
    const body = [...v]
      .map((c) => {
        if (c === '\\') return '\\\\';
        if (c === q) return '\\' + q;
        if (c === '\n') return '\\n';
        if (c === '\r') return '\\r';
        if (c === '\t') return '\\t';
        const cp = c.codePointAt(0)!;
        if (cp < 0x20 || cp === 0x7f) return '\\x' + cp.toString(16).padStart(2, '0');
        return c;
      })
      .join('');
    return q + body + q;
  }
  if (Array.isArray(v)) return '[' + v.map((x) => pyRepr(x, dq)).join(', ') + ']';
  return (
    '{' +
    Object.entries(v)
      .map(([k, x]) => `${pyRepr(k, !dq)}: ${pyRepr(x, dq)}`)
      .join(', ') +
    '}'
  );
}

const pyValue: fc.Arbitrary<PyValue> = fc.letrec<{ value: PyValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -1e9, max: 1e9 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Object.is(d, -0) ? 0 : d)),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: fc.constantFrom("'", '"', '\\', 'a', ' ', '\n', 'é', '🎬'), maxLength: 12 }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.array(fc.tuple(fc.string({ maxLength: 8 }), tie('value')), { maxLength: 4 }).map((entries) => {
      // Null prototype, like the parser's dicts: a "__proto__" key stays a key.
      const o: Record<string, PyValue> = Object.create(null);
      for (const [k, x] of entries) o[k] = x;
      return o;
    }),
  ),
})).value;

/** Inputs that would do something if anything evaluated them. */
const CODE_PAYLOADS = [
  "__import__('os').system('touch PWNED')",
  "[__import__('os').system('touch PWNED')]",
  "{'a': open('/etc/passwd').read()}",
  "eval('1+1')",
  'exec("import os")',
  'lambda: 1',
  '[x for x in range(10)]',
  "[{'id': 1, 'name': 'x'}] + [1]",
  '(1).__class__.__bases__[0].__subclasses__()',
  '1 if True else 2',
  "'); globalThis.__pwned = 1; ('",
  '${globalThis.__pwned = 1}',
  '`${globalThis.__pwned = 1}`',
  "[{'id': 1, 'name': 'x'}]; globalThis.__pwned = 1",
  "constructor.constructor('globalThis.__pwned = 1')()",
  "{'__proto__': {'polluted': True}}",
  "{'constructor': {'prototype': {'polluted': True}}}",
  'f"{1+1}"',
  "b'bytes'",
  '...',
];

describe('Python-literal parser', () => {
  it('round-trips any generated literal (repr → parse = value), either quote style', () =>
    check(
      'literal round-trip',
      fc.property(pyValue, fc.boolean(), (v, dq) => {
        expect(parsePythonLiteral(pyRepr(v, dq))).toEqual(v);
      }),
      600,
    ));

  it('returns a typed value or a counted failure for truncated, mutated and random text', () =>
    check(
      'literal garbage/truncation',
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.string({
            unit: fc.constantFrom('[', ']', '{', '}', "'", '"', '\\', ',', ':', 'None', '1', ' ', 'x'),
            maxLength: 40,
          }),
          // A valid literal cut at a random point or with a character inserted.
          fc.tuple(pyValue, fc.boolean(), fc.nat(), fc.string({ maxLength: 2 })).map(([v, dq, at, ins]) => {
            const s = pyRepr(v, dq);
            const i = s.length ? at % (s.length + 1) : 0;
            return ins ? s.slice(0, i) + ins + s.slice(i) : s.slice(0, i);
          }),
        ),
        (text) => {
          let threwOther: unknown = null;
          try {
            parsePythonLiteral(text);
          } catch (e) {
            if (!(e instanceof PythonLiteralError)) threwOther = e;
          }
          expect(threwOther).toBeNull();
          const v = tryParsePythonLiteral(text);
          expect(v === undefined || isPyValue(v)).toBe(true);
        },
      ),
      1500,
    ));

  it('never evaluates code: payloads are rejected or read as plain strings, with no side effect', () => {
    const cwdFile = path.join(process.cwd(), 'PWNED');
    for (const p of CODE_PAYLOADS) {
      const v = tryParsePythonLiteral(p);
      // Only a quoted payload may parse, and then only as inert data.
      expect(v === undefined || isPyValue(v), p).toBe(true);
      if (v !== undefined && typeof v === 'object' && v !== null) {
        expect(Object.getPrototypeOf(v) === null || Array.isArray(v), p).toBe(true);
      }
    }
    expect((globalThis as { __pwned?: unknown }).__pwned).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(fs.existsSync(cwdFile)).toBe(false);
    // The dict payloads parsed as data: keys kept as own keys of a null-prototype object.
    const proto = tryParsePythonLiteral("{'__proto__': {'polluted': True}}") as Record<string, PyValue>;
    expect(Object.keys(proto)).toEqual(['__proto__']);
    counts['literal code payloads'] = CODE_PAYLOADS.length;
  });

  it('refuses pathological nesting and reads a 1 MB string without trouble', () => {
    expect(tryParsePythonLiteral('['.repeat(200_000))).toBeUndefined();
    expect(tryParsePythonLiteral('['.repeat(60) + ']'.repeat(60))).toBeDefined();
    const big = 'x'.repeat(1_000_000);
    expect(tryParsePythonLiteral(`[{'id': 1, 'name': '${big}'}]`)).toEqual([{ id: 1, name: big }]);
  });
});

// ------------------------------------------------------------------------------------------------
// Row repair and row interpretation (pure)

describe('row repair (repairRows)', () => {
  it('always yields full-width rows and accounts for every physical row', () =>
    check(
      'repairRows accounting',
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.array(fc.string({ maxLength: 6 }), { minLength: 1, maxLength: 30 }),
            fc.constant(HEADER.map((_, i) => (i === col('id') ? '1997-08-20' : ''))),
            fc.array(fc.constantFrom('', ' '), { minLength: 25, maxLength: 28 }),
          ),
          { maxLength: 40 },
        ),
        async (rows) => {
          const report = emptyReport();
          const out: string[][] = [];
          for await (const r of repairRows(rows, HEADER, report)) out.push(r);
          for (const r of out) expect(r).toHaveLength(HEADER.length);
          // Every row read is either passed on or dropped with a reason.
          expect(report.rowsRead).toBe(out.length + sum(report.dropped));
          // Joins and merges are the only way two physical rows become one.
          const joined =
            (report.repaired['row split by a line break joined'] ?? 0) +
            (report.repaired['shifted continuation row merged into previous row'] ?? 0);
          expect(report.rowsRead + joined).toBe(rows.length);
        },
      ),
      800,
    ));
});

/** A string-valued field as it could appear in a broken CSV. */
const fieldValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '',
    'None',
    'nan',
    'NaN',
    '0',
    '-1',
    '1e309',
    '81.0',
    '2000-13-45',
    '1995-10-30',
    '0000-00-00',
  ),
  fc.integer().map(String),
  fc.double().map(String),
  pyValue.map((v) => pyRepr(v, false)),
  fc.constantFrom(
    "[{'id': 16, 'name': 'Animation'}, {'id': 10751, 'name': \"children's\"}]",
    "[{'id': 1, 'name': 'He said \\'hi\\' and \"bye\"'}]",
    "[{'iso_3166_1': 'US', 'name': 'United States of America'}",
    "{'id': 10194, 'name': 'Toy Story Collection'}",
  ),
);

function isMovie(m: Movie): boolean {
  const strs = (a: unknown) =>
    Array.isArray(a) && a.every((s) => typeof s === 'string' && s.trim() === s && s);
  return (
    Number.isSafeInteger(m.id) &&
    m.id > 0 &&
    typeof m.title === 'string' &&
    m.title.length > 0 &&
    (m.year === null || (Number.isInteger(m.year) && m.year >= 1870 && m.year <= 2100)) &&
    strs(m.genres) &&
    (m.runtime === null || (Number.isInteger(m.runtime) && m.runtime > 0)) &&
    (m.language === null || /^[a-z]{2,3}$/.test(m.language)) &&
    strs(m.countries) &&
    (m.rating === null || (m.rating >= 0 && m.rating <= 10)) &&
    Number.isFinite(m.votes) &&
    Number.isFinite(m.popularity) &&
    (m.poster === null || m.poster.startsWith('/')) &&
    typeof m.overview === 'string' &&
    typeof m.tagline === 'string' &&
    strs(m.directors) &&
    strs(m.cast) &&
    strs(m.keywords) &&
    (m.collection === null || (Number.isInteger(m.collection.id) && m.collection.name.length > 0))
  );
}

describe('row interpretation (movieFromRow)', () => {
  it('turns any row into a well-typed Movie or a drop reason, counting repairs', () =>
    check(
      'movieFromRow',
      fc.property(
        fc.array(fieldValue, { minLength: HEADER.length, maxLength: HEADER.length }),
        fc.boolean(),
        (vals, numericId) => {
          const row = Object.fromEntries(HEADER.map((h, i) => [h, vals[i]]));
          if (numericId) row.id = String(Math.abs(vals[0].length * 7919 + 1));
          const report = emptyReport();
          const r = movieFromRow(row, undefined, report);
          if ('drop' in r) expect(r.drop).toMatch(/\w/);
          else expect(isMovie(r), JSON.stringify(r)).toBe(true);
          for (const n of Object.values(report.repaired)) expect(Number.isInteger(n) && n > 0).toBe(true);
        },
      ),
      1500,
    ));
});

// ------------------------------------------------------------------------------------------------
// Whole files: generated datasets with injected faults, read by readDataset

const rowPlan = fc.array(
  fc.record({
    fault: fc.oneof(
      { weight: 4, arbitrary: fc.constant<Fault>('none') },
      { weight: 1, arbitrary: fc.constantFrom(...FAULTS) },
    ),
    title: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((t) => /\p{L}/u.test(t)),
  }),
  { minLength: 1, maxLength: 40 },
);

let datasetCase = 0;

describe('readDataset on generated files with injected faults', () => {
  it('never throws; kept + dropped = read; clean rows away from faults are kept intact', () =>
    check(
      'readDataset with faults',
      fc.asyncProperty(rowPlan, fc.nat(), async (plan, seed) => {
        const rows: GenRow[] = plan.map((p, i) => ({
          id: 1000 + i,
          title: p.title.replace(/\s+/g, ' ').trim() || 'T',
          fault: p.fault,
        }));
        const dir = path.join(tmpRoot, `case-${datasetCase++}`);
        writeDataset(dir, rows, seed);
        const { movies, report } = await readDataset(dir);
        if (!process.env.KEEP_FUZZ) fs.rmSync(dir, { recursive: true, force: true });

        expect(report.kept).toBe(movies.length);
        expect(report.rowsRead).toBe(report.kept + sum(report.dropped));
        for (const m of movies) expect(isMovie(m), JSON.stringify(m)).toBe(true);
        // Ids are unique in the output.
        expect(new Set(movies.map((m) => m.id)).size).toBe(movies.length);
        const byId = new Map(movies.map((m) => [m.id, m]));
        rows.forEach((r, i) => {
          const prev = rows[i - 1]?.fault ?? 'none';
          // A truncated or short row before may legitimately absorb this one (line-break repair).
          if (r.fault !== 'none' || prev === 'truncated' || prev === 'missing-columns') return;
          const m = byId.get(r.id);
          expect(m, `clean row ${r.id} after a "${prev}" row was lost`).toBeDefined();
          expect(m!.title).toBe(r.title);
          expect(m!.genres).toEqual(['Drama', "Children's"]);
          expect(m!.overview).toContain('東京 🎬');
          expect(m!.directors).toEqual([`D ${r.id}`]);
        });
        // The first of two rows with one id wins, and the second is counted (unless a short row before
        // either of them absorbed it).
        const short = (k: number) => k > 0 && ['truncated', 'missing-columns'].includes(rows[k - 1].fault);
        const original = rows.findIndex((r) => r.fault === 'none');
        const dupSeen = rows.some((r, k) => r.fault === 'duplicate-id' && k > original && !short(k));
        if (original >= 0 && !short(original) && dupSeen) {
          expect(report.dropped['duplicate id (first kept)'] ?? 0).toBeGreaterThanOrEqual(1);
          expect(byId.get(rows[original].id)!.title).toBe(rows[original].title);
        }
        // keywords.csv ends with an unterminated quote then a 3-field line: read as one row, not thrown.
        expect(report.sources.keywords.rowsRead).toBe(rows.length + 1);
      }),
      Number(process.env.FUZZ_RUNS ?? 200),
    ));

  it('a huge (1 MB) field and a file larger than a stream chunk keep every character', async () => {
    const dir = path.join(tmpRoot, 'big');
    const rows: GenRow[] = Array.from({ length: 3000 }, (_, i) => ({
      id: 5000 + i,
      title: `Amélie 東京 ${i} 🎬`,
      fault: 'none',
    }));
    writeDataset(dir, rows, 1);
    // Make one overview 1 MB long.
    const file = path.join(dir, 'movies_metadata.csv');
    const big = 'ж'.repeat(500_000); // 1 MB of 2-byte characters
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Overview of Amélie 東京 7 🎬', big));
    const { movies, report } = await readDataset(dir);
    expect(report.rowsRead).toBe(3000);
    expect(movies).toHaveLength(3000);
    // Multi-byte characters that straddle a 64 KB read chunk must not turn into U+FFFD.
    expect(movies.filter((m) => /\uFFFD/.test(m.title + m.overview)).map((m) => m.title)).toEqual([]);
    movies.forEach((m, i) => expect(m.title).toBe(`Amélie 東京 ${i} 🎬`));
    expect(movies[7].overview.startsWith(big)).toBe(true);
  });

  it('invalid UTF-8 bytes become U+FFFD in that field only', async () => {
    const dir = path.join(tmpRoot, 'utf8');
    const rows: GenRow[] = [
      { id: 1, title: 'Before', fault: 'none' },
      { id: 2, title: 'Broken', fault: 'invalid-utf8' },
      { id: 3, title: 'After', fault: 'none' },
    ];
    writeDataset(dir, rows, 0);
    const { movies } = await readDataset(dir);
    expect(movies.map((m) => m.title)).toEqual(['Before', 'Broken', 'After']);
    expect(movies[1].overview).toMatch(/^Bad bytes: \uFFFD+ end$/);
  });
});

describe('unbalanced quotes (quote-recovery.ts)', () => {
  it('splits rows an unbalanced quote swallowed, and leaves legitimate multi-line fields alone', async () => {
    expect(splitSwallowedRows(['1', 'Toy Story,a\n2,Jumanji,b\n3,"Heat', 'c'], 3, 0)).toEqual([
      ['1', 'Toy Story', 'a'],
      ['2', 'Jumanji', 'b'],
      ['3', 'Heat', 'c'],
    ]);
    expect(splitSwallowedRows(['1', 'Line one.\nLine two, with a comma.', 'c'], 3, 0)).toBeNull();
    expect(splitSwallowedRows(["[{'a': 1},\n{'name': 'x'}]", '[]', '862'], 3, 2)).toBeNull();
    const dir = path.join(tmpRoot, 'quote');
    const rows: GenRow[] = [
      { id: 1, title: 'Open Quote', fault: 'unbalanced-quote' },
      { id: 2, title: 'Second', fault: 'none' },
      { id: 3, title: 'Third', fault: 'none' },
    ];
    writeDataset(dir, rows, 0);
    const { movies, report } = await readDataset(dir);
    // The stray quote itself is dropped; the two rows it swallowed are rows again.
    expect(movies.map((m) => m.title)).toEqual(['Open Quote', 'Second', 'Third']);
    expect(report.repaired['rows swallowed by an unbalanced quote split back out']).toBe(1);
    expect(report.rowsRead).toBe(3);
  });
});

export type { DatasetReport };
