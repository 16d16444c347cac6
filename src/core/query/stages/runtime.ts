import { parseNumberWord } from '../text.ts';
import { consume, type ParseState } from './state.ts';

type Runtime = [number | null, number | null];

const NUM = String.raw`(\d+(?:\.\d+)?|one|two|three|four|five|an?|half an?)`;
const UNIT = String.raw`(hours?|hrs?|h|minutes?|mins?|m)\b`;

/** "2" + "hours" → 120; "half an" + "hour" → 30; null when the number is not one. */
function minutes(n: string, unit: string): number | null {
  const v = /^half/.test(n) ? 0.5 : parseNumberWord(n);
  if (v === null) return null;
  return Math.round(/^h/.test(unit) ? v * 60 : v);
}

/** Runtime in minutes: "under 90 minutes", "between 1 and 2 hours", "a short movie", "epic-length". */
export function extractRuntime(s: ParseState): void {
  const runtime: Runtime = [null, null];
  // "an hour and a half" → "90 minutes", in place, so the bounds below read it as a number.
  consume(
    s,
    new RegExp(String.raw`\b(?:an hour and a half|one and a half hours?|1\.5 hours?)\b`, 'g'),
    (m) => {
      s.t = s.t.slice(0, m.index) + '90 minutes'.padEnd(m[0].length, ' ') + s.t.slice(m.index + m[0].length);
      return false;
    },
  );
  runtimeBounds(s, runtime);
  consume(
    s,
    /\b(?:short|quick)(?= (?:movies?|films?|flicks?|ones?|watch))|\bsomething (?:short|quick)\b/g,
    () => {
      runtime[1] = 90;
    },
  );
  consume(s, /\blong(?= (?:movies?|films?|flicks?|ones?))|\bepic[- ]length\b/g, () => {
    runtime[0] = 150;
  });
  if (runtime[0] !== null || runtime[1] !== null) s.out.constraints.runtime = runtime;
}

/** Numeric bounds: "between 90 and 120 minutes", "under 2 hours" (119), "at least 100 mins" (100). */
function runtimeBounds(s: ParseState, runtime: Runtime): void {
  consume(s, new RegExp(String.raw`\bbetween ${NUM} and ${NUM} ?${UNIT}`, 'g'), (m) => {
    runtime[0] = minutes(m[1], m[3]);
    runtime[1] = minutes(m[2], m[3]);
  });
  consume(
    s,
    new RegExp(
      String.raw`\b(under|less than|shorter than|below|within|no more than|at most|max(?:imum)?|up to|no longer than|not over|not more than) ${NUM}[- ]?${UNIT}`,
      'g',
    ),
    (m) => {
      const v = minutes(m[2], m[3]);
      if (v === null) return false;
      runtime[1] = /under|less|shorter|below/.test(m[1]) ? v - 1 : v;
    },
  );
  consume(
    s,
    new RegExp(
      String.raw`\b(over|more than|longer than|above|at least|min(?:imum)?|no shorter than|not under|not less than) ${NUM}[- ]?${UNIT}`,
      'g',
    ),
    (m) => {
      const v = minutes(m[2], m[3]);
      if (v === null) return false;
      runtime[0] = /at least|min|no shorter|not under|not less/.test(m[1]) ? v : v + 1;
    },
  );
}
