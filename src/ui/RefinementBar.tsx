import { For, Show } from 'solid-js';
import { useApp } from './context.tsx';

/** The current constraints as removable chips; removing one re-runs the search without it. */
export function RefinementBar() {
  const { app } = useApp();
  return (
    <>
      <Show when={app.previousChips().length}>
        <p class="started-over">
          <button class="link-button" disabled={app.busy()} onClick={() => void app.keepPrevious()}>
            Keep the previous filters (
            {app
              .previousChips()
              .map((c) => c.label)
              .join(', ')}
            )
          </button>
        </p>
      </Show>
      <RequestChips />
    </>
  );
}

function RequestChips() {
  const { app } = useApp();
  return (
    <Show when={app.chips().length}>
      <div class="refine-bar" role="group" aria-label="Current filters">
        <For each={app.chips()}>
          {(chip) => (
            <button
              class="filter-chip"
              data-chip={chip.key}
              aria-label={`Remove filter ${chip.label}`}
              disabled={app.busy()}
              onClick={() => void app.removeChip(chip.key)}
            >
              <span>{chip.label}</span>
              <span aria-hidden="true" class="x">
                ×
              </span>
            </button>
          )}
        </For>
      </div>
    </Show>
  );
}
