/**
 * `npm start` (and CI) step: build the default index when public/index/manifest.json is missing,
 * else return at once. A fresh clone assembles it from the committed embedding artifact
 * (data/embeddings/, ~30 s); texts the artifact lacks (a changed dataset) are embedded, and the
 * message says how long that takes at the rate measured on the first chunk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE } from '../src/core/index-format.ts';
import { buildIndex, DEFAULT_ARTIFACT_DIR, DEFAULT_OUT_DIR } from './build.ts';

const manifest = path.join(DEFAULT_OUT_DIR, MANIFEST_FILE);

function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  const min = Math.round(seconds / 60);
  return min < 90 ? `${min} min` : `${(seconds / 3600).toFixed(1)} h`;
}

if (fs.existsSync(manifest)) {
  console.log(`Index present (${path.relative(process.cwd(), manifest)}); skipping build-index.`);
} else {
  const started = performance.now();
  console.log('No index yet: building public/index/ once (later starts skip this).');
  await buildIndex({
    artifactDir: DEFAULT_ARTIFACT_DIR,
    onPlan: ({ texts, cacheHits, artifactHits, toEmbed }) => {
      const have = cacheHits + artifactHits;
      if (toEmbed === 0) {
        console.log(`All ${texts} document vectors are in data/embeddings/ or the cache: nothing to embed.`);
      } else {
        console.log(
          `${have} of ${texts} document vectors are in data/embeddings/ or the cache; ${toEmbed} texts ` +
            `to embed (timing the first chunk to say how long that takes)…`,
        );
      }
    },
    onRate: ({ textsPerSecond, remaining }) => {
      console.log(
        `\nMeasured ${textsPerSecond.toFixed(1)} texts/s on this machine: about ` +
          `${formatDuration(remaining / textsPerSecond)} more for ${remaining} texts (progress bar below).`,
      );
    },
  });
  console.log(`Index built in ${formatDuration((performance.now() - started) / 1000)}.`);
}
