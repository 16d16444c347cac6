/**
 * CONTRACT-TEST HARNESS — not a Qdrant server. It replaces `globalThis.fetch` (the HTTP layer the official
 * `@qdrant/js-client-rest` uses) with a recorder: every request the real client builds is recorded
 * (method, path, query, headers, JSON body) and answered by the test's `route` function with a canned
 * response body typed by the client's own OpenAPI schemas (`Schemas[...]`). Nothing is stored or searched;
 * tests assert on the requests our adapters make and on how they read the typed responses.
 */
import type { Schemas } from '@qdrant/js-client-rest';
import { vi } from 'vitest';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

export interface Reply {
  status?: number;
  body?: unknown;
  /** Answer only after this long (rejects with AbortError if the client aborts first). */
  delayMs?: number;
  /** Fail like fetch does on a refused connection. */
  networkError?: boolean;
}

/** The envelope Qdrant wraps every `result` in (`{ result, status, time }`). */
export function ok<T>(result: T): Reply {
  return { status: 200, body: { result, status: 'ok', time: 0.0001 } };
}

export const okTrue = (): Reply => ok(true);
export const okUpdate = (): Reply => ok<Schemas['UpdateResult']>({ operation_id: 1, status: 'completed' });

export function errorReply(status: number, error: string): Reply {
  return { status, body: { status: { error }, time: 0 } };
}

export function interceptFetch(route: (req: RecordedRequest) => Reply | Promise<Reply>): {
  requests: RecordedRequest[];
  restore: () => void;
} {
  const requests: RecordedRequest[] = [];
  const fake = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const text = typeof init.body === 'string' ? init.body : undefined;
    const req: RecordedRequest = {
      method: (init.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers: new Headers(init.headers),
      body: text === undefined ? undefined : JSON.parse(text),
    };
    requests.push(req);
    const reply = await route(req);
    if (reply.networkError) throw new TypeError('fetch failed');
    if (reply.delayMs) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, reply.delayMs);
        init.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new DOMException('This operation was aborted', 'AbortError'));
        });
      });
    }
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  vi.stubGlobal('fetch', fake);
  return { requests, restore: () => vi.unstubAllGlobals() };
}
