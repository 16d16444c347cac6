/** The e2e cases (see run.ts). Each gets a fresh browser context unless it says otherwise. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ask, cardTitles, newContext, waitReady, type Server } from './harness.ts';

export interface E2EContext {
  browser: Browser;
  readonly server: Server;
  restartServer(): Promise<Server>;
  artifacts: string;
}
interface Case {
  name: string;
  run(ctx: E2EContext): Promise<void>;
}

/** Queries whose answer must include a movie (present in the small dev index and the full one). */
export const KNOWN: Array<{ query: string; expect: RegExp }> = [
  { query: 'toys that come to life when nobody is watching', expect: /^Toy Story/ },
  { query: 'a board game that traps kids in a jungle', expect: /^Jumanji/ },
  { query: 'a teenager travels back in time in a DeLorean', expect: /^Back to the Future/ },
];

const XSS = '<img src=x onerror=alert(1)>';

async function openApp(ctx: E2EContext, page: Page): Promise<void> {
  await page.goto(ctx.server.url);
  await waitReady(page);
}

/** Fails the test if the page ever opens a dialog (an executed alert() would). */
function forbidDialogs(page: Page): () => void {
  let seen: string | null = null;
  page.on('dialog', (d) => {
    seen = d.message();
    void d.dismiss();
  });
  return () => assert.equal(seen, null, `a dialog opened: ${seen}`);
}

