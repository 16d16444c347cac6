/**
 * Candidate pools for training and selecting the re-ranker, taken from the app's own path: each message is a
 * turn of the engine host in a fresh conversation, and the retriever's rule-ranked pool of that turn is
 * recorded (Retriever.observePools). Pools of describe/lookup requests only — the kinds the ranker serves.
 * Features: src/core/rank/features.ts, the code the browser runs.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { candidateFeatures, FEATURE_COUNT, FEATURE_NAMES } from '../../src/core/rank/features.ts';
import type { CandidatePool } from '../../src/core/retrieve.ts';
import type { EngineHost } from '../../src/engine/host.ts';
import type { OpenedIndex } from '../../src/engine/open-index.ts';

export type RankedKind = 'describe' | 'lookup';

export interface Message {
  /** Query id, with a suffix for a derived message (":title"). */
  id: string;
  text: string;
  targets: readonly number[];
}

/** One request's pool: n candidates × FEATURE_COUNT features, and where the target is (-1: not in it). */
export interface Pool {
  id: string;
  kind: RankedKind;
  n: number;
  X: Float32Array;
  label: number;
  /** The target's rank in the whole rule-ranked list (-1: not a candidate at all). */
  ruleRank: number;
}

/**
 * The messages of a known-item set: each post as written; with `titleLines`, also a post's first line when it
 * is a short description of its own (≥ 6 words, more text follows) — real short plot descriptions.
 */
export function messagesOf(
  queries: readonly { id: string; query: string; expect: { ids?: number[] } }[],
  titleLines: boolean,
): Message[] {
  const out: Message[] = [];
  for (const q of queries) {
    const targets = q.expect.ids ?? [];
    if (!targets.length) continue;
    out.push({ id: q.id, text: q.query, targets });
    const [first, ...rest] = q.query.split('\n');
    if (titleLines && rest.join(' ').trim() && first.trim().split(/\s+/).length >= 6)
      out.push({ id: `${q.id}:title`, text: first.trim(), targets });
  }
  return out;
}

/** The pool of one message through the host (null: not a describe/lookup request). */
async function poolOf(host: EngineHost, opened: OpenedIndex, msg: Message, depth: number) {
  let seen: CandidatePool | null = null;
  opened.retriever.observePools((p) => (seen = p));
  await host.turn({ message: msg.text, hidden: [], depth: 10 }, null);
  opened.retriever.observePools(null);
  const p = seen as CandidatePool | null;
  if (!p || (p.kind !== 'describe' && p.kind !== 'lookup')) return null;
  const head = p.ranked.slice(0, depth);
  const targets = new Set(msg.targets);
  const label = head.findIndex((c) => targets.has(p.corpus.movies[c.row].id));
  const ruleRank = p.ranked.findIndex((c) => targets.has(p.corpus.movies[c.row].id));
  const X = candidateFeatures(p.corpus, p.plan, head, p.termWeights);
  return { id: msg.id, kind: p.kind, n: head.length, X, label, ruleRank } satisfies Pool;
}

/**
 * Every file of the engine's code (src/core, src/engine) as it was when this process started (the code it
 * runs), so any change to the path makes new pools.
 */
const codeDigests = new Map<string, string>();
function engineCodeDigest(repoRoot: string): string {
  const known = codeDigests.get(repoRoot);
  if (known) return known;
  const h = createHash('sha256');
  for (const dir of ['src/core', 'src/engine'])
    for (const f of fs.readdirSync(path.join(repoRoot, dir), { recursive: true }).map(String).sort())
      if (f.endsWith('.ts')) h.update(f).update(fs.readFileSync(path.join(repoRoot, dir, f)));
  codeDigests.set(repoRoot, h.digest('hex'));
  return codeDigests.get(repoRoot)!;
}

/** A cache key: the index files, the engine's code, the depth and the messages. */
export function poolKey(
  indexFiles: string,
  code: string,
  depth: number,
  messages: readonly Message[],
): string {
  const h = createHash('sha256');
  h.update(`${indexFiles}|${code}|${FEATURE_NAMES.join(',')}|${depth}|`);
  for (const m of messages) h.update(`${m.id}\u0000${m.text}\u0000${m.targets.join(',')}\u0001`);
  return h.digest('hex').slice(0, 16);
}

function writePools(file: string, pools: readonly Pool[]): void {
  const meta = pools.map(({ id, kind, n, label, ruleRank }) => ({ id, kind, n, label, ruleRank }));
  const X = Buffer.concat(pools.map((p) => Buffer.from(p.X.buffer, p.X.byteOffset, p.X.byteLength)));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.json`, JSON.stringify(meta));
  fs.writeFileSync(`${file}.bin`, X);
}

function readPools(file: string): Pool[] | null {
  if (!fs.existsSync(`${file}.json`) || !fs.existsSync(`${file}.bin`)) return null;
  const meta = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8')) as Omit<Pool, 'X'>[];
  const bin = fs.readFileSync(`${file}.bin`);
  const all = new Float32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4);
  let at = 0;
  return meta.map((m) => {
    const X = all.subarray(at, at + m.n * FEATURE_COUNT);
    at += m.n * FEATURE_COUNT;
    return { ...m, X };
  });
}

/** The pools of `messages`, from the cache when the same index, features and messages made it. */
export async function collectPools(
  host: EngineHost,
  opened: OpenedIndex,
  messages: readonly Message[],
  opts: {
    depth: number;
    repoRoot: string;
    label: string;
    /** The term weights the host's ranker was opened with (part of the cache key). */
    termWeights?: Record<string, number>;
    onProgress?: (done: number, n: number) => void;
  },
): Promise<{ pools: Pool[]; fromCache: boolean; seconds: number }> {
  const started = performance.now();
  const { files } = opened.manifest;
  const terms = createHash('sha256')
    .update(JSON.stringify(opts.termWeights ?? null))
    .digest('hex');
  const code = `${engineCodeDigest(opts.repoRoot)}|${terms}`;
  const key = poolKey(`${files.movies}|${files.vectors}`, code, opts.depth, messages);
  const file = path.join(opts.repoRoot, '.cache', 'ranker', `${opts.label}-${key}`);
  const cached = readPools(file);
  if (cached) return { pools: cached, fromCache: true, seconds: (performance.now() - started) / 1000 };
  const pools: Pool[] = [];
  for (let i = 0; i < messages.length; i++) {
    const p = await poolOf(host, opened, messages[i], opts.depth);
    if (p) pools.push(p);
    opts.onProgress?.(i + 1, messages.length);
  }
  writePools(file, pools);
  return { pools, fromCache: false, seconds: (performance.now() - started) / 1000 };
}
