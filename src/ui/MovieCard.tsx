import { createSignal, For, Show } from 'solid-js';
import type { ResultItem } from '../app/ports.ts';
import { describeWhy, formatRuntime, formatVotes } from './format.ts';
import { Poster } from './Poster.tsx';
import { CardActions } from './CardActions.tsx';

/** Unique ids for aria-controls (one movie can appear in several answers). */
let seq = 0;

export function MovieCard(props: { item: ResultItem }) {
  const m = () => props.item.movie;
  const [open, setOpen] = createSignal(false);
  const meta = () =>
    [formatRuntime(m().runtime), m().genres.slice(0, 3).join(', ')]
      .filter((s): s is string => !!s)
      .join(' · ');
  const credits = () => {
    const parts: string[] = [];
    if (m().directors.length) parts.push(`Dir. ${m().directors.slice(0, 2).join(', ')}`);
    if (m().cast.length) parts.push(m().cast.slice(0, 3).join(', '));
    return parts.join(' · ');
  };
  const overviewId = `overview-${++seq}`;
  return (
    <article
      class="card"
      aria-label={`${m().title}${m().year ? ` (${m().year})` : ''}`}
      data-movie-id={m().id}
    >
      <Poster movie={m()} />
      <div class="card-body">
        <h2 class="card-title">
          {m().title} <Show when={m().year}>{(y) => <span class="card-year">{y()}</span>}</Show>
        </h2>
        <p class="card-meta">
          <Show when={m().rating != null && m().votes > 0}>
            <span class="rating" title={`${m().votes} votes`}>
              ★ {m().rating?.toFixed(1)} <span class="votes">({formatVotes(m().votes)})</span>
            </span>
          </Show>
          <span>{meta()}</span>
        </p>
        <Show when={credits()}>
          <p class="card-credits">{credits()}</p>
        </Show>
        <Show when={m().overview}>
          <p id={overviewId} class="card-overview" classList={{ open: open() }}>
            {m().overview}
          </p>
          <button
            class="link-button"
            aria-expanded={open()}
            aria-controls={overviewId}
            onClick={() => setOpen(!open())}
          >
            {open() ? 'Less' : 'More'}
          </button>
        </Show>
        <Show when={props.item.why.length}>
          <ul class="why" aria-label="Why this movie">
            <For each={props.item.why.slice(0, 4)}>{(r) => <li>{describeWhy(r)}</li>}</For>
          </ul>
        </Show>
      </div>
      <CardActions movie={m()} />
    </article>
  );
}
