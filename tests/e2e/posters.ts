/**
 * e2e: generated placeholder posters keep words whole (registered into TESTS by run.ts). Long titles
 * step their font size down instead of breaking "Transylvania" into "Transylvan|ia".
 */
import assert from 'node:assert/strict';
import { ask, cardTitles, newContext, waitReady } from './harness.ts';
import { TESTS } from './cases.ts';

TESTS.push({
  name: 'placeholder posters never split a word across lines (phone and desktop widths)',
  async run(ctx) {
    for (const viewport of [
      { width: 375, height: 800 },
      { width: 1280, height: 800 },
    ]) {
      const context = await newContext(ctx.browser, { viewport });
      // No poster images: every card shows its generated placeholder.
      await context.route('https://image.tmdb.org/**', (r) => r.abort());
      const page = await context.newPage();
      await page.goto(ctx.server.url);
      await waitReady(page);
      const titles = await cardTitles(await ask(page, 'Hotel Transylvania and other monster comedies'));
      assert.ok(
        titles.some((t) => /Transylvania/.test(t)),
        titles.join(' | '),
      );
      const broken = await page.locator('.poster-placeholder .poster-title').evaluateAll((els) =>
        els.flatMap((el) => {
          const node = el.firstChild;
          if (!node || node.nodeType !== Node.TEXT_NODE) return [];
          const text = node.textContent ?? '';
          const out: string[] = [];
          // A break after a hyphen ("6-|5000") is a normal line break, not a split word.
          for (const m of text.matchAll(/[^\s\-\u2010-\u2015]+/g)) {
            // Words longer than this may be split as a last resort (the smallest font size).
            if ([...m[0]].length > 14) continue;
            const range = document.createRange();
            range.setStart(node, m.index);
            range.setEnd(node, m.index + m[0].length);
            const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
            if (lines.size > 1) out.push(`${m[0]} (in "${text}")`);
          }
          return out;
        }),
      );
      assert.deepEqual(broken, [], `words split at ${viewport.width} px: ${broken.join(', ')}`);
      await context.close();
    }
  },
});