export const TESTS: Case[] = [
  {
    name: 'known queries show the expected movie',
    async run(ctx) {
      const page = await (await newContext(ctx.browser)).newPage();
      await openApp(ctx, page);
      for (const k of KNOWN) {
        const answer = await ask(page, k.query);
        const titles = await cardTitles(answer);
        assert.ok(titles.length >= 3, `"${k.query}": only ${titles.length} cards`);
        assert.ok(
          titles.some((t) => k.expect.test(t)),
          `"${k.query}" → ${titles.join(' | ')}`,
        );
      }
      // ↑ in the empty box brings back the last message for editing.
      await page.locator('#message').press('ArrowUp');
      assert.equal(await page.locator('#message').inputValue(), KNOWN[KNOWN.length - 1].query);
      await page.context().close();
    },
  },
  {
    name: 'refinement chips: constraints show as chips and removing one re-runs the search',
    async run(ctx) {
      const page = await (await newContext(ctx.browser)).newPage();
      await openApp(ctx, page);
      const answer = await ask(page, '80s sci-fi under 2 hours');
      const chips = await page.locator('.filter-chip').allTextContents();
      assert.ok(
        chips.some((c) => c.includes('Science Fiction')),
        `chips: ${chips.join(', ')}`,
      );
      assert.ok(
        chips.some((c) => c.includes('1980')),
        `chips: ${chips.join(', ')}`,
      );
      const years = await answer.locator('.card-year').allTextContents();
      assert.ok(years.length > 0, 'no cards');
      for (const y of years) assert.ok(Number(y) >= 1980 && Number(y) <= 1989, `year ${y} outside the 80s`);
      await page.locator('.filter-chip', { hasText: 'Science Fiction' }).click();
      await page.locator('li.message.assistant').nth(1).and(page.locator('[data-status="done"]')).waitFor();
      const after = await page.locator('.filter-chip').allTextContents();
      assert.ok(!after.some((c) => c.includes('Science Fiction')), `chip still there: ${after.join(', ')}`);
      assert.ok(
        after.some((c) => c.includes('1980')),
        `years chip lost: ${after.join(', ')}`,
      );
      await page.context().close();
    },
  },
  {
    name: 'thumbs up and watchlist persist across reload',
    async run(ctx) {
      const page = await (await newContext(ctx.browser)).newPage();
      await openApp(ctx, page);
      const answer = await ask(page, KNOWN[0].query);
      const card = answer.locator('article.card').first();
      const title = (await cardTitles(answer))[0];
      await card.getByRole('button', { name: /^I like/ }).click();
      await card.getByRole('button', { name: /to watchlist$/ }).click();
      assert.equal(await card.getByRole('button', { name: /^I like/ }).getAttribute('aria-pressed'), 'true');
      await page.reload();
      await waitReady(page);
      const restored = page.locator('article.card', { hasText: title }).first();
      await restored.waitFor();
      assert.equal(
        await restored.getByRole('button', { name: /^I like/ }).getAttribute('aria-pressed'),
        'true',
      );
      await page
        .getByRole('button', { name: /Watchlist/ })
        .first()
        .click();
      await page.locator('.page article.card').first().waitFor();
      assert.deepEqual(await cardTitles(page.locator('.page')), [title]);
      await page.context().close();
    },
  },
  {
    name: 'export: rated pairs JSONL and all data JSON; a hostile import changes nothing',
    async run(ctx) {
      const page = await (await newContext(ctx.browser)).newPage();
      await openApp(ctx, page);
      const answer = await ask(page, KNOWN[1].query);
      const cards = answer.locator('article.card');
      await cards
        .nth(0)
        .getByRole('button', { name: /^I like/ })
        .click();
      await cards
        .nth(1)
        .getByRole('button', { name: /^I don't like/ })
        .click();
      const ids = await cards.evaluateAll((els) =>
        els.slice(0, 2).map((e) => Number(e.getAttribute('data-movie-id'))),
      );
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      const [dl] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export ratings (JSONL)' }).click(),
      ]);
      const lines = fs
        .readFileSync(await dl.path(), 'utf8')
        .trimEnd()
        .split('\n');
      const rows = lines.map((l) => JSON.parse(l) as { query: string; movieId: number; label: number });
      assert.equal(rows.length, 2);
      assert.deepEqual(
        rows.map((r) => [r.movieId, r.label, r.query]).sort(),
        [
          [ids[0], 1, KNOWN[1].query],
          [ids[1], -1, KNOWN[1].query],
        ].sort(),
      );
      const [all] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export all data' }).click(),
      ]);
      const exported = JSON.parse(fs.readFileSync(await all.path(), 'utf8'));
      assert.equal(exported.kind, 'cinechat-personal-data');
      assert.equal(exported.data.ratings.length, 2);
      const hostile = path.join(ctx.artifacts, 'hostile-import.json');
      fs.writeFileSync(
        hostile,
        JSON.stringify({ ...exported, data: { ...exported.data, ratings: [{ movieId: XSS }] } }),
      );
      await page.locator('input[type=file]').setInputFiles(hostile);
      await page.locator('[data-testid="data-message"]', { hasText: 'Import failed' }).waitFor();
      assert.match(await page.locator('.settings-card', { hasText: 'Your data' }).innerText(), /2 ratings/);
      await page.context().close();
    },
  },
  {
    name: 'hostile text in a query and in a movie overview renders as text',
    async run(ctx) {
      const context = await newContext(ctx.browser, { serviceWorkers: 'block' });
      const page = await context.newPage();
      const id = await plantOverview(
        page,
        ctx.server.url,
        /^Toy Story$/,
        `A toy story. ${XSS} <script>alert(2)</script>`,
      );
      const noDialog = forbidDialogs(page);
      await openApp(ctx, page);
      await ask(page, XSS);
      assert.equal(await page.locator('.user-bubble').first().textContent(), XSS);
      const answer = await ask(page, KNOWN[0].query);
      const card = answer.locator(`article.card[data-movie-id="${id}"]`);
      await card.waitFor({ timeout: 1000 });
      assert.match(
        (await card.locator('.card-overview').textContent()) ?? '',
        /<img src=x onerror=alert\(1\)>/,
      );
      assert.equal(await page.locator('img[src="x"], main script').count(), 0);
      noDialog();
      await context.close();
    },
  },
  {
    name: 'no WebGPU: the LLM is reported unavailable and search keeps working',
    async run(ctx) {
      const page = await (await newContext(ctx.browser)).newPage();
      await openApp(ctx, page);
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      const cap = page.locator('[data-testid="llm-capability"]');
      await cap.filter({ hasText: /available/ }).waitFor();
      assert.match((await cap.textContent()) ?? '', /unavailable/);
      assert.equal(await page.getByLabel('Use a language model').isDisabled(), true);
      await page.getByRole('button', { name: 'Chat', exact: true }).click();
      const titles = await cardTitles(await ask(page, KNOWN[2].query));
      assert.ok(titles.length > 0);
      await page.context().close();
    },
  },
  {
    name: 'IndexedDB unavailable: in-memory with a visible warning, search works',
    async run(ctx) {
      const context = await newContext(ctx.browser);
      await context.addInitScript(() => {
        Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
      });
      const page = await context.newPage();
      await openApp(ctx, page);
      await page.locator('[data-testid="storage-warning"]').waitFor();
      const answer = await ask(page, KNOWN[0].query);
      await answer
        .locator('article.card')
        .first()
        .getByRole('button', { name: /^I like/ })
        .click();
      assert.equal(
        await answer
          .locator('article.card')
          .first()
          .getByRole('button', { name: /^I like/ })
          .getAttribute('aria-pressed'),
        'true',
      );
      await context.close();
    },
  },
  {
    name: 'a 10,000-character message is cut safely and answered',
    async run(ctx) {
      const page = await (await newContext(ctx.browser)).newPage();
      await openApp(ctx, page);
      const answer = await ask(page, 'space adventure '.repeat(625));
      assert.equal(await answer.getAttribute('data-status'), 'done');
      await page.locator('.banner', { hasText: 'first 2000 characters' }).waitFor();
      await page.context().close();
    },
  },
  {
    name: 'a crashed worker is restarted and the conversation goes on',
    async run(ctx) {
      const page = await (await newContext(ctx.browser)).newPage();
      await openApp(ctx, page);
      await ask(page, KNOWN[0].query);
      for (const name of ['engine', 'embedder']) {
        const worker = page.workers().find((w) => w.url().includes(`${name}.worker`));
        assert.ok(
          worker,
          `no ${name} worker among ${page
            .workers()
            .map((w) => w.url())
            .join(', ')}`,
        );
        // An uncaught error reaches the page as the worker's error event: the client restarts it.
        await worker.evaluate('setTimeout(() => { throw new Error("simulated crash") })');
        await page.locator('.banner', { hasText: `The ${name} worker stopped` }).waitFor();
        const titles = await cardTitles(await ask(page, KNOWN[1].query));
        assert.ok(
          titles.some((t) => KNOWN[1].expect.test(t)),
          `${name}: ${titles.join(' | ')}`,
        );
      }
      assert.equal(await page.locator('li.message.user').count(), 3); // nothing lost
      await page.context().close();
    },
  },
  {
    name: 'a corrupt index file gives a clear error, and "Try again" recovers',
    async run(ctx) {
      const context = await newContext(ctx.browser, { serviceWorkers: 'block' });
      const page = await context.newPage();
      let corrupt = true;
      await page.route('**/index/vectors.*', async (route) => {
        const res = await route.fetch();
        const body = Buffer.from(await res.body());
        if (corrupt) body[body.length - 1] ^= 0xff;
        await route.fulfill({ response: res, body });
      });
      await page.goto(ctx.server.url);
      const error = page.locator('.load-error');
      await error.waitFor({ timeout: 60_000 });
      assert.match(await error.innerText(), /corrupt|sha256/i);
      corrupt = false;
      await page.getByRole('button', { name: 'Try again' }).click();
      await waitReady(page);
      assert.ok((await cardTitles(await ask(page, KNOWN[0].query))).length > 0);
      await context.close();
    },
  },
  {
    name: 'offline after the first visit: reload with the server gone, search still works',
    async run(ctx) {
      const context = await newContext(ctx.browser);
      const page = await context.newPage();
      await openApp(ctx, page);
      // The service worker has precached everything once it controls the page.
      await poll(
        () => page.evaluate(() => navigator.serviceWorker.controller !== null),
        90_000,
        'SW control',
      );
      await ctx.server.stop();
      await context.setOffline(true);
      await page.locator('.badge.offline').waitFor();
      await context.setOffline(false); // the server is gone anyway; Chromium's offline mode can block SW navigations
      await page.reload();
      await waitReady(page, 60_000);
      const titles = await cardTitles(await ask(page, KNOWN[0].query));
      assert.ok(
        titles.some((t) => KNOWN[0].expect.test(t)),
        titles.join(' | '),
      );
      await context.close();
      await ctx.restartServer();
    },
  },
  {
    name: 'screenshots: phone and desktop, light and dark',
    async run(ctx) {
      const dir = path.join(ctx.artifacts, 'screenshots');
      // The first-visit loading screen, held on screen by a slow index download.
      const slow = await newContext(ctx.browser, { serviceWorkers: 'block' });
      const loading = await slow.newPage();
      await loading.route('**/index/vectors.*', async (r) => {
        await new Promise((res) => setTimeout(res, 2500));
        await r.continue();
      });
      await loading.goto(ctx.server.url);
      await loading.locator('.loading progress').waitFor();
      await loading.waitForTimeout(1200);
      await loading.screenshot({ path: path.join(dir, 'desktop-light-loading.png') });
      await slow.close();
      for (const [device, viewport] of [
        ['phone', { width: 375, height: 812 }],
        ['desktop', { width: 1280, height: 800 }],
      ] as const) {
        // One page per device; the colour scheme is CSS only, so it is switched in place.
        const context = await newContext(ctx.browser, { viewport, serviceWorkers: 'block' });
        const page = await context.newPage();
        const inEachScheme = async (view: string, fullPage = false) => {
          for (const scheme of ['light', 'dark'] as const) {
            await page.emulateMedia({ colorScheme: scheme });
            // animations: 'disabled' ends the 0.15 s colour transitions the switch starts.
            const file = path.join(dir, `${device}-${scheme}-${view}.png`);
            await page.screenshot({ path: file, fullPage, animations: 'disabled' });
          }
        };
        await openApp(ctx, page);
        await inEachScheme('welcome');
        await ask(page, 'like Spirited Away but for adults');
        await page.waitForTimeout(300);
        await inEachScheme('results');
        await page.getByRole('button', { name: 'Settings', exact: true }).click();
        await inEachScheme('settings', true);
        await context.close();
      }
    },
  },
];

