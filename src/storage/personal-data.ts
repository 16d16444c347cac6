/**
 * Export and import of all personal data as one JSON file. Import validates everything before
 * anything is written: a malformed or hostile file is rejected with a message and changes nothing.
 */
import { DEFAULT_SETTINGS, type FeedbackRecord, type PersonalData, type Settings } from './types.ts';

export const EXPORT_KIND = 'cinechat-personal-data';
export const EXPORT_VERSION = 1;
/** Bigger than any honest export (tens of thousands of records), small enough to parse safely. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
const MAX_TEXT = 20_000;
const MAX_ITEMS = 200_000;

export interface PersonalDataFile {
  kind: typeof EXPORT_KIND;
  version: number;
  exportedAt: string;
  data: PersonalData;
}

/** The file contents. The Qdrant API key is a secret of this device: it is never exported. */
export function exportPersonalData(data: PersonalData, now = new Date()): string {
  const file: PersonalDataFile = {
    kind: EXPORT_KIND,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    data: { ...data, settings: { ...data.settings, qdrantApiKey: '' } },
  };
  return JSON.stringify(file, null, 1);
}

export type ImportResult = { ok: true; data: PersonalData } | { ok: false; error: string };

class Invalid extends Error {}

type Obj = Record<string, unknown>;
function obj(v: unknown, where: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new Invalid(`${where} must be an object`);
  return v as Obj;
}
function str(v: unknown, where: string, max = MAX_TEXT): string {
  if (typeof v !== 'string') throw new Invalid(`${where} must be text`);
  if (v.length > max) throw new Invalid(`${where} is too long`);
  return v;
}
function int(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new Invalid(`${where} must be a whole number`);
  return v;
}
function time(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw new Invalid(`${where} must be a timestamp`);
  return v;
}
function list(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new Invalid(`${where} must be a list`);
  if (v.length > MAX_ITEMS) throw new Invalid(`${where} has too many entries`);
  return v;
}
function oneOf<T extends string | number>(v: unknown, allowed: readonly T[], where: string): T {
  if (!allowed.includes(v as T)) throw new Invalid(`${where} must be one of ${allowed.join(', ')}`);
  return v as T;
}
function yearOrNull(v: unknown, where: string): number | null {
  return v === null ? null : int(v, where);
}
/** Rebuilds each record field by field, so unknown keys (`__proto__` included) never get through. */
function records<T>(v: unknown, where: string, build: (o: Obj, w: string) => T, key: (t: T) => unknown): T[] {
  const seen = new Set<unknown>();
  return list(v, where).map((x, i) => {
    const w = `${where}[${i}]`;
    const rec = build(obj(x, w), w);
    const k = key(rec);
    if (seen.has(k)) throw new Invalid(`${w} repeats an entry`);
    seen.add(k);
    return rec;
  });
}

const ACTIONS: readonly FeedbackRecord['action'][] = [
  'more-like',
  'less-like',
  'hide',
  'watchlist',
  'up',
  'down',
];

