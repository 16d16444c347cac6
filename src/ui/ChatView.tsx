import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { useApp } from './context.tsx';
import { Composer } from './Composer.tsx';
import { Message } from './Message.tsx';
import { RefinementBar } from './RefinementBar.tsx';
import { StarterPrompts } from './StarterPrompts.tsx';

/**
 * Messages rendered at once. Every answer carries up to ~10 cards with posters, so a long session
 * would otherwise grow the DOM (and memory, and layout time) without bound; older turns stay in the
 * conversation and the history store and come back with "Show earlier messages".
 */
export const RENDERED_MESSAGES = 40;

export function ChatView() {
  const { app } = useApp();
  const [limit, setLimit] = createSignal(RENDERED_MESSAGES);
  const hiddenCount = () => Math.max(0, app.messages.length - limit());
  const shown = () => (hiddenCount() ? app.messages.slice(hiddenCount()) : app.messages);
  let log!: HTMLOListElement;
  const reduced = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  // Keep the newest message in view as answers arrive.
  createEffect(
    on(
      () => [app.messages.length, app.messages[app.messages.length - 1]?.status],
      () => {
        const last = log?.lastElementChild;
        if (last) last.scrollIntoView({ block: 'start', behavior: reduced() ? 'auto' : 'smooth' });
      },
      { defer: true },
    ),
  );
  return (
    <section class="chat" aria-label="Conversation">
      {/* One level-one heading per view: the welcome's question, or (visually hidden, the answers
          speak for themselves) "Conversation" once there are messages. Card titles are level two. */}
      <Show when={app.messages.length === 0} fallback={<h1 class="sr-only">Conversation</h1>}>
        <StarterPrompts />
      </Show>
      <Show when={hiddenCount()}>
        <button class="link-button show-earlier" onClick={() => setLimit((n) => n + RENDERED_MESSAGES)}>
          Show earlier messages ({hiddenCount()})
        </button>
      </Show>
      <ol class="messages" ref={log} aria-live="polite" aria-busy={app.busy()}>
        <For each={shown()}>{(m) => <Message message={m} />}</For>
      </ol>
      <div class="dock">
        <RefinementBar />
        <Composer />
        <Show when={app.messages.length > 0}>
          <button
            class="link-button new-chat"
            onClick={() => {
              setLimit(RENDERED_MESSAGES);
              app.newConversation();
            }}
          >
            New conversation
          </button>
        </Show>
      </div>
    </section>
  );
}
