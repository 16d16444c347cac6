/**
 * Recovery of rows swallowed by an unbalanced quote.
 *
 * A CSV field that opens with `"` and never closes properly makes every CSV reader (papaparse too)
 * read the following lines into that one field, up to the next quote that looks like a closing one,
 * often the end of the file. Those lines are whole rows: without this step they would vanish inside
 * one movie's title or overview, uncounted. Legitimate quoted line breaks exist (54 overviews in the
 * dataset have them), so a multi-line field is split back into rows only when the pieces look like
 * rows: at least half of the pieces after the first (at least one) have the header's width and a
 * numeric id, and, in narrow files, the first piece too.
 * Pure (no Node APIs).
 */
import Papa from 'papaparse';

const LINE_BREAK = /\r\n|\n|\r/;

const parseLine = (line: string): string[] =>
  (Papa.parse<string[]>(line, { delimiter: ',', skipEmptyLines: false }).data[0] ?? []).map(String);

/**
 * The CSV text of a swallowed line, rebuilt from what papaparse made of it inside the runaway field:
 * there every `""` became `"`, so a quote that opens a field starts quoting again and the quotes after
 * it are doubled back. Returns the text and whether it ends inside a quoted field.
 */
function requote(content: string): { text: string; open: boolean } {
  let out = '';
  let open = false;
  let fieldStart = true;
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (c === '"') {
      if (open) out += '""';
      else if (fieldStart && (content[i + 1] === ',' || i + 1 === content.length)) out += '""'; // was ""
      else if (fieldStart) {
        out += '"';
        open = true;
      } else out += '"';
      fieldStart = false;
    } else if (c === ',' && !open) {
      out += c;
      fieldStart = true;
    } else {
      out += c;
      fieldStart = false;
    }
  }
  return { text: out, open };
}

/** From this many columns a line that parses to exactly that many with a numeric id is a row. */
const MIN_WIDTH_FOR_TRUNCATED_FIRST = 8;

const looksLikeId = (v: string | undefined) => /^\s*\d{1,10}\s*$/.test(v ?? '');

/** A field written back as CSV: quoted when it has to be. */
const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * If `row` (as parsed) holds rows swallowed by an unbalanced quote, return the physical rows it was
 * made of (the stray opening quote dropped); otherwise null. A record can hold several runaway
 * fields (a cut row, then a row with a stray quote): the record is written back as text, each runaway
 * field without its opening quote, and every line of that text is parsed as a row of its own.
 *
 * @example
 * // `1,"Toy Story,a` then `2,Jumanji,b` (3 columns, id first): papaparse returns one record
 * splitSwallowedRows(['1', 'Toy Story,a\n2,Jumanji,b'], 3, 0); // [['1','Toy Story','a'], ['2','Jumanji','b']]
 */
export function splitSwallowedRows(row: string[], width: number, idCol: number): string[][] | null {
  if (idCol < 0 || !row.some((v) => LINE_BREAK.test(v))) return null;
  const text = row
    .map((v, i) => {
      if (!LINE_BREAK.test(v)) return csvField(v);
      const { text: body, open } = requote(v);
      // The quote papaparse took as closing is part of the text, except at the very end (EOF).
      return body + (open || i < row.length - 1 ? '"' : '');
    })
    .join(',');
  const pieces = text
    .split(LINE_BREAK)
    .filter((line) => line.trim())
    .map(parseLine);
  if (pieces.length < 2) return null;
  const rowLike = (p: string[]) => p.length === width && looksLikeId(p[idCol]);
  // The first piece may be a truncated row (a cut inside a quoted field is the usual way a quote is
  // left open); with few columns a continuation line can look like a row by chance, so narrow files
  // need the first piece to be a row too.
  if (!rowLike(pieces[0]) && width < MIN_WIDTH_FOR_TRUNCATED_FIRST) return null;
  const restRowLike = pieces.slice(1).filter(rowLike).length;
  if (restRowLike === 0 || restRowLike * 2 < pieces.length - 1) return null;
  return pieces;
}
