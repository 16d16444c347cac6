/**
 * Settings → Language model, when the model cannot be used: llmErrorText (src/app/llm.ts) turns
 * whatever was thrown into whole sentences a person can act on.
 */
import { describe, expect, it } from 'vitest';
import type { AppConfig, MLCEngineInterface } from '@mlc-ai/web-llm';
import { llmErrorText } from '../../src/app/llm.ts';
import { createWebLlmEngine, LlmLoadError, type WebLlmRuntime } from '../../src/llm/web-llm-engine.ts';

const AFTER = ' Search keeps working without it.';

/** Sentences as a reader sees them: each one starts after ". " and ends with . ! ? or …. */
const sentences = (text: string) => text.split(/(?<=[.!?…])\s+/);

describe('llmErrorText', () => {
  it('a failed fetch names the download and its host, then says search keeps working', () => {
    const text = llmErrorText(new LlmLoadError('TypeError: Failed to fetch', 'huggingface.co'));
    expect(text).toBe(
      'The language model could not be downloaded from its host (huggingface.co): the network request failed.' +
        AFTER,
    );
    expect(sentences(text)).toEqual([
      'The language model could not be downloaded from its host (huggingface.co): the network request failed.',
      'Search keeps working without it.',
    ]);
    expect(text).not.toMatch(/TypeError|Failed to fetch/);
  });

  it('knows the network failures of each browser and of Node, thrown as Errors or as strings', () => {
    for (const raw of [
      new TypeError('Failed to fetch'),
      'TypeError: Failed to fetch',
      new TypeError('NetworkError when attempting to fetch resource.'),
      new TypeError('Load failed'),
      new TypeError('fetch failed'),
      'Error: net::ERR_INTERNET_DISCONNECTED',
    ]) {
      expect(llmErrorText(raw)).toBe(
        'The language model could not be downloaded from its host: the network request failed.' + AFTER,
      );
    }
  });

  it('takes the host from a URL in the message when the error carries none', () => {
    expect(
      llmErrorText(
        new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1:4173/assets/web-llm.js'),
      ),
    ).toBe(
      'The language model could not be downloaded from its host (127.0.0.1:4173): the network request failed.' +
        AFTER,
    );
  });

  it('other errors keep their message, ended as a sentence, before the closing sentence', () => {
    expect(llmErrorText(new Error('No language model fits this device.'))).toBe(
      'The language model could not start: No language model fits this device.' + AFTER,
    );
    // No full stop of its own: one is added, so the next sentence does not run on.
    expect(llmErrorText('Error: WebGPU is not supported in your current environment')).toBe(
      'The language model could not start: WebGPU is not supported in your current environment.' + AFTER,
    );
    expect(llmErrorText(new Error('Out of memory:'))).toBe(
      'The language model could not start: Out of memory.' + AFTER,
    );
    expect(llmErrorText(new Error('Is the GPU busy?'))).toBe(
      'The language model could not start: Is the GPU busy?' + AFTER,
    );
    expect(llmErrorText(new Error('Not enough storage (about 1.8 GB).'))).toBe(
      'The language model could not start: Not enough storage (about 1.8 GB).' + AFTER,
    );
  });

  it('collapses line breaks, shortens a very long message, and copes with an empty one', () => {
    expect(llmErrorText(new Error('first line\n   second line'))).toBe(
      'The language model could not start: first line second line.' + AFTER,
    );
    const long = llmErrorText(new Error('x'.repeat(2000)));
    expect(long.length).toBeLessThan(400);
    expect(long).toMatch(/x…/);
    expect(long.endsWith(AFTER)).toBe(true);
    expect(llmErrorText(new Error(''))).toBe('The language model could not start.' + AFTER);
    expect(llmErrorText(undefined)).toBe('The language model could not start.' + AFTER);
  });

  it('end to end with the web-llm engine: its worker rejects with a string, the words name huggingface.co', async () => {
    const id = 'Qwen2.5-1.5B-Instruct-q4f32_1-MLC';
    const appConfig = {
      model_list: [
        {
          model: `https://huggingface.co/mlc-ai/${id}`,
          model_id: id,
          model_lib: 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/x.wasm',
        },
      ],
    } as AppConfig;
    const runtime: WebLlmRuntime = {
      prebuiltAppConfig: appConfig,
      // What web-llm's WebWorkerMLCEngine does with an error thrown in its worker: rejects with err.toString().
      CreateWebWorkerMLCEngine: () => Promise.reject<MLCEngineInterface>('TypeError: Failed to fetch'),
      hasModelInCache: async () => false,
    };
    const worker = { addEventListener() {}, terminate() {} } as unknown as Worker;
    const llm = createWebLlmEngine({ loadRuntime: async () => runtime, createWorker: () => worker });
    const failure = await llm.load(id).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(LlmLoadError);
    expect((failure as LlmLoadError).host).toBe('huggingface.co');
    expect(llmErrorText(failure)).toBe(
      'The language model could not be downloaded from its host (huggingface.co): the network request failed.' +
        AFTER,
    );
  });
});
