import { createSignal } from 'solid-js';
import { useApp } from './context.tsx';

/** Enter sends, Shift+Enter adds a line, ↑ in an empty box brings back the last message to edit. */
export function Composer(props: { ref?: (el: HTMLTextAreaElement) => void }) {
  const { app } = useApp();
  const [text, setText] = createSignal('');
  let box!: HTMLTextAreaElement;

  const send = () => {
    const t = text().trim();
    if (!t) return;
    setText('');
    box.style.height = '';
    void app.send(t);
  };
  const grow = () => {
    box.style.height = 'auto';
    box.style.height = `${Math.min(box.scrollHeight, 180)}px`;
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    } else if (e.key === 'ArrowUp' && !text()) {
      const last = app.lastUserMessage();
      if (last) {
        e.preventDefault();
        setText(last);
        queueMicrotask(() => (grow(), box.setSelectionRange(last.length, last.length)));
      }
    }
  };
  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label for="message" class="sr-only">
        Describe a movie you want to watch
      </label>
      <textarea
        id="message"
        ref={(el) => {
          box = el;
          props.ref?.(el);
        }}
        rows={1}
        maxLength={10_000}
        placeholder="Describe a movie or a mood…"
        value={text()}
        onInput={(e) => {
          setText(e.currentTarget.value);
          grow();
        }}
        onKeyDown={onKeyDown}
        enterkeyhint="send"
        autocomplete="off"
      />
      <button type="submit" class="send" disabled={!text().trim()} aria-label="Send">
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path d="M3 20.5 21 12 3 3.5 3 10l12 2-12 2z" fill="currentColor" />
        </svg>
      </button>
    </form>
  );
}
