/**
 * e2e: axe-core accessibility audit of the built app (registered into TESTS by run.ts). Welcome,
 * results and settings, on a phone in dark mode and a desktop in light mode (and the two other
 * pairings, so contrast is checked in both themes at both widths), and Settings after the language
 * model's download failed (WebGPU present, no network: the words name the host, Retry tries again).
 * Fails on any serious or critical violation; prints every violation and a rule × view table; saves a screenshot per view
 * to artifacts/screenshots/a11y-<device>-<scheme>-<view>.png.
 *
 * axe-core itself comes from the `axe-core` devDependency (4.14), not the copy bundled with
 * @axe-core/playwright: its newest release needs Node 22, and the one that runs on Node 20 bundles
 * axe-core 4.13, whose rule set differs (label-content-name-mismatch is on by default in 4.14).
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { ask, launch, newContext, waitReady } from './harness.ts';
import { TESTS } from './cases.ts';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const SETUPS = [
  { device: 'phone', viewport: { width: 375, height: 800 }, scheme: 'dark' },
  { device: 'desktop', viewport: { width: 1280, height: 800 }, scheme: 'light' },
  { device: 'phone', viewport: { width: 375, height: 800 }, scheme: 'light' },
  { device: 'desktop', viewport: { width: 1280, height: 800 }, scheme: 'dark' },
] as const;
const DEVICES = [...new Set(SETUPS.map((s) => s.device))];

/** The results view: a question whose answer fills the screen with cards. */
const QUESTION = 'a heist movie with a clever twist';
const FAILING = new Set(['serious', 'critical']);

/**
 * The built app's CSP (no 'unsafe-eval') makes harness.ts `ask()` flaky: its string predicate goes
 * through `page.waitForFunction`, whose first check runs inside the DevTools call (eval allowed) but
 * whose later polls are timers in the page, where the CSP blocks eval ("EvalError … unsafe-eval").
 * Under load the answer is not there at the first check and ask() fails. The app loads nothing the
 * CSP would block (no violation in the console), so the audited page looks the same without it.
 */
const BYPASS_CSP = false;

