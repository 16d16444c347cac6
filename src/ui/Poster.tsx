import { createSignal, Show } from 'solid-js';
import type { Movie } from '../core/types.ts';
import { useApp } from './context.tsx';

export const POSTER_BASE = 'https://image.tmdb.org/t/p/w342';

/** A hue per movie, so placeholders differ from each other but stay stable across visits. */
const hue = (id: number) => (id * 47) % 360;

/** Characters in the title's longest word: the placeholder shrinks its font until that word fits. */
export const longestWord = (title: string) =>
  Math.max(1, ...title.split(/[\s\-\u2010-\u2015/]+/).map((w) => [...w].length));

/** TMDB poster when online; a generated title card offline, without a poster, or on error. */
export function Poster(props: { movie: Movie }) {
  const { shell } = useApp();
  const [failed, setFailed] = createSignal(false);
  const src = () =>
    props.movie.poster && !failed() && shell.online() ? POSTER_BASE + props.movie.poster : null;
  return (
    <div class="poster">
      <Show
        when={src()}
        fallback={
          <div
            class="poster-placeholder"
            style={{
              '--hue': String(hue(props.movie.id)),
              '--longest': String(longestWord(props.movie.title)),
            }}
            aria-hidden="true"
          >
            <span class="poster-title">{props.movie.title}</span>
            <span class="poster-year">{props.movie.year ?? ''}</span>
          </div>
        }
      >
        {(url) => (
          <img
            src={url()}
            alt=""
            loading="lazy"
            decoding="async"
            referrerPolicy="no-referrer"
            onError={() => setFailed(true)}
          />
        )}
      </Show>
    </div>
  );
}
