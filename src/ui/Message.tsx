import { For, Match, Switch } from 'solid-js';
import type { ChatMessage } from '../app/service.ts';
import { Markdown } from './Markdown.tsx';
import { MovieCard } from './MovieCard.tsx';
import { SearchSource } from './SearchSource.tsx';

export function Message(props: { message: ChatMessage }) {
  const m = () => props.message;
  return (
    <li
      class={`message ${m().role}`}
      data-status={m().status}
      data-intent={m().intent}
      data-message-id={m().id}
    >
      <Switch>
        <Match when={m().role === 'user'}>
          <p class="bubble user-bubble">{m().text}</p>
        </Match>
        <Match when={m().status === 'pending'}>
          <p class="bubble typing" role="status">
            <span class="dots" aria-hidden="true">
              <span />
              <span />
              <span />
            </span>
            <span class="sr-only">Searching…</span>
          </p>
        </Match>
        <Match when={m().status === 'error'}>
          <p class="bubble error-bubble" role="alert">
            {m().text}
          </p>
        </Match>
        <Match when={true}>
          <Markdown class={`bubble answer${m().results.length ? ' with-cards' : ''}`} text={m().text} />
          <SearchSource search={m().search} />
          <ul class="results" aria-label="Recommendations">
            <For each={m().results}>
              {(item) => (
                <li>
                  <MovieCard item={item} />
                </li>
              )}
            </For>
          </ul>
        </Match>
      </Switch>
    </li>
  );
}
