/**
 * Runs one system over a query set and computes the README's metrics per kind, plus one per-query
 * line per query (per turn for dialogues). Each kind has its own small scorer.
 */
import type { Movie } from '../src/core/types.ts';
import { firstHitRank, mean, precisionAt10, recallAt, satisfies } from './metrics.ts';
import { failedChecks } from './dialogue-checks.ts';
import type { EvalKind, EvalQuery, IntentLabel } from './queries.ts';
import type { Answer, EvalSystem } from './systems.ts';

export type KindMetrics = Record<
  string,
  number | null | Record<string, Record<string, number>> | Record<string, number>
>;
export type SystemReport = Partial<Record<EvalKind, KindMetrics>>;

export interface EvalContext {
  movies: Map<number, Movie>;
  /** TMDB ids of each collection (for collection recall). */
  collectionMembers: Map<number, number[]>;
  /** Resolve a {title, year} similar-to target. */
  resolve(title: string, year?: number): number | null;
  onProgress?: (done: number, total: number) => void;
}

export interface PerQueryLine {
  id: string;
  turn?: number;
  intent?: IntentLabel;
  ids?: number[];
  chips?: string[];
  passed?: boolean;
  failed?: string[];
  baseline?: number[];
}

interface Acc {
  values: Record<string, number[]>;
  confusion: Record<string, Record<string, number>>;
  failures: Record<string, number>;
  lines: PerQueryLine[];
  push(key: string, v: number): void;
}

type Scorer = (q: EvalQuery, system: EvalSystem, ctx: EvalContext, acc: Acc) => Promise<void>;

const line = (
  system: EvalSystem,
  q: EvalQuery,
  a: Answer,
  extra: Partial<PerQueryLine> = {},
): PerQueryLine =>
  system.name === 'baseline'
    ? { id: q.id, ...(extra.turn !== undefined ? { turn: extra.turn } : {}), baseline: a.ids.slice(0, 100) }
    : { id: q.id, ...extra, intent: a.intent, ids: a.ids.slice(0, 100), chips: a.chips };

const routed = (acc: Acc, a: Answer) => acc.push('routedToMovies', a.intent === 'movies' ? 1 : 0);

const SCORERS: Record<EvalKind, Scorer> = {
  async known_item(q, system, _ctx, acc) {
    const a = await system.ask(q.query, 100);
    const rank = firstHitRank(a.ids, q.expect.ids ?? [], 100);
    acc.push('hit@1', rank === 1 ? 1 : 0);
    acc.push('hit@10', rank >= 1 && rank <= 10 ? 1 : 0);
    acc.push('MRR@10', rank >= 1 && rank <= 10 ? 1 / rank : 0);
    acc.push('hit@100', rank >= 1 ? 1 : 0);
    routed(acc, a);
    acc.lines.push(line(system, q, a));
  },
  async constraints(q, system, ctx, acc) {
    const a = await system.ask(q.query, 10);
    const top = a.ids.slice(0, 10);
    acc.push(
      'precision@10',
      precisionAt10(top, (id) => satisfies(ctx.movies.get(id), q.expect.constraints ?? {})),
    );
    acc.push('meanResults', top.length);
    routed(acc, a);
    acc.lines.push(line(system, q, a));
  },
  async similar(q, system, ctx, acc) {
    const st = q.expect.similarTo ?? {};
    const seed = st.ids?.[0] ?? (st.title ? ctx.resolve(st.title, st.year) : null);
    const a = await system.ask(q.query, 10);
    acc.lines.push(line(system, q, a));
    if (seed === null) return;
    const top = a.ids.slice(0, 10);
    const seedMovie = ctx.movies.get(seed);
    acc.push('seedExcluded', top.includes(seed) ? 0 : 1);
    const shares = (id: number) =>
      !!seedMovie && (ctx.movies.get(id)?.genres ?? []).some((g) => seedMovie.genres.includes(g));
    acc.push('genrePrecision@10', precisionAt10(top, shares));
    const coll = seedMovie?.collection
      ? (ctx.collectionMembers.get(seedMovie.collection.id) ?? []).filter((id) => id !== seed)
      : [];
    if (coll.length) acc.push('collectionRecall@10', recallAt(top, coll, 10));
    routed(acc, a);
  },
  async mood(q, system, ctx, acc) {
    const a = await system.ask(q.query, 10);
    const any = q.expect.anyGenres ?? [];
    acc.push(
      'precision@10',
      precisionAt10(a.ids.slice(0, 10), (id) =>
        (ctx.movies.get(id)?.genres ?? []).some((g) => any.includes(g)),
      ),
    );
    routed(acc, a);
    acc.lines.push(line(system, q, a));
  },
  async intent(q, system, _ctx, acc) {
    const a = await system.ask(q.query, 10);
    const want = q.expect.intent;
    acc.lines.push(line(system, q, a));
    if (!want) return;
    acc.push('accuracy', a.intent === want ? 1 : 0);
    const row = (acc.confusion[want] ??= { movies: 0, help: 0, other: 0 });
    row[a.intent] = (row[a.intent] ?? 0) + 1;
  },
  async conversation(q, system, _ctx, acc) {
    const users = (q.turns ?? []).filter((t) => t.role === 'user').map((t) => t.text);
    // The app gets the person's messages one by one; the baseline searches their text at once.
    const answers =
      system.name === 'baseline'
        ? [await system.ask(users.join('\n'), 100)]
        : await system.converse(users, 100);
    const a = answers[answers.length - 1];
    const mentioned = new Set(q.expect.mentioned ?? []);
    const ids = a.ids.filter((id) => !mentioned.has(id));
    const want = (q.expect.ids ?? []).filter((id) => !mentioned.has(id));
    acc.push('recall@10', recallAt(ids, want, 10));
    acc.push('recall@50', recallAt(ids, want, 50));
    routed(acc, a);
    acc.lines.push(line(system, q, { ...a, ids }));
  },
  async dialogue(q, system, ctx, acc) {
    const turns = q.dialogue ?? [];
    const answers = await system.converse(
      turns.map((t) => t.user),
      10,
    );
    let all = true;
    answers.forEach((a, i) => {
      const previous = i > 0 ? answers[i - 1].ids.slice(0, 10) : [];
      const failed = failedChecks(turns[i].expect, a, previous, (id) => ctx.movies.get(id));
      for (const f of failed) acc.failures[f] = (acc.failures[f] ?? 0) + 1;
      acc.push('turnAccuracy', failed.length ? 0 : 1);
      all &&= !failed.length;
      acc.lines.push({
        ...line(system, q, a, { turn: i }),
        ...(system.name === 'cinechat' ? { passed: !failed.length, failed } : {}),
      });
    });
    acc.push('dialogueAccuracy', all ? 1 : 0);
  },
};

