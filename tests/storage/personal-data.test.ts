import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  exportPersonalData,
  parsePersonalData,
  ratedPairsJsonl,
  EXPORT_KIND,
} from '../../src/storage/personal-data.ts';
import { emptyPersonalData, type PersonalData } from '../../src/storage/types.ts';

const text = fc.string({ maxLength: 40 });
const at = fc.integer({ min: 0, max: 2 ** 42 });
const id = fc.integer({ min: 1, max: 500_000 });
const uniqueBy = <T>(arb: fc.Arbitrary<T>, key: (t: T) => unknown) =>
  fc.uniqueArray(arb, { selector: key, maxLength: 8 });

const personalData: fc.Arbitrary<PersonalData> = fc.record({
  ratings: uniqueBy(
    fc.record({ movieId: id, title: text, value: fc.constantFrom(1 as const, -1 as const), query: text, at }),
    (r) => r.movieId,
  ),
  watchlist: uniqueBy(
    fc.record({
      movieId: id,
      title: text,
      year: fc.option(fc.integer({ min: 1870, max: 2030 }), { nil: null }),
      addedAt: at,
    }),
    (r) => r.movieId,
  ),
  hidden: uniqueBy(fc.record({ movieId: id, title: text, at }), (r) => r.movieId),
  history: uniqueBy(
    fc.record({
      id: fc.uuid(),
      role: fc.constantFrom('user' as const, 'assistant' as const),
      text,
      resultIds: fc.array(id, { maxLength: 5 }),
      at,
    }),
    (r) => r.id,
  ),
  feedback: uniqueBy(
    fc.record({
      id: fc.uuid(),
      movieId: id,
      action: fc.constantFrom('more-like' as const, 'less-like' as const, 'hide' as const, 'up' as const),
      query: text,
      at,
    }),
    (r) => r.id,
  ),
  settings: fc.record({
    llmEnabled: fc.boolean(),
    llmModel: fc.option(fc.constantFrom('Qwen2.5-0.5B-Instruct-q4f32_1-MLC'), { nil: null }),
    qdrantUrl: fc.constantFrom('', 'http://localhost:6333'),
    qdrantApiKey: fc.constant(''),
    qdrantCollection: fc.constantFrom('movies', 'films_v2'),
    qdrantSync: fc.boolean(),
    syncUserId: fc.oneof(fc.constant(''), fc.uuid()),
  }),
});

describe('personal data export/import', () => {
  it('round-trips any valid data exactly', () => {
    fc.assert(
      fc.property(personalData, (data) => {
        const back = parsePersonalData(exportPersonalData(data));
        expect(back).toEqual({ ok: true, data });
      }),
      { numRuns: 200 },
    );
  });

  it('never exports the Qdrant API key', () => {
    const data = emptyPersonalData();
    data.settings.qdrantApiKey = 'secret-key-123';
    expect(exportPersonalData(data)).not.toContain('secret-key-123');
  });

  const valid = () => JSON.parse(exportPersonalData(emptyPersonalData()));
  const hostile: Array<[string, string]> = [
    ['not JSON', '{"kind": '],
    ['a JSON array', '[]'],
    ['another app', JSON.stringify({ ...valid(), kind: 'other' })],
    ['a future version', JSON.stringify({ ...valid(), version: 99 })],
    ['ratings not a list', JSON.stringify({ ...valid(), data: { ...valid().data, ratings: {} } })],
    [
      'a rating value of 5',
      JSON.stringify({
        ...valid(),
        data: { ...valid().data, ratings: [{ movieId: 1, title: 'a', value: 5, query: '', at: 1 }] },
      }),
    ],
    [
      'an HTML payload as a movie id',
      JSON.stringify({
        ...valid(),
        data: { ...valid().data, hidden: [{ movieId: '<img src=x onerror=alert(1)>', title: 'a', at: 1 }] },
      }),
    ],
    [
      'duplicate watchlist entries',
      JSON.stringify({
        ...valid(),
        data: {
          ...valid().data,
          watchlist: [
            { movieId: 1, title: 'a', year: null, addedAt: 1 },
            { movieId: 1, title: 'b', year: null, addedAt: 2 },
          ],
        },
      }),
    ],
    [
      'a huge title',
      JSON.stringify({
        ...valid(),
        data: { ...valid().data, hidden: [{ movieId: 1, title: 'x'.repeat(10_000), at: 1 }] },
      }),
    ],
    [
      'a javascript: Qdrant URL',
      JSON.stringify({
        ...valid(),
        data: { ...valid().data, settings: { qdrantUrl: 'javascript:alert(1)' } },
      }),
    ],
    [
      'a collection name with a path in it',
      JSON.stringify({
        ...valid(),
        data: { ...valid().data, settings: { qdrantCollection: '../collections/other' } },
      }),
    ],
    [
      'a sync id that is not an id',
      JSON.stringify({
        ...valid(),
        data: { ...valid().data, settings: { syncUserId: 'me' } },
      }),
    ],
  ];
  it.each(hostile)('rejects %s with a message', (_name, file) => {
    const r = parsePersonalData(file);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^Import failed: /);
  });

  it('drops unknown keys such as __proto__ instead of copying them', () => {
    const file = `{"kind":"${EXPORT_KIND}","version":1,"exportedAt":"x","data":{"ratings":[{"movieId":1,"title":"a","value":1,"query":"","at":1,"__proto__":{"polluted":true}}],"watchlist":[],"hidden":[],"history":[],"feedback":[],"settings":{}}}`;
    const r = parsePersonalData(file);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(Object.keys(r.data.ratings[0]).sort()).toEqual(['at', 'movieId', 'query', 'title', 'value']);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('writes one parseable JSON object per rated pair', () => {
    const data = emptyPersonalData();
    data.ratings = [
      { movieId: 603, title: 'The Matrix', value: 1, query: 'line\nbreak "quoted"', at: 1 },
      { movieId: 13, title: 'Forrest Gump', value: -1, query: '', at: 2 },
    ];
    const lines = ratedPairsJsonl(data).trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { query: 'line\nbreak "quoted"', movieId: 603, title: 'The Matrix', label: 1, at: 1 },
      { query: '', movieId: 13, title: 'Forrest Gump', label: -1, at: 2 },
    ]);
  });
});
