/**
 * npm run parity [-- --per-set N] [--dialogues N]
 *
 * Sends messages from the dev sets (../shared/eval: every kind, plus multi-turn dialogues and ReDial
 * conversations) through the BUILT APP in headless Chromium — typed into the composer, read from the
 * page — and through the engine host in Node, and prints `N/N identical` (top-10 ids, chips, intent
 * per turn) and every difference. Exit code 1 on any difference.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createNodeEngineHost } from '../src/engine/node.ts';
import { parseQueriesJsonl, type EvalQuery } from '../eval/queries.ts';
import { buildApp, indexDir, launch, ROOT, startPreview } from './lib/built-app.ts';
import { differences, runInNode, runInPage, type ParityItem } from './parity-core.ts';

const args = process.argv.slice(2);
const arg = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const EVAL_DIR = process.env.CINECHAT_EVAL_DIR ?? path.resolve(ROOT, '../shared/eval');

function read(file: string): EvalQuery[] {
  const p = path.join(EVAL_DIR, file);
  if (!fs.existsSync(p)) throw new Error(`No eval set at ${p} (set CINECHAT_EVAL_DIR).`);
  return parseQueriesJsonl(fs.readFileSync(p, 'utf8'), file);
}

/** A spread of every kind: per kind the first `perKind` lines of dev-mixed, plus long posts, dialogues, ReDial. */
function parityItems(perKind: number, dialogues: number): ParityItem[] {
  const items: ParityItem[] = [];
  const mixed = read('dev-mixed.jsonl');
  const kinds = new Map<string, number>();
  for (const q of mixed) {
    const n = kinds.get(q.kind) ?? 0;
    if (n < perKind) items.push({ id: q.id, turns: [q.query] });
    kinds.set(q.kind, n + 1);
  }
  for (const file of ['dev-tomt.jsonl', 'dev-trec-tot.jsonl'])
    for (const q of read(file).slice(0, 4)) items.push({ id: q.id, turns: [q.query] });
  for (const q of read('dev-redial.jsonl').slice(0, 3))
    items.push({ id: q.id, turns: (q.turns ?? []).filter((t) => t.role === 'user').map((t) => t.text) });
  for (const q of read('dev-dialogues.jsonl').slice(0, dialogues))
    items.push({ id: q.id, turns: (q.dialogue ?? []).map((t) => t.user) });
  // The case that showed the old split between app and eval: it must be among the checked ones.
  items.push({ id: 'quality-words', turns: ['hidden gem horror from the 80s'] });
  return items;
}

async function main() {
  const items = parityItems(arg('per-set', 9), arg('dialogues', 8));
  const turns = items.reduce((n, it) => n + it.turns.length, 0);
  console.log(
    `parity: ${items.length} conversations, ${turns} messages, index ${path.relative(ROOT, indexDir())}`,
  );
  buildApp();
  const { host } = await createNodeEngineHost({ indexDir: indexDir() });
  const server = await startPreview();
  const browser = await launch();
  const diffs: string[] = [];
  let identical = 0;
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(server.url);
    await page.waitForSelector('.app[data-phase="ready"]', { timeout: 180_000 });
    for (const item of items) {
      const app = await runInPage(page, item);
      const node = await runInNode(host, item);
      const d = differences(item, app, node);
      identical += item.turns.length - new Set(d.map((l) => l.split(':')[0])).size;
      diffs.push(...d);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  for (const d of diffs) console.log(`  ≠ ${d}`);
  console.log(
    `${identical}/${turns} identical (top-10 ids, chips, intent per turn; built app in Chromium vs Node engine host)`,
  );
  if (identical !== turns) process.exit(1);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
