/**
 * An embedder that remembers query vectors on disk (.cache/eval/query-vectors-<embedder>.jsonl), so a
 * second eval run does not embed the same 7,000 messages again. The vectors are the embedder's own;
 * only the time to compute them is saved. Counts hits, so the eval can say what was preloaded.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Embedder } from '../src/core/types.ts';

export interface CachingEmbedder extends Embedder {
  /** fromCache: vectors read from the file of earlier runs; computed: embedded in this run. */
  stats(): { cached: number; fromCache: number; computed: number };
  /** Appends the new vectors to the cache file. */
  flush(): void;
}

export function cachingEmbedder(inner: Embedder, repoRoot: string): CachingEmbedder {
  const file = path.join(
    repoRoot,
    '.cache',
    'eval',
    `query-vectors-${inner.id.replace(/[^a-z0-9.-]+/gi, '_')}.jsonl`,
  );
  const cache = new Map<string, Float32Array>();
  if (fs.existsSync(file)) {
    for (const l of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!l) continue;
      try {
        const { t, v } = JSON.parse(l) as { t: string; v: number[] };
        if (v.length === inner.dims) cache.set(t, Float32Array.from(v));
      } catch {
        // a line cut by an interrupted run: skipped, re-embedded on demand
      }
    }
  }
  const onDisk = new Set(cache.keys());
  const fresh: string[] = [];
  const used = new Set<string>();
  let computed = 0;
  return {
    id: inner.id,
    dims: inner.dims,
    async embed(texts) {
      const missing = [...new Set(texts.filter((t) => !cache.has(t)))];
      if (missing.length) {
        const vs = await inner.embed(missing);
        missing.forEach((t, i) => (cache.set(t, vs[i]), fresh.push(t)));
        computed += missing.length;
      }
      for (const t of texts) if (onDisk.has(t)) used.add(t);
      return texts.map((t) => cache.get(t)!);
    },
    stats: () => ({ cached: onDisk.size, fromCache: used.size, computed: computed }),
    flush() {
      if (!fresh.length) return;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.appendFileSync(
        file,
        fresh.map((t) => JSON.stringify({ t, v: Array.from(cache.get(t)!) })).join('\n') + '\n',
      );
      fresh.length = 0;
    },
  };
}
