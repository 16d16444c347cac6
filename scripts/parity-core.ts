/**
 * Parity between the built app in Chromium and the engine host in Node: the same messages, turn by
 * turn, must give the same top-10 ids, the same standing-request chips and the same intent. Used by
 * `npm run parity` (dev-set messages) and by an e2e case.
 */
import type { Page } from 'playwright-core';
import type { ConversationState } from '../src/core/conversation/state.ts';
import type { EngineHost } from '../src/engine/host.ts';

export interface ParityItem {
  id: string;
  /** Messages sent in order into one fresh conversation. */
  turns: string[];
}

export interface SeenTurn {
  ids: number[];
  chips: string[];
  intent: string;
}

export async function runInNode(host: EngineHost, item: ParityItem): Promise<SeenTurn[]> {
  let state: ConversationState | null = null;
  const seen: SeenTurn[] = [];
  for (const message of item.turns) {
    const out = await host.turn({ message, hidden: [] }, state);
    state = out.state;
    seen.push({
      ids: out.results.map((r) => r.movie.id).slice(0, 10),
      chips: out.chips.map((c) => c.label),
      intent: out.intent,
    });
  }
  return seen;
}

/** Types each message into the app's composer, as a person would, and reads what the page shows. */
export async function runInPage(page: Page, item: ParityItem, timeoutMs = 60_000): Promise<SeenTurn[]> {
  const newChat = page.locator('button.new-chat');
  if (await newChat.count()) await newChat.click();
  await page
    .locator('li.message')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
  const seen: SeenTurn[] = [];
  for (const [i, message] of item.turns.entries()) {
    await page.locator('#message').fill(message);
    await page.locator('#message').press('Enter');
    const answer = page.locator('li.message.assistant').nth(i);
    await answer
      .and(page.locator('[data-status="done"], [data-status="error"]'))
      .waitFor({ timeout: timeoutMs });
    if ((await answer.getAttribute('data-status')) === 'error')
      throw new Error(`"${message}": the app answered with an error: ${await answer.innerText()}`);
    const ids = await answer
      .locator('article.card')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-movie-id'))));
    const chips = await page.locator('.filter-chip > span:not(.x)').allTextContents();
    seen.push({
      ids: ids.slice(0, 10),
      chips: chips.map((c) => c.trim()),
      intent: (await answer.getAttribute('data-intent')) ?? '',
    });
  }
  return seen;
}

/** Differences between two runs of one item, one line each ([] = identical). */
export function differences(item: ParityItem, app: SeenTurn[], node: SeenTurn[]): string[] {
  const out: string[] = [];
  item.turns.forEach((message, i) => {
    const a = app[i];
    const b = node[i];
    const where = `${item.id} turn ${i + 1} "${message.slice(0, 60)}"`;
    if (!a || !b) return void out.push(`${where}: missing turn (app ${!!a}, node ${!!b})`);
    if (a.intent !== b.intent) out.push(`${where}: intent app=${a.intent} node=${b.intent}`);
    if (a.ids.join() !== b.ids.join())
      out.push(`${where}: ids app=[${a.ids.join(', ')}] node=[${b.ids.join(', ')}]`);
    if (a.chips.join('|') !== b.chips.join('|'))
      out.push(`${where}: chips app=[${a.chips.join(' | ')}] node=[${b.chips.join(' | ')}]`);
  });
  return out;
}
