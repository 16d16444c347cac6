/**
 * e2e: Qdrant server mode with a server that cannot be reached (registered into TESTS by run.ts).
 * http://127.0.0.1:6333 is in the built app's default CSP (vite.config.ts, CINECHAT_QDRANT_ORIGINS) and
 * nothing listens there on the test machine, so every request is a real refused connection.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ask, cardTitles, newContext, waitReady } from './harness.ts';
import { KNOWN, TESTS } from './cases.ts';

const UNREACHABLE = 'http://127.0.0.1:6333';
const SECRET = 'e2e-secret-api-key-7781';

async function openSettings(page: Page) {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
}

async function openChat(page: Page) {
  await page.getByRole('button', { name: 'Chat', exact: true }).click();
}

/** Types into a settings field and commits it (the fields save on `change`). */
async function setField(page: Page, label: string, value: string) {
  const input = page.getByLabel(label, { exact: true });
  await input.fill(value);
  await input.press('Tab');
}

TESTS.push({
  name: 'Qdrant unreachable: local results with a visible fallback notice; clearing the URL switches back',
  async run(ctx) {
    const page = await (await newContext(ctx.browser)).newPage();
    const logs: string[] = [];
    page.on('console', (m) => logs.push(m.text()));
    await page.goto(ctx.server.url);
    await waitReady(page);

    await openSettings(page);
    await setField(page, 'Server URL', UNREACHABLE);
    await setField(page, 'API key', SECRET);
    await page.getByRole('button', { name: 'Test connection' }).click();
    const tested = page
      .locator('.settings-card', { hasText: 'Qdrant server' })
      .getByText(/^Could not connect/);
    await tested.waitFor({ timeout: 15_000 });
    assert.match(await tested.innerText(), /could not be reached/);

    await openChat(page);
    const k = KNOWN[0];
    const answer = await ask(page, k.query);
    const titles = await cardTitles(answer);
    assert.ok(titles.length >= 3, `only ${titles.length} cards with the server down`);
    assert.ok(
      titles.some((t) => k.expect.test(t)),
      `"${k.query}" → ${titles.join(' | ')}`,
    );
    const notice = answer.getByTestId('search-fallback');
    assert.ok(await notice.isVisible(), 'no fallback notice under the answer');
    assert.equal(
      (await notice.innerText()).trim(),
      'Qdrant server unreachable — answered from the index on this device.',
    );
    assert.equal(await notice.getAttribute('role'), 'status');

    // Sync on with the same dead server: an id is made, a rating waits in the offline queue.
    await answer
      .locator('article.card')
      .first()
      .getByRole('button', { name: /^I like/ })
      .click();
    await openSettings(page);
    await page.getByLabel('Sync ratings, watchlist and hidden movies through this server').check();
    const id = await page.getByTestId('sync-user-id').inputValue();
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const status = page.getByTestId('sync-status');
    await status.getByText(/Not synced/).waitFor({ timeout: 15_000 });
    assert.match(await status.innerText(), /1 change\(s\) waiting/);

    // Back to this device only: no notice, no source line.
    await setField(page, 'Server URL', '');
    await openChat(page);
    const local = await ask(page, KNOWN[1].query);
    assert.ok((await cardTitles(local)).length >= 3);
    assert.equal(await local.getByTestId('search-fallback').count(), 0);
    assert.equal(await local.getByTestId('search-source').count(), 0);

    // The chat (with the first answer's notice and its detail tooltip) never shows the key.
    assert.ok(!(await page.content()).includes(SECRET), 'the API key appears in the page');
    assert.ok(!logs.some((m) => m.includes(SECRET)), 'the API key was logged');
    assert.ok(!logs.some((m) => /Content Security Policy/i.test(m)), `CSP blocked: ${logs.join('\n')}`);
    await page.context().close();
  },
});
