import { createSignal } from 'solid-js';
import { useApp } from './context.tsx';
import { QdrantSync } from './QdrantSync.tsx';

/** Optional Qdrant server. The key stays on this device (never exported). */
export function QdrantSettings() {
  const { app } = useApp();
  const s = () => app.personal.settings();
  const [result, setResult] = createSignal('');
  const [testing, setTesting] = createSignal(false);

  const test = async () => {
    setTesting(true);
    setResult('Testing…');
    try {
      // Loaded on demand: the Qdrant client is not part of the default, fully local app.
      const { testConnection } = await import('../qdrant/connection.ts');
      const r = await testConnection(s().qdrantUrl.trim(), s().qdrantApiKey || undefined);
      setResult(
        r.ok
          ? `Connected: Qdrant ${r.version}, ${r.collections.length} collections, ${r.latencyMs} ms.` +
              (r.collections.includes(s().qdrantCollection)
                ? ''
                : ` The collection "${s().qdrantCollection}" is not there yet: upload the index (see the README).`)
          : `Could not connect: ${r.message}`,
      );
    } catch (e) {
      setResult(`Could not connect: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setTesting(false);
    }
  };
  return (
    <section class="settings-card" aria-labelledby="qdrant-title">
      <h2 id="qdrant-title">Qdrant server (optional)</h2>
      <p class="hint">
        Search a Qdrant collection instead of the built-in index (ranking stays the same). If the server
        cannot be reached or is slow, answers come from the index on this device and say so. The server must
        allow this site (CORS) and be listed in the app's content security policy.
      </p>
      <label class="field">
        <span>Server URL</span>
        <input
          type="url"
          inputmode="url"
          placeholder="http://localhost:6333"
          value={s().qdrantUrl}
          onChange={(e) => void app.personal.setSetting('qdrantUrl', e.currentTarget.value.trim())}
        />
      </label>
      <label class="field">
        <span>API key</span>
        <input
          type="password"
          autocomplete="off"
          value={s().qdrantApiKey}
          onChange={(e) => void app.personal.setSetting('qdrantApiKey', e.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>Collection</span>
        <input
          type="text"
          spellcheck={false}
          placeholder="movies"
          value={s().qdrantCollection}
          onChange={(e) =>
            void app.personal.setSetting('qdrantCollection', e.currentTarget.value.trim() || 'movies')
          }
        />
      </label>
      <button class="button secondary" disabled={!s().qdrantUrl || testing()} onClick={() => void test()}>
        Test connection
      </button>
      <p role="status" class="hint">
        {result()}
      </p>
      <QdrantSync />
    </section>
  );
}
