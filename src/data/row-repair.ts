/**
 * Re-aligns the broken rows of Kaggle's movies_metadata.csv before they are interpreted.
 *
 * Kaggle's original file has 3 movies ("Midnight Man", "Mardock Scramble: The Third Exhaust",
 * "Avalanche Sharks") whose overview contains a stray line break outside quotes. Each is split in
 * two physical rows: the first stops inside `overview`, the second (a "continuation row") starts
 * with the rest of the overview, so every later field sits 9 columns too far left: its `id` holds
 * the release date ("1997-08-20") and its `imdb_id` the revenue ("0"). Two shapes occur:
 * - raw CSV: the two halves are short rows whose field counts add up to the header width + 1;
 * - re-saved by pandas: both halves are padded to full width, the continuation has a date-like id.
 * Both are merged back into one row; a continuation that cannot be merged is dropped and counted.
 * Pure (no Node APIs): works on arrays of fields from any CSV reader.
 */
import { bump, type DatasetReport } from './report.ts';

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}$/;

export function isDateLike(value: string): boolean {
  return DATE_LIKE.test(value.trim());
}

/**
 * Yield rows of exactly `header.length` fields. Short rows are joined with the next short row when
 * their widths fit, else padded; long rows are dropped; pandas-shape continuation rows are merged
 * into the previous row. Counts go to `report.repaired` / `report.dropped` (rows dropped here are
 * included in `report.rowsRead`).
 */
export async function* repairRows(
  rows: AsyncIterable<string[]> | Iterable<string[]>,
  header: string[],
  report: DatasetReport,
): AsyncGenerator<string[]> {
  const width = header.length;
  const col = (name: string) => header.indexOf(name);
  const idCol = col('id');
  const overviewCol = col('overview');
  const releaseCol = col('release_date');
  // In the pandas shape the continuation's `id` column holds `release_date`: that is the shift.
  const shift = idCol >= 0 && releaseCol > idCol ? releaseCol - idCol : -1;

  let pendingShort: string[] | null = null;
  let prev: string[] | null = null;

  /** The previous row ends at `overview` (everything after it empty): a split row's first half. */
  const prevIsTruncated = (row: string[]) =>
    overviewCol >= 0 && row.slice(overviewCol + 1).every((v) => v.trim() === '');

  function* accept(row: string[]): Generator<string[]> {
    if (idCol >= 0 && shift > 0 && isDateLike(row[idCol])) {
      if (prev && prevIsTruncated(prev)) {
        // Undo the shift: the continuation's field c - shift belongs to column c of prev.
        const fragment = row[overviewCol - shift]?.trim() ?? '';
        prev[overviewCol] = [prev[overviewCol].trim(), fragment].filter(Boolean).join(' ');
        for (let c = overviewCol + 1; c < width; c++) {
          const from = c - shift;
          if (from >= 0 && from < row.length && prev[c].trim() === '') prev[c] = row[from];
        }
        bump(report.repaired, 'shifted continuation row merged into previous row');
        report.rowsRead--; // the two halves were one movie: count the pair once
      } else {
        bump(report.dropped, 'shifted continuation row (date-like id), no row to merge into');
      }
      return;
    }
    if (prev) yield prev;
    prev = row;
  }

  for await (const row of rows) {
    if (pendingShort) {
      const first = pendingShort;
      pendingShort = null;
      if (first.length + row.length - 1 === width) {
        // The line break split one field: join its two parts with a space.
        const joined = [
          ...first.slice(0, -1),
          [first[first.length - 1].trim(), row[0].trim()].filter(Boolean).join(' '),
          ...row.slice(1),
        ];
        bump(report.repaired, 'row split by a line break joined');
        report.rowsRead++;
        yield* accept(joined);
        continue;
      }
      bump(report.repaired, 'short row padded with empty fields');
      report.rowsRead++;
      yield* accept([...first, ...Array<string>(width - first.length).fill('')]);
    }
    if (row.length < width) {
      pendingShort = row;
      continue;
    }
    if (row.length > width) {
      // Trailing empty fields (a stray delimiter) are harmless; anything else is misaligned.
      if (row.slice(width).every((v) => v.trim() === '')) {
        bump(report.repaired, 'trailing empty fields removed');
        report.rowsRead++;
        yield* accept(row.slice(0, width));
      } else {
        report.rowsRead++;
        bump(report.dropped, 'too many fields');
      }
      continue;
    }
    report.rowsRead++;
    yield* accept(row);
  }
  if (pendingShort) {
    bump(report.repaired, 'short row padded with empty fields');
    report.rowsRead++;
    yield* accept([...pendingShort, ...Array<string>(width - pendingShort.length).fill('')]);
  }
  if (prev) yield prev;
}
