/**
 * A safe parser for the Python literals that The Movies Dataset stores in its list columns
 * (`[{'id': 16, 'name': 'Animation'}]`). It is a small recursive-descent reader, never `eval`:
 * the CSV is untrusted data. Covers what `repr()` of lists/dicts/tuples of str/int/float/bool/None
 * produces: single- and double-quoted strings (a name with an apostrophe is written `"children's"`),
 * backslash escapes, None/True/False, nesting, trailing commas, and adjacent string concatenation.
 * Pure TypeScript (no Node APIs) so it also runs in a browser.
 */

export type PyValue = null | boolean | number | string | PyValue[] | { [key: string]: PyValue };

export class PythonLiteralError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
    this.name = 'PythonLiteralError';
  }
}

/** Nesting deeper than this is not a dataset value; refuse instead of overflowing the stack. */
const MAX_DEPTH = 64;

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  a: '\x07',
  '0': '\0',
};

/** Parse one Python literal; throws PythonLiteralError on anything else. */
export function parsePythonLiteral(text: string): PyValue {
  let pos = 0;

  const fail = (msg: string): never => {
    throw new PythonLiteralError(msg, pos);
  };
  const skipSpace = () => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };

  function parseString(): string {
    // Optional prefixes: u'' (same as ''), r'' (no escapes). b'' never occurs in this data.
    let raw = false;
    while (pos < text.length && /[uUrR]/.test(text[pos])) {
      if (text[pos] === 'r' || text[pos] === 'R') raw = true;
      pos++;
    }
    const quote = text[pos];
    if (quote !== "'" && quote !== '"') fail('Expected a quote');
    const triple = text.startsWith(quote.repeat(3), pos);
    pos += triple ? 3 : 1;
    let out = '';
    for (;;) {
      if (pos >= text.length) fail('Unterminated string');
      const ch = text[pos];
      if (triple ? text.startsWith(quote.repeat(3), pos) : ch === quote) {
        pos += triple ? 3 : 1;
        return out;
      }
      if (!triple && (ch === '\n' || ch === '\r')) fail('Newline in string');
      if (ch !== '\\') {
        out += ch;
        pos++;
        continue;
      }
      const next = text[pos + 1];
      if (next === undefined) fail('Dangling backslash');
      if (raw) {
        // In raw strings a backslash stays, but it still prevents the quote from closing.
        out += ch + next;
        pos += 2;
        continue;
      }
      if (next in SIMPLE_ESCAPES && !(next === '0' && /[0-7]/.test(text[pos + 2] ?? ''))) {
        out += SIMPLE_ESCAPES[next];
        pos += 2;
      } else if (next === '\n') {
        pos += 2; // line continuation
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const len = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = text.slice(pos + 2, pos + 2 + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) fail(`Bad \\${next} escape`);
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) fail('Code point out of range');
        out += String.fromCodePoint(code);
        pos += 2 + len;
      } else if (/[0-7]/.test(next)) {
        const oct = /^[0-7]{1,3}/.exec(text.slice(pos + 1))![0];
        out += String.fromCharCode(parseInt(oct, 8));
        pos += 1 + oct.length;
      } else {
        // Python keeps unknown escapes verbatim ("\d" stays backslash-d).
        out += ch + next;
        pos += 2;
      }
    }
  }

  function parseStrings(): string {
    // Python joins adjacent literals: 'a' "b" == 'ab'.
    let s = parseString();
    for (;;) {
      const save = pos;
      skipSpace();
      if (/^[uUrR]*['"]/.test(text.slice(pos, pos + 3))) s += parseString();
      else {
        pos = save;
        return s;
      }
    }
  }

  function parseNumber(): number {
    const m = /^[-+]?(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][-+]?\d+)?/.exec(text.slice(pos));
    if (!m) fail('Expected a number');
    pos += m![0].length;
    const n = Number(m![0].replace(/_/g, ''));
    if (!Number.isFinite(n)) fail('Bad number');
    return n;
  }

  function parseSequence(close: string, depth: number): PyValue[] {
    const items: PyValue[] = [];
    for (;;) {
      skipSpace();
      if (text[pos] === close) {
        pos++;
        return items;
      }
      items.push(parseValue(depth + 1));
      skipSpace();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== close) fail(`Expected "," or "${close}"`);
    }
  }

  function parseDict(depth: number): { [key: string]: PyValue } {
    // Null prototype: a key such as "__proto__" in the data stays an ordinary key.
    const obj: { [key: string]: PyValue } = Object.create(null);
    for (;;) {
      skipSpace();
      if (text[pos] === '}') {
        pos++;
        return obj;
      }
      const key = parseValue(depth + 1);
      if (key !== null && typeof key === 'object') fail('Unhashable dict key');
      skipSpace();
      if (text[pos] !== ':') fail('Expected ":"');
      pos++;
      obj[String(key)] = parseValue(depth + 1);
      skipSpace();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== '}') fail('Expected "," or "}"');
    }
  }

  function parseValue(depth: number): PyValue {
    if (depth > MAX_DEPTH) fail('Nesting too deep');
    skipSpace();
    const ch = text[pos];
    if (ch === undefined) fail('Unexpected end');
    if (ch === '[') {
      pos++;
      return parseSequence(']', depth);
    }
    if (ch === '(') {
      pos++;
      return parseSequence(')', depth);
    }
    if (ch === '{') {
      pos++;
      return parseDict(depth);
    }
    if (ch === "'" || ch === '"' || /^[uUrR]+['"]/.test(text.slice(pos, pos + 3))) return parseStrings();
    for (const [word, value] of [
      ['None', null],
      ['True', true],
      ['False', false],
    ] as const) {
      if (text.startsWith(word, pos) && !/\w/.test(text[pos + word.length] ?? '')) {
        pos += word.length;
        return value;
      }
    }
    if (/[-+.\d]/.test(ch)) return parseNumber();
    return fail(`Unexpected character ${JSON.stringify(ch)}`);
  }

  const value = parseValue(0);
  skipSpace();
  if (pos !== text.length) fail('Trailing characters');
  return value;
}

/** Parse a literal, or return `undefined` for any malformed input (the caller counts it). */
export function tryParsePythonLiteral(text: string): PyValue | undefined {
  try {
    return parsePythonLiteral(text);
  } catch (e) {
    if (e instanceof PythonLiteralError) return undefined;
    throw e;
  }
}