function settings(v: unknown): Settings {
  const o = obj(v, 'settings');
  const llmModel =
    o.llmModel === null || o.llmModel === undefined ? null : str(o.llmModel, 'settings.llmModel', 200);
  const qdrantUrl = o.qdrantUrl === undefined ? '' : str(o.qdrantUrl, 'settings.qdrantUrl', 2000);
  if (qdrantUrl && !/^https?:\/\//i.test(qdrantUrl))
    throw new Invalid('settings.qdrantUrl must be an http(s) address');
  const qdrantCollection =
    o.qdrantCollection === undefined
      ? DEFAULT_SETTINGS.qdrantCollection
      : str(o.qdrantCollection, 'settings.qdrantCollection', 255);
  if (!/^[\w.-]+$/.test(qdrantCollection))
    throw new Invalid('settings.qdrantCollection must be letters, digits, "_", "-" or "."');
  const syncUserId = o.syncUserId === undefined ? '' : str(o.syncUserId, 'settings.syncUserId', 64);
  if (syncUserId && !/^[\w-]{8,64}$/.test(syncUserId))
    throw new Invalid('settings.syncUserId must be 8–64 letters, digits, "-" or "_"');
  return {
    llmEnabled: o.llmEnabled === undefined ? DEFAULT_SETTINGS.llmEnabled : o.llmEnabled === true,
    llmModel,
    qdrantUrl,
    qdrantApiKey: '', // never imported: secrets stay with the device that holds them
    qdrantCollection,
    qdrantSync: o.qdrantSync === true,
    // The sync id is what pairs devices: importing a file from another device joins its lists.
    syncUserId,
  };
}

function validate(file: unknown): PersonalData {
  const f = obj(file, 'The file');
  if (f.kind !== EXPORT_KIND) throw new Invalid('this is not a CineChat personal data file');
  if (f.version !== EXPORT_VERSION) throw new Invalid(`unsupported version ${String(f.version)}`);
  const d = obj(f.data, 'data');
  return {
    ratings: records(
      d.ratings,
      'ratings',
      (o, w) => ({
        movieId: int(o.movieId, `${w}.movieId`),
        title: str(o.title, `${w}.title`, 500),
        value: oneOf(o.value, [1, -1] as const, `${w}.value`),
        query: str(o.query, `${w}.query`),
        at: time(o.at, `${w}.at`),
      }),
      (r) => r.movieId,
    ),
    watchlist: records(
      d.watchlist,
      'watchlist',
      (o, w) => ({
        movieId: int(o.movieId, `${w}.movieId`),
        title: str(o.title, `${w}.title`, 500),
        year: yearOrNull(o.year, `${w}.year`),
        addedAt: time(o.addedAt, `${w}.addedAt`),
      }),
      (r) => r.movieId,
    ),
    hidden: records(
      d.hidden,
      'hidden',
      (o, w) => ({
        movieId: int(o.movieId, `${w}.movieId`),
        title: str(o.title, `${w}.title`, 500),
        at: time(o.at, `${w}.at`),
      }),
      (r) => r.movieId,
    ),
    history: records(
      d.history,
      'history',
      (o, w) => ({
        id: str(o.id, `${w}.id`, 100),
        role: oneOf(o.role, ['user', 'assistant'] as const, `${w}.role`),
        text: str(o.text, `${w}.text`),
        resultIds: list(o.resultIds, `${w}.resultIds`).map((x, j) => int(x, `${w}.resultIds[${j}]`)),
        at: time(o.at, `${w}.at`),
      }),
      (r) => r.id,
    ),
    feedback: records(
      d.feedback,
      'feedback',
      (o, w) => ({
        id: str(o.id, `${w}.id`, 100),
        movieId: int(o.movieId, `${w}.movieId`),
        action: oneOf(o.action, ACTIONS, `${w}.action`),
        query: str(o.query, `${w}.query`),
        at: time(o.at, `${w}.at`),
      }),
      (r) => r.id,
    ),
    settings: settings(d.settings),
  };
}

/** Parses and validates an export file's text. Never throws. */
export function parsePersonalData(text: string): ImportResult {
  if (text.length > MAX_IMPORT_BYTES) return { ok: false, error: 'Import failed: the file is too large.' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'Import failed: the file is not valid JSON.' };
  }
  try {
    return { ok: true, data: validate(json) };
  } catch (e) {
    if (e instanceof Invalid)
      return { ok: false, error: `Import failed: ${e.message}. Nothing was changed.` };
    throw e;
  }
}

/** One JSON object per line: each rated (query, movie) pair, for training or evaluation elsewhere. */
export function ratedPairsJsonl(data: Pick<PersonalData, 'ratings'>): string {
  return data.ratings
    .map((r) =>
      JSON.stringify({ query: r.query, movieId: r.movieId, title: r.title, label: r.value, at: r.at }),
    )
    .join('\n')
    .concat(data.ratings.length ? '\n' : '');
}
