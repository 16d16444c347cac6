import { createResource, For, Show } from 'solid-js';
import { useApp } from './context.tsx';
import { MovieCard } from './MovieCard.tsx';

export function WatchlistView() {
  const { app } = useApp();
  const ids = () => app.personal.data().watchlist.map((w) => w.movieId);
  const [movies] = createResource(ids, (list) => (list.length ? app.movies(list) : Promise.resolve([])));
  return (
    <section class="page" aria-labelledby="watchlist-title">
      <h1 id="watchlist-title">Watchlist</h1>
      <Show
        when={ids().length}
        fallback={<p class="empty">Nothing here yet. Add movies from the chat with “+ Watchlist”.</p>}
      >
        <ul class="results">
          <For each={movies() ?? []}>
            {(movie) => (
              <li>
                <MovieCard item={{ movie, score: 0, why: [] }} />
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
