import { render } from 'solid-js/web';

function App() {
  return (
    <main>
      <h1>CineChat</h1>
      <p>Find a movie by talking about it. Loading…</p>
    </main>
  );
}

const root = document.getElementById('root');
if (root) render(() => <App />, root);
