/**
 * The build's timing output (issue 14): the progress bar's ETA clock, the durations of the first-run
 * message, and when resolveVectors reports the measured rate (once, after the first chunk that
 * embedded anything, with what remains). The rate test uses the offline GloVe model from
 * ../shared/models (fast) and is skipped without it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clock, formatDuration, resolveVectors, timingMessages } from '../../build-index/build.ts';

const SHARED_MODELS = path.resolve(import.meta.dirname, '../../../shared/models');
const GLOVE = 'stanfordnlp/glove-100d-sif-100k';
const hasGlove = fs.existsSync(path.join(SHARED_MODELS, GLOVE));

describe('timing output', () => {
  it('clock: m:ss below an hour, h:mm:ss above, never negative', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(59.6)).toBe('1:00');
    expect(clock(754)).toBe('12:34');
    expect(clock(3599)).toBe('59:59');
    expect(clock(4000)).toBe('1:06:40');
    expect(clock(-5)).toBe('0:00');
  });

  it('formatDuration: seconds under 90 s, minutes under 90 min, then hours', () => {
    expect(formatDuration(0.2)).toBe('1 s');
    expect(formatDuration(89)).toBe('89 s');
    expect(formatDuration(90)).toBe('2 min');
    expect(formatDuration(600)).toBe('10 min');
    expect(formatDuration(5300)).toBe('88 min');
    expect(formatDuration(6000)).toBe('1.7 h');
  });

  it('first-run messages: where the vectors come from, then how long at the measured rate', () => {
    const lines: string[] = [];
    const m = timingMessages((l) => lines.push(l));
    m.onPlan!({ texts: 20846, cacheHits: 0, artifactHits: 20846, toEmbed: 0 });
    m.onPlan!({ texts: 44500, cacheHits: 100, artifactHits: 20000, toEmbed: 24400 });
    m.onRate!({ textsPerSecond: 75, remaining: 45000 });
    m.onRate!({ textsPerSecond: 20, remaining: 24144 });
    expect(lines[0]).toBe(
      'All 20846 document vectors are in the embedding cache or artifact: nothing to embed.',
    );
    expect(lines[1]).toMatch(
      /^100 of 44500 .* 20000 in the artifact; 24400 texts to embed \(timing the first chunk/,
    );
    expect(lines[2]).toBe(
      'Measured 75.0 texts/s on this machine: about 10 min more for the other 45000 texts.',
    );
    expect(lines[3]).toBe(
      'Measured 20.0 texts/s on this machine: about 20 min more for the other 24144 texts.',
    );
  });
});

describe.skipIf(!hasGlove)('resolveVectors reports the rate once (GloVe)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cinechat-progress-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const opts = {
    embedderId: `hf:${GLOVE}`,
    cacheDir: tmp,
    workers: 1,
    verbose: false,
  };
  // 600 distinct texts: three chunks of 256 (the last one short).
  const texts = Array.from(
    { length: 600 },
    (_, i) => `movie ${i}: a ${['heist', 'romance', 'war'][i % 3]} film`,
  );

  it('after the first chunk, with the texts still to embed; not at all when nothing is embedded', async () => {
    process.env.CINECHAT_MODEL_PATH = SHARED_MODELS + '/';
    const plans: unknown[] = [];
    const rates: Array<{ textsPerSecond: number; remaining: number }> = [];
    const first = await resolveVectors(texts, {
      ...opts,
      onPlan: (p) => plans.push(p),
      onRate: (r) => rates.push(r),
    });
    expect(first.embedded).toBe(600);
    expect(plans).toEqual([{ texts: 600, cacheHits: 0, artifactHits: 0, toEmbed: 600 }]);
    expect(rates).toHaveLength(1);
    expect(rates[0].remaining).toBe(600 - 256);
    expect(rates[0].textsPerSecond).toBeGreaterThan(0);
    expect(first.textsPerSecond).toBeGreaterThan(0);

    // Everything cached now: a plan with nothing to embed, and no rate.
    const again = await resolveVectors(texts, {
      ...opts,
      onPlan: (p) => plans.push(p),
      onRate: (r) => rates.push(r),
    });
    expect(again.embedded).toBe(0);
    expect(plans[1]).toEqual({ texts: 600, cacheHits: 600, artifactHits: 0, toEmbed: 0 });
    expect(rates).toHaveLength(1);
  });
});
