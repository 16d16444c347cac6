import { For } from 'solid-js';
import { useApp } from './context.tsx';

export const STARTER_PROMPTS = [
  'movies that make me cry',
  'like Spirited Away but for adults',
  '80s sci-fi under 2 hours',
  'a heist movie with a clever twist',
];

/** The empty chat: the view's level-one heading and the starter prompts. */
export function StarterPrompts() {
  const { app } = useApp();
  return (
    <section class="welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">What do you feel like watching?</h1>
      <p class="welcome-sub">
        Describe a mood, a plot, or a movie you loved. Everything runs on your device; nothing you type leaves
        it.
      </p>
      <ul class="starters" aria-label="Try one of these">
        <For each={STARTER_PROMPTS}>
          {(p) => (
            <li>
              <button class="starter" onClick={() => void app.send(p)}>
                {p}
              </button>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
