import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parsePythonLiteral,
  PythonLiteralError,
  tryParsePythonLiteral,
  type PyValue,
} from '../../src/data/python-literal.ts';

/** Python's repr() of the values the dataset holds (str/int/float/bool/None, lists, dicts). */
function pyRepr(v: PyValue): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'string') {
    // repr picks double quotes when the text has ' but no ", as Kaggle's "children's book".
    const quote = v.includes("'") && !v.includes('"') ? '"' : "'";
    let out = '';
    for (const ch of v) {
      const code = ch.codePointAt(0)!;
      if (ch === '\\') out += '\\\\';
      else if (ch === quote) out += `\\${quote}`;
      else if (ch === '\n') out += '\\n';
      else if (ch === '\t') out += '\\t';
      else if (ch === '\r') out += '\\r';
      else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
      else out += ch;
    }
    return quote + out + quote;
  }
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`)
    .join(', ')}}`;
}

const plain = (v: PyValue): unknown => JSON.parse(JSON.stringify(v));

describe('parsePythonLiteral', () => {
  it.each([
    ["[{'id': 16, 'name': 'Animation'}]", [{ id: 16, name: 'Animation' }]],
    [`[{'name': "based on a children's book"}]`, [{ name: "based on a children's book" }]],
    [
      "{'poster_path': None, 'adult': False, 'video': True}",
      { poster_path: null, adult: false, video: true },
    ],
    ["[{'character': 'O\\'Brien \"Bud\"', 'order': 3}]", [{ character: 'O\'Brien "Bud"', order: 3 }]],
    ["'tab\\there\\nnew \\\\ back'", 'tab\there\nnew \\ back'],
    ["'\\xe9t\\u00e9 \\U0001F600'", 'été 😀'],
    ["u'unicode prefix'", 'unicode prefix'],
    ["r'raw \\d stays'", 'raw \\d stays'],
    ["'unknown \\d escape kept'", 'unknown \\d escape kept'],
    ['\'adjacent\' "strings"', 'adjacentstrings'],
    ['[1, -2, 3.5, 1e3, -0.25, .5]', [1, -2, 3.5, 1000, -0.25, 0.5]],
    ['[[], {}, (), (1,), [[[]]]]', [[], {}, [], [1], [[[]]]]],
    ["[ {'a' : 1 , } , ]", [{ a: 1 }]],
    ["{1: 'int key', 'x': [None]}", { 1: 'int key', x: [null] }],
    ["'Ørnås マルドゥック'", 'Ørnås マルドゥック'],
    ["'''triple ' quoted'''", "triple ' quoted"],
  ])('%s', (text, expected) => {
    expect(plain(parsePythonLiteral(text))).toEqual(expected);
  });

  it.each([
    "[{'id': 18, 'name': 'Drama'}",
    "[{'id': 18 'name': 'Drama'}]",
    "'unterminated",
    "{'a' 1}",
    '[1, 2] trailing',
    '__import__("os")',
    "[{'id': Nonesuch}]",
    "'bad \\x4g escape'",
    '',
    "{['list', 'key']: 1}",
    '['.repeat(100) + ']'.repeat(100),
    "'line\nbreak'",
  ])('rejects %j with a PythonLiteralError', (text) => {
    expect(() => parsePythonLiteral(text)).toThrow(PythonLiteralError);
    expect(tryParsePythonLiteral(text)).toBeUndefined();
  });

  it('keeps "__proto__" as an ordinary key', () => {
    const v = parsePythonLiteral("{'__proto__': {'polluted': True}}") as Record<string, PyValue>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('round-trips anything repr() writes', () => {
    const key = fc.string({ maxLength: 12 });
    const leaf = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer({ min: -1e9, max: 1e9 }),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
      fc.string({ maxLength: 30, unit: 'binary' }),
    );
    const value = fc.letrec<{ v: PyValue }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(key, tie('v'), { maxKeys: 4 }),
      ),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        expect(plain(parsePythonLiteral(pyRepr(v)))).toEqual(plain(v));
      }),
      { numRuns: 150 },
    );
  });
});
