/**
 * Real-browser harness: builds the app once (`vite build`), serves it with `vite preview`, and
 * drives Debian's Chromium through playwright-core. Used by run.ts (tests) and bench.ts.
 */
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { ROOT } from '../../scripts/lib/built-app.ts';

// The built app, its server and the browser are shared with `npm run parity` (scripts/lib/built-app.ts).
export {
  buildApp,
  DIST,
  indexDir,
  launch,
  ROOT,
  startPreview,
  type Server,
} from '../../scripts/lib/built-app.ts';
export const ARTIFACTS = path.join(ROOT, 'artifacts');

export async function newContext(
  browser: Browser,
  opts: BrowserContextOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, ...opts });
}

/** Waits until the app says it is ready (index + embedder loaded). */
export async function waitReady(page: Page, timeoutMs = 120_000): Promise<void> {
  await page.waitForSelector('.app[data-phase="ready"]', { timeout: timeoutMs });
}

/**
 * Marks the assistant answers rendered right now as seen (a WeakSet in the page, nothing in the
 * DOM). Passed as source text: tsx would wrap named inner functions in a `__name` helper the page
 * lacks.
 */
/**
 * Sends a message and waits for its answer to finish (done or error); returns the answer's <li>.
 * The answer is the newest assistant message once its id (data-message-id) differs from the newest
 * one before sending — found by id, not by position: the chat renders only its newest messages
 * (ChatView RENDERED_MESSAGES) and keeps a bounded conversation (service MAX_LIVE_MESSAGES). Only
 * locators are used (no string predicates: the built app's CSP forbids eval).
 */
export async function ask(page: Page, text: string, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  const newest = page.locator('li.message.assistant').last();
  const idOf = async () => ((await newest.count()) ? await newest.getAttribute('data-message-id') : null);
  const before = await idOf();
  await page.locator('#message').fill(text);
  await page.locator('#message').press('Enter');
  let id = await idOf();
  while (id === null || id === before) {
    if (Date.now() > end)
      throw new Error(`no answer to ${JSON.stringify(text.slice(0, 80))} within ${timeoutMs} ms`);
    await page.waitForTimeout(20);
    id = await idOf();
  }
  const answer = page.locator(`li.message.assistant[data-message-id="${id}"]`);
  await answer
    .and(page.locator('[data-status="done"], [data-status="error"]'))
    .waitFor({ timeout: Math.max(1, end - Date.now()) });
  return answer;
}

/** Titles of the cards in an answer, in order. */
export async function cardTitles(answer: ReturnType<Page['locator']>): Promise<string[]> {
  return answer
    .locator('article.card .card-title')
    .evaluateAll((els) => els.map((e) => (e.firstChild?.textContent ?? '').trim()));
}
