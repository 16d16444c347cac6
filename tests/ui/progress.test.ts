import { describe, expect, it } from 'vitest';
import type { LoadProgress } from '../../src/core/types.ts';
import { createProgressSum } from '../../src/app/engine.ts';
import { formatBytes, formatRuntime } from '../../src/ui/format.ts';

describe('loading progress over parallel downloads', () => {
  it('sums bytes per file across sources and knows the total once every size is known', () => {
    const seen: LoadProgress[] = [];
    const sum = createProgressSum((p) => seen.push(p));
    const engine = sum('engine');
    const embedder = sum('embedder');
    engine({ phase: 'index', file: 'vectors.bin', loaded: 0, total: 1000 });
    embedder({ phase: 'download', file: 'group1-shard1of7', loaded: 100, total: null });
    expect(seen.at(-1)).toMatchObject({ loaded: 100, total: null });
    embedder({ phase: 'download', file: 'group1-shard1of7', loaded: 300, total: 4000 });
    engine({ phase: 'index', file: 'vectors.bin', loaded: 500, total: 1000 });
    expect(seen.at(-1)).toMatchObject({ loaded: 800, total: 5000 });
    // The same file name from two sources counts twice (two real downloads), a repeat report once.
    engine({ phase: 'index', file: 'group1-shard1of7', loaded: 10, total: 10 });
    engine({ phase: 'index', file: 'group1-shard1of7', loaded: 10, total: 10 });
    expect(seen.at(-1)).toMatchObject({ loaded: 810, total: 5010 });
    engine({ phase: 'index-decode', loaded: 0, total: null });
    expect(seen.at(-1)?.phase).toBe('Preparing the movie index');
  });

  it('formats sizes and runtimes for people', () => {
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(23 * 1024 * 1024)).toBe('23.0 MB');
    expect(formatBytes(null)).toBe('–');
    expect(formatRuntime(136)).toBe('2 h 16 min');
    expect(formatRuntime(45)).toBe('45 min');
    expect(formatRuntime(null)).toBeNull();
  });
});
