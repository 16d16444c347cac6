import { createEffect, For, on, Show } from 'solid-js';
import { useApp } from './context.tsx';
import { Composer } from './Composer.tsx';
import { Message } from './Message.tsx';
import { RefinementBar } from './RefinementBar.tsx';
import { StarterPrompts } from './StarterPrompts.tsx';

export function ChatView() {
  const { app } = useApp();
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
      <Show when={app.messages.length === 0}>
        <StarterPrompts />
      </Show>
      <ol class="messages" ref={log} aria-live="polite" aria-busy={app.busy()}>
        <For each={app.messages}>{(m) => <Message message={m} />}</For>
      </ol>
      <div class="dock">
        <RefinementBar />
        <Composer />
        <Show when={app.messages.length > 0}>
          <button class="link-button new-chat" onClick={() => app.newConversation()}>
            New conversation
          </button>
        </Show>
      </div>
    </section>
  );
}
