/**
 * Counters of what the dataset reader dropped or repaired, by reason. Printed by the build and
 * stored in the index manifest, so nothing is lost silently.
 */
export interface SourceFileReport {
  rowsRead: number;
  used: number;
  dropped: Record<string, number>;
  /** Rows repaired by reason (absent when none). */
  repaired?: Record<string, number>;
}

export interface DatasetReport {
  /** movies_metadata rows read (after joining split rows, before dropping). */
  rowsRead: number;
  kept: number;
  dropped: Record<string, number>;
  repaired: Record<string, number>;
  /** Which files were read (plain .csv or .csv.gz). */
  files: Record<string, string>;
  /** keywords.csv / credits.csv rows: read, used (first row per id), dropped by reason. */
  sources: Record<string, SourceFileReport>;
}

export function emptyReport(): DatasetReport {
  return { rowsRead: 0, kept: 0, dropped: {}, repaired: {}, files: {}, sources: {} };
}

export function bump(counter: Record<string, number>, reason: string, by = 1): void {
  counter[reason] = (counter[reason] ?? 0) + by;
}

/** Human-readable multi-line summary, largest reasons first. */
export function formatReport(r: DatasetReport): string {
  const lines = [`rows read ${r.rowsRead}, kept ${r.kept}, dropped ${r.rowsRead - r.kept}`];
  const section = (title: string, counts: Record<string, number>) => {
    const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
    if (entries.length === 0) return;
    lines.push(`${title}:`);
    for (const [reason, n] of entries) lines.push(`  ${String(n).padStart(7)}  ${reason}`);
  };
  section('dropped', r.dropped);
  section('repaired', r.repaired);
  for (const [name, s] of Object.entries(r.sources)) {
    lines.push(`${name}: rows read ${s.rowsRead}, used ${s.used}`);
    section(`  ${name} dropped`, s.dropped);
    if (s.repaired) section(`  ${name} repaired`, s.repaired);
  }
  return lines.join('\n');
}
