import type { Movie } from '../core/types.ts';
import { firstHitRank, mean, precisionAt10, recallAt, satisfies } from './metrics.ts';
import type { EvalKind, EvalQuery } from './queries.ts';
import type { EvalSystem } from './systems.ts';

export type IntentLabel = 'movies' | 'help' | 'other';
export type KindMetrics = Record<string, number | null | Record<string, Record<string, number>>>;
export type SystemReport = Partial<Record<EvalKind, KindMetrics>>;

export interface EvalContext {
  movies: Map<number, Movie>;
  /** TMDB ids of each collection (for collection recall). */
  collectionMembers: Map<number, number[]>;
  /** Resolve a {title, year} similar-to target. */
  resolve(title: string, year?: number): number | null;
  /** Intent classifier, when one exists. */
  intent?: (text: string) => Promise<IntentLabel>;
  onProgress?: (done: number, total: number) => void;
}

/** Run one system over the queries and compute the README's metrics per kind. */
export async function evaluate(
  system: EvalSystem,
  queries: readonly EvalQuery[],
  ctx: EvalContext,
): Promise<SystemReport> {
  const acc: Record<string, number[]> = {};
  const push = (key: string, v: number) => (acc[key] ??= []).push(v);
  const confusion: Record<string, Record<string, number>> = {};
  const counts: Partial<Record<EvalKind, number>> = {};
  let done = 0;
  for (const q of queries) {
    counts[q.kind] = (counts[q.kind] ?? 0) + 1;
    switch (q.kind) {
      case 'known_item': {
        const ids = await system.search(q, 100, []);
        const rank = firstHitRank(ids, q.expect.ids ?? [], 100);
        push('ki.hit1', rank === 1 ? 1 : 0);
        push('ki.hit10', rank >= 1 && rank <= 10 ? 1 : 0);
        push('ki.mrr', rank >= 1 && rank <= 10 ? 1 / rank : 0);
        push('ki.hit100', rank >= 1 ? 1 : 0);
        break;
      }
      case 'constraints': {
        const ids = await system.search(q, 10, []);
        const c = q.expect.constraints ?? {};
        push(
          'c.p10',
          precisionAt10(ids, (id) => satisfies(ctx.movies.get(id), c)),
        );
        push('c.n', Math.min(10, ids.length));
        break;
      }
      case 'similar': {
        const st = q.expect.similarTo ?? {};
        const seed = st.ids?.[0] ?? (st.title ? ctx.resolve(st.title, st.year) : null);
        const ids = (await system.search(q, 10, [])).slice(0, 10);
        if (seed === null) break;
        const seedMovie = ctx.movies.get(seed);
        push('s.excluded', ids.includes(seed) ? 0 : 1);
        push(
          's.genre',
          precisionAt10(
            ids,
            (id) =>
              !!seedMovie && (ctx.movies.get(id)?.genres ?? []).some((g) => seedMovie.genres.includes(g)),
          ),
        );
        const coll = seedMovie?.collection
          ? (ctx.collectionMembers.get(seedMovie.collection.id) ?? []).filter((id) => id !== seed)
          : [];
        if (coll.length) push('s.coll', recallAt(ids, coll, 10));
        break;
      }
      case 'mood': {
        const ids = await system.search(q, 10, []);
        const any = q.expect.anyGenres ?? [];
        push(
          'm.p10',
          precisionAt10(ids, (id) => (ctx.movies.get(id)?.genres ?? []).some((g) => any.includes(g))),
        );
        break;
      }
      case 'intent': {
        if (!ctx.intent || !q.expect.intent) break;
        const got = await ctx.intent(q.query);
        push('i.acc', got === q.expect.intent ? 1 : 0);
        const row = (confusion[q.expect.intent] ??= { movies: 0, help: 0, other: 0 });
        row[got] = (row[got] ?? 0) + 1;
        break;
      }
      case 'conversation': {
        const mentioned = q.expect.mentioned ?? [];
        const ids = await system.search(q, 50, mentioned);
        const want = (q.expect.ids ?? []).filter((id) => !mentioned.includes(id));
        push('cv.r10', recallAt(ids, want, 10));
        push('cv.r50', recallAt(ids, want, 50));
        break;
      }
    }
    ctx.onProgress?.(++done, queries.length);
  }
  const r = (key: string) => (acc[key] ? round(mean(acc[key])) : null);
  const out: SystemReport = {};
  if (counts.known_item) {
    out.known_item = {
      n: counts.known_item,
      'hit@1': r('ki.hit1'),
      'hit@10': r('ki.hit10'),
      'MRR@10': r('ki.mrr'),
      'hit@100': r('ki.hit100'),
    };
  }
  if (counts.constraints)
    out.constraints = { n: counts.constraints, 'precision@10': r('c.p10'), meanResults: r('c.n') };
  if (counts.similar) {
    out.similar = {
      n: counts.similar,
      seedExcluded: r('s.excluded'),
      'genrePrecision@10': r('s.genre'),
      'collectionRecall@10': r('s.coll'),
      nWithCollection: acc['s.coll']?.length ?? 0,
    };
  }
  if (counts.mood) out.mood = { n: counts.mood, 'precision@10': r('m.p10') };
  if (counts.intent)
    out.intent = { n: counts.intent, accuracy: r('i.acc'), confusion: ctx.intent ? confusion : null };
  if (counts.conversation)
    out.conversation = { n: counts.conversation, 'recall@10': r('cv.r10'), 'recall@50': r('cv.r50') };
  return out;
}

const round = (x: number) => Math.round(x * 10000) / 10000;

/** Side-by-side table: one block per kind, a row per metric, CineChat vs baseline and their ratio. */
export function formatReport(
  file: string,
  app: SystemReport,
  base: SystemReport | null,
  notes: Partial<Record<EvalKind, string>> = {},
): string {
  const lines: string[] = [`Queries: ${file}`];
  const kinds = Object.keys(app) as EvalKind[];
  for (const kind of kinds) {
    const a = app[kind]!;
    lines.push('', `${kind} (n=${a.n})`);
    if (notes[kind]) {
      lines.push(`  ${notes[kind]}`);
      continue;
    }
    lines.push(
      `  ${'metric'.padEnd(22)}${'cinechat'.padStart(10)}${base ? 'baseline'.padStart(10) + 'ratio'.padStart(8) : ''}`,
    );
    for (const [key, v] of Object.entries(a)) {
      if (key === 'n' || typeof v === 'object') continue;
      const b = base?.[kind]?.[key];
      const fmt = (x: unknown) => (typeof x === 'number' ? x.toFixed(3) : 'n/a');
      // Counts (nWithCollection) get no ratio: only metrics compare.
      const ratio =
        typeof v === 'number' && typeof b === 'number' && b > 0 && !/^n[A-Z]/.test(key)
          ? (v / b).toFixed(2) + 'x'
          : '';
      lines.push(
        `  ${key.padEnd(22)}${fmt(v).padStart(10)}${base ? fmt(b).padStart(10) + ratio.padStart(8) : ''}`,
      );
    }
    const conf = a.confusion;
    if (conf && typeof conf === 'object') {
      lines.push('  confusion (expected → predicted movies/help/other):');
      for (const [exp, row] of Object.entries(conf as Record<string, Record<string, number>>)) {
        lines.push(
          `    ${exp.padEnd(8)} ${['movies', 'help', 'other'].map((l) => String(row[l] ?? 0).padStart(4)).join('')}`,
        );
      }
    }
  }
  return lines.join('\n');
}
