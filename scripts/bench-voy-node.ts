/**
 * voy-search in Node for the bench: tsx cannot import its `.wasm` ES module, so instantiate the
 * wasm-bindgen output by hand (which also exposes voy's WASM memory size for the figures).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { VoyModule } from '../src/search/voy.ts';
import { instantiateVoy, type VoyGlue } from './bench-core.ts';

const require = createRequire(import.meta.url);

export async function loadVoyNode(): Promise<{ module: VoyModule; memory: WebAssembly.Memory }> {
  const bg = await import('voy-search/voy_search_bg.js');
  return instantiateVoy(
    fs.readFileSync(require.resolve('voy-search/voy_search_bg.wasm')),
    bg as unknown as VoyGlue,
  );
}