async function poll(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Serves a copy of the index whose movie overview is replaced (and whose manifest carries the new
 * file's size and sha256, so the app's integrity check passes): hostile text planted in the data.
 */
async function plantOverview(page: Page, base: string, title: RegExp, overview: string): Promise<number> {
  const manifestUrl = new URL('index/manifest.json', base).href;
  const manifest = await (await fetch(manifestUrl)).json();
  const moviesName: string = manifest.files.movies;
  const movies = await (await fetch(new URL(`index/${moviesName}`, base))).json();
  const row = (movies.title as string[]).findIndex((t) => title.test(t));
  assert.ok(row >= 0, `no movie titled ${title} in the index`);
  const at = (movies.overview.rows as number[]).indexOf(row);
  if (at >= 0) movies.overview.values[at] = overview;
  else throw new Error('that movie has no overview to replace');
  const body = Buffer.from(JSON.stringify(movies));
  manifest.hashes[moviesName] = createHash('sha256').update(body).digest('hex');
  manifest.sizes[moviesName] = body.byteLength;
  await page.route('**/index/manifest.json', (r) => r.fulfill({ json: manifest }));
  await page.route(`**/index/${moviesName}`, (r) => r.fulfill({ body, contentType: 'application/json' }));
  return movies.id[row] as number;
}
