/**
 * `npm start` step: build the default index when public/index/manifest.json is missing, else
 * return at once (a fresh clone gets its index built, with a progress bar, on first start).
 */
import fs from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE } from '../src/core/index-format.ts';
import { buildIndex, DEFAULT_OUT_DIR } from './build.ts';

const manifest = path.join(DEFAULT_OUT_DIR, MANIFEST_FILE);
if (fs.existsSync(manifest)) {
  console.log(`Index present (${path.relative(process.cwd(), manifest)}); skipping build-index.`);
} else {
  console.log('No index yet: building it once (about 11 minutes on 2 cores; later starts skip this).');
  await buildIndex();
}
