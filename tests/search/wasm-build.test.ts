import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_PATH, WAT_PATH, compileWat, renderGenerated } from '../../scripts/build-wasm.ts';
import { INT8SCAN_WASM_BASE64 } from '../../src/search/wasm/int8scan.generated.ts';

describe('int8scan.generated.ts', () => {
  it('holds exactly the bytes a fresh compile of int8scan.wat gives (run `npm run build:wasm` if not)', async () => {
    const bytes = await compileWat(fs.readFileSync(WAT_PATH, 'utf8'));
    expect(Buffer.from(INT8SCAN_WASM_BASE64, 'base64').equals(Buffer.from(bytes))).toBe(true);
    expect(fs.readFileSync(GENERATED_PATH, 'utf8')).toBe(renderGenerated(bytes));
    expect(WebAssembly.validate(bytes)).toBe(true);
  });
});
