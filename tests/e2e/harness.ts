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
const MARK_SEEN = `(() => {
  window.__e2eSeen = new WeakSet(document.querySelectorAll('li.message.assistant'));
})()`;

/**
 * True once an assistant answer that was not rendered at MARK_SEEN time exists; that (newest)
 * answer gets `data-e2e-answer=<tag>` so a locator can find it wherever it sits in the list.
 */
const tagNewAnswer = (tag: string) => `(() => {
  const seen = window.__e2eSeen;
  if (!seen) return false;
  const all = document.querySelectorAll('li.message.assistant');
  for (let i = all.length - 1; i >= 0; i--) {
    if (seen.has(all[i]) || all[i].hasAttribute('data-e2e-answer')) continue;
    all[i].setAttribute('data-e2e-answer', ${JSON.stringify(tag)});
    return true;
  }
  return false;
})()`;

let asked = 0;

/**
 * Sends a message and waits for its answer to finish (done or error); returns the answer's <li>.
 * The answer is the assistant message that appears after sending, found by element identity, not
 * by position: the chat renders only its newest messages (ChatView RENDERED_MESSAGES) and keeps a
 * bounded conversation (service MAX_LIVE_MESSAGES), so positions stop growing in long sessions.
 * The returned locator stays on that answer while it is rendered (not across a re-mount of the
 * chat, e.g. after switching views).
 */
export async function ask(page: Page, text: string, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  const tag = `answer-${++asked}`;
  await page.evaluate(MARK_SEEN);
  await page.locator('#message').fill(text);
  await page.locator('#message').press('Enter');
  try {
    await page.waitForFunction(tagNewAnswer(tag), undefined, {
      timeout: Math.max(1, end - Date.now()),
      polling: 20,
    });
  } catch (e) {
    throw new Error(`no answer to ${JSON.stringify(text.slice(0, 80))} within ${timeoutMs} ms`, {
      cause: e,
    });
  }
  const answer = page.locator(`li.message.assistant[data-e2e-answer="${tag}"]`);
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
