import { Show } from 'solid-js';
import type { SearchReport } from '../app/ports.ts';
import './search-source.css';

/**
 * Under an answer, when a Qdrant server is set: which index answered, or, when the server failed and the
 * index on this device answered instead, a polite notice saying so (the reason's detail on hover).
 */
export function SearchSource(props: { search: SearchReport | undefined }) {
  const shown = () => {
    const s = props.search;
    return s?.remote && s.source ? s : null;
  };
  return (
    <Show when={shown()}>
      {(s) => (
        <Show
          when={s().fallback}
          fallback={
            <p class="search-source" data-testid="search-source" data-source={s().source}>
              {s().source === 'qdrant' ? 'Answered by Qdrant' : 'Answered on this device'}
            </p>
          }
        >
          {(f) => (
            <p
              class="search-notice"
              role="status"
              data-testid="search-fallback"
              data-reason={f().reason}
              title={f().detail}
            >
              {f().notice}
            </p>
          )}
        </Show>
      )}
    </Show>
  );
}
