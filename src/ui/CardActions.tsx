import type { Movie } from '../core/types.ts';
import { useApp } from './context.tsx';
import { Icon } from './Icon.tsx';

/**
 * 👍/👎, watchlist, more/less like this, hide. Toggle buttons expose their state via aria-pressed.
 * A button with visible text has an accessible name that contains that text (WCAG 2.5.3, axe
 * label-content-name-mismatch): "More like this: <title>", so a voice user can say what they see.
 */
export function CardActions(props: { movie: Movie }) {
  const { app } = useApp();
  const rating = () => app.personal.rating(props.movie.id);
  const watched = () => app.personal.inWatchlist(props.movie.id);
  const t = () => props.movie.title;
  return (
    <div class="card-actions" role="group" aria-label={`Actions for ${t()}`}>
      <button
        class="icon-button"
        aria-pressed={rating() === 1}
        aria-label={`I like ${t()}`}
        title="I like it"
        onClick={() => void app.rate(props.movie, 1)}
      >
        <Icon name="up" />
      </button>
      <button
        class="icon-button"
        aria-pressed={rating() === -1}
        aria-label={`I don't like ${t()}`}
        title="Not for me"
        onClick={() => void app.rate(props.movie, -1)}
      >
        <Icon name="down" />
      </button>
      <button
        class="chip-button"
        aria-pressed={watched()}
        aria-label={watched() ? `Remove ${t()} from watchlist` : `Add ${t()} to watchlist`}
        onClick={() => void app.toggleWatchlist(props.movie)}
      >
        {watched() ? '✓ Watchlist' : '+ Watchlist'}
      </button>
      <button
        class="chip-button"
        aria-label={`More like this: ${t()}`}
        onClick={() => void app.moreLike(props.movie)}
      >
        More like this
      </button>
      <button
        class="chip-button"
        aria-label={`Less like this: ${t()}`}
        onClick={() => void app.lessLike(props.movie)}
      >
        Less like this
      </button>
      <button
        class="chip-button subtle"
        aria-label={`Hide ${t()}`}
        onClick={() => void app.hide(props.movie)}
      >
        Hide
      </button>
    </div>
  );
}