interface Found {
  view: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Nodes axe could not decide on (e.g. text over a gradient), per view and rule: printed, not failed. */
const undecided: string[] = [];

/** Lets transitions and smooth scrolling settle, so contrast is measured on the final colours. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50))),
      ),
  );
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
    undefined,
    { timeout: 5_000, polling: 50 },
  );
  await page.waitForTimeout(400);
}

async function audit(page: Page, view: string, shot: string, out: Found[]): Promise<void> {
  await settle(page);
  await page.screenshot({ path: shot, fullPage: view.endsWith('settings') });
  const result = await new AxeBuilder({ page, axeSource: AXE_SOURCE }).analyze();
  for (const v of result.violations) {
    out.push({
      view,
      rule: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(' ')),
    });
  }
  for (const v of result.incomplete) {
    // Grouped by axe's reason ("…could not be determined due to a background gradient").
    const byReason = new Map<string, string[]>();
    for (const n of v.nodes) {
      const reason = [...n.any, ...n.all, ...n.none].find((c) => c.message)?.message ?? 'no reason given';
      byReason.set(reason, [...(byReason.get(reason) ?? []), n.target.map(String).join(' ')]);
    }
    for (const [reason, targets] of byReason)
      undecided.push(`${v.id} in ${view}: ${targets.length} × "${reason}" (e.g. ${targets[0]})`);
  }
}

async function poll(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function table(found: Found[], views: string[]): string {
  const rules = [...new Set(found.map((f) => f.rule))].sort();
  const head = ['rule', 'impact', ...views];
  const rows = rules.map((rule) => {
    const impact = found.find((f) => f.rule === rule)?.impact ?? '';
    return [
      rule,
      impact,
      ...views.map((v) => String(found.find((f) => f.rule === rule && f.view === v)?.targets.length ?? 0)),
    ];
  });
  if (!rows.length) rows.push(['(no violations)', '', ...views.map(() => '0')]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

TESTS.push({
  name: 'accessibility: axe-core finds no serious or critical violations (welcome, results, settings)',
  async run(ctx) {
    const dir = path.join(ctx.artifacts, 'screenshots');
    const found: Found[] = [];
    const views: string[] = [];
    // One page per device: the colour scheme is switched in place (it is CSS only, no layout change),
    // so each device loads the app and asks once and is audited in both schemes.
    for (const device of DEVICES) {
      const schemes = SETUPS.filter((s) => s.device === device);
      const context = await newContext(ctx.browser, {
        viewport: schemes[0].viewport,
        colorScheme: schemes[0].scheme,
        serviceWorkers: 'block',
        bypassCSP: BYPASS_CSP,
      });
      // No network for posters here: every card shows its generated placeholder, the same each run.
      await context.route('https://image.tmdb.org/**', (r) => r.abort());
      const page = await context.newPage();
      await page.goto(ctx.server.url);
      await waitReady(page);
      const inEachScheme = async (view: string) => {
        for (const s of schemes) {
          await page.emulateMedia({ colorScheme: s.scheme });
          const name = `${s.device}-${s.scheme} ${view}`;
          views.push(name);
          await audit(page, name, path.join(dir, `a11y-${s.device}-${s.scheme}-${view}.png`), found);
        }
      };
      await inEachScheme('welcome');

      const answer = await ask(page, QUESTION, 90_000);
      assert.equal(await answer.getAttribute('data-status'), 'done');
      await answer.locator('article.card').first().waitFor();
      await inEachScheme('results');

      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await page
        .locator('[data-testid="llm-capability"]')
        .filter({ hasText: /available/ })
        .waitFor();
      await inEachScheme('settings');
      await context.close();
    }
    // Settings with WebGPU present but no network: the language model's download fails. A browser of
    // its own, with the software WebGPU adapter (the shared one has none).
    const gpuBrowser = await launch(['--enable-unsafe-webgpu']);
    try {
      // One page, audited as the phone in dark and then (resized in place) the desktop in light.
      const [first, second] = [SETUPS[0], SETUPS[1]];
      const context = await newContext(gpuBrowser, {
        viewport: first.viewport,
        colorScheme: first.scheme,
        serviceWorkers: 'block',
        bypassCSP: BYPASS_CSP,
      });
      let modelRequests = 0;
      await context.route(/^https:\/\/(huggingface\.co|raw\.githubusercontent\.com)\//, (r) => {
        modelRequests++;
        return r.abort('internetdisconnected');
      });
      await context.route('https://image.tmdb.org/**', (r) => r.abort());
      const page = await context.newPage();
      await page.goto(ctx.server.url);
      await waitReady(page);
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      const cap = page.locator('[data-testid="llm-capability"]');
      await cap.filter({ hasText: /available/ }).waitFor();
      assert.match(
        (await cap.textContent()) ?? '',
        /^WebGPU is available/,
        'no WebGPU adapter with --enable-unsafe-webgpu',
      );
      await page.getByLabel('Use a language model').check();
      const state = page.locator('[data-testid="llm-state"]');
      const failure = state.filter({ hasText: /could not/ });
      await failure.waitFor({ timeout: 90_000 });
      const words = ((await state.textContent()) ?? '').trim();
      assert.equal(
        words,
        'The language model could not be downloaded from its host (huggingface.co): the network request failed. ' +
          'Search keeps working without it.',
      );
      assert.ok(modelRequests > 0, 'no request reached the model host');
      for (const s of [first, second]) {
        await page.setViewportSize(s.viewport);
        await page.emulateMedia({ colorScheme: s.scheme });
        const name = `${s.device}-${s.scheme} llm-error`;
        views.push(name);
        await audit(page, name, path.join(dir, `a11y-${s.device}-${s.scheme}-llm-error.png`), found);
      }
      // Retry tries the download again (and fails again the same way).
      const before = modelRequests;
      await page.getByRole('button', { name: 'Retry', exact: true }).click();
      await poll(
        async () => modelRequests > before && (await failure.count()) > 0,
        90_000,
        'a retried download',
      );
      assert.equal(((await state.textContent()) ?? '').trim(), words);
      await context.close();
    } finally {
      await gpuBrowser.close();
    }
    for (const f of found) {
      console.log(`    [${f.impact}] ${f.rule} in ${f.view}: ${f.help}`);
      for (const t of f.targets.slice(0, 8)) console.log(`        ${t}`);
      if (f.targets.length > 8) console.log(`        … and ${f.targets.length - 8} more`);
    }
    console.log(
      table(found, views)
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n'),
    );
    for (const u of undecided.splice(0)) console.log(`    (undecided) ${u}`);
    const bad = found.filter((f) => FAILING.has(f.impact));
    assert.deepEqual(
      bad.map((f) => `${f.rule} (${f.impact}) in ${f.view}: ${f.targets.length} nodes`),
      [],
      'serious or critical accessibility violations',
    );
  },
});
