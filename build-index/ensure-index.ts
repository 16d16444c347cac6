/**
 * `npm start` (and CI) step: build the default index when public/index/manifest.json is missing,
 * else return at once. A fresh clone assembles it from the committed embedding artifact
 * (data/embeddings/, ~10 s); texts the artifact lacks (a changed dataset) are embedded, and the
 * message says how long that takes at the rate measured on the first chunk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE } from '../src/core/index-format.ts';
import {
  buildIndex,
  DEFAULT_ARTIFACT_DIR,
  DEFAULT_OUT_DIR,
  formatDuration,
  timingMessages,
} from './build.ts';

const manifest = path.join(DEFAULT_OUT_DIR, MANIFEST_FILE);

if (fs.existsSync(manifest)) {
  console.log(`Index present (${path.relative(process.cwd(), manifest)}); skipping build-index.`);
} else {
  const started = performance.now();
  console.log('No index yet: building public/index/ once (later starts skip this).');
  await buildIndex({
    artifactDir: DEFAULT_ARTIFACT_DIR,
    ...timingMessages(),
  });
  console.log(`Index built in ${formatDuration((performance.now() - started) / 1000)}.`);
}