const round = (x: number) => Math.round(x * 10000) / 10000;

export async function evaluate(
  system: EvalSystem,
  queries: readonly EvalQuery[],
  ctx: EvalContext,
): Promise<{ report: SystemReport; lines: PerQueryLine[]; msPerQuery: Partial<Record<EvalKind, number>> }> {
  const byKind = new Map<EvalKind, Acc>();
  const ms: Partial<Record<EvalKind, number[]>> = {};
  let done = 0;
  const allLines: PerQueryLine[] = [];
  for (const q of queries) {
    let acc = byKind.get(q.kind);
    if (!acc) {
      const values: Record<string, number[]> = {};
      acc = {
        values,
        confusion: {},
        failures: {},
        lines: allLines,
        push: (k, v) => void (values[k] ??= []).push(v),
      };
      byKind.set(q.kind, acc);
    }
    const t0 = performance.now();
    await SCORERS[q.kind](q, system, ctx, acc);
    (ms[q.kind] ??= []).push(performance.now() - t0);
    ctx.onProgress?.(++done, queries.length);
  }
  const report: SystemReport = {};
  const msPerQuery: Partial<Record<EvalKind, number>> = {};
  for (const [kind, acc] of byKind) {
    const n = queries.filter((q) => q.kind === kind).length;
    const metrics: KindMetrics = { n };
    if (kind === 'dialogue') metrics.turns = acc.values.turnAccuracy?.length ?? 0;
    for (const [k, vs] of Object.entries(acc.values)) metrics[k] = round(mean(vs));
    if (kind === 'similar') metrics.nWithCollection = acc.values['collectionRecall@10']?.length ?? 0;
    if (kind === 'intent') metrics.confusion = acc.confusion;
    if (kind === 'dialogue') metrics.failures = acc.failures;
    report[kind] = metrics;
    msPerQuery[kind] = mean(ms[kind] ?? []);
  }
  return { report, lines: allLines, msPerQuery };
}

/** Side-by-side table: one block per kind, a row per metric, CineChat vs baseline and their ratio. */
export function formatReport(file: string, app: SystemReport, base: SystemReport | null): string {
  const lines: string[] = [`Queries: ${file}`];
  const fmt = (x: unknown, key = '') =>
    typeof x === 'number' ? (/^n[A-Z]/.test(key) ? String(x) : x.toFixed(3)) : 'n/a';
  for (const kind of Object.keys(app) as EvalKind[]) {
    const a = app[kind]!;
    lines.push('', `${kind} (n=${a.n}${kind === 'dialogue' ? `, ${a.turns} turns` : ''})`);
    lines.push(
      `  ${'metric'.padEnd(22)}${'cinechat'.padStart(10)}${base ? 'baseline'.padStart(10) + 'ratio'.padStart(8) : ''}`,
    );
    for (const [key, v] of Object.entries(a)) {
      if (key === 'n' || key === 'turns' || typeof v === 'object') continue;
      const b = base?.[kind]?.[key];
      const ratio =
        typeof v === 'number' && typeof b === 'number' && b > 0 && !/^n[A-Z]/.test(key)
          ? (v / b).toFixed(2) + 'x'
          : '';
      lines.push(
        `  ${key.padEnd(22)}${fmt(v, key).padStart(10)}${base ? fmt(b, key).padStart(10) + ratio.padStart(8) : ''}`,
      );
    }
    for (const [label, sys] of [
      ['cinechat', a],
      ['baseline', base?.[kind]],
    ] as const) {
      const conf = sys?.confusion as Record<string, Record<string, number>> | undefined;
      if (conf) {
        lines.push(`  confusion, ${label} (expected → predicted movies/help/other):`);
        for (const [exp, row] of Object.entries(conf))
          lines.push(
            `    ${exp.padEnd(8)} ${['movies', 'help', 'other'].map((l) => String(row[l] ?? 0).padStart(4)).join('')}`,
          );
      }
      const failures = sys?.failures as Record<string, number> | undefined;
      if (failures)
        lines.push(
          `  failing checks, ${label}: ${
            Object.entries(failures)
              .map(([k, n]) => `${k} ${n}`)
              .join(', ') || 'none'
          }`,
        );
    }
  }
  return lines.join('\n');
}
