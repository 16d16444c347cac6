/** "Test connection" for the settings screen: server version, collections, round-trip time. */
import { callQdrant, createQdrantClient, DEFAULT_TIMEOUT_MS } from './client.ts';
import { toQdrantError, type QdrantFailureReason } from './errors.ts';

export type ConnectionResult =
  | { ok: true; version: string; collections: string[]; latencyMs: number }
  | { ok: false; reason: QdrantFailureReason; message: string };

/**
 * Ask the server for its version (`GET /`) and its collections (`GET /collections`), both under one time
 * limit. Never throws; the API key is only sent, never part of a result or message.
 */
export async function testConnection(
  url: string,
  apiKey?: string,
  { timeoutMs = DEFAULT_TIMEOUT_MS }: { timeoutMs?: number } = {},
): Promise<ConnectionResult> {
  try {
    const client = createQdrantClient({ url, apiKey, timeoutMs });
    const signal = AbortSignal.timeout(timeoutMs);
    const started = performance.now();
    const info = await callQdrant(() => client.versionInfo(), signal);
    const latencyMs = performance.now() - started;
    const list = await callQdrant(() => client.getCollections(), signal);
    return {
      ok: true,
      version: info.version,
      collections: list.collections.map((c) => c.name).sort(),
      latencyMs: Math.round(latencyMs * 10) / 10,
    };
  } catch (error) {
    const e = toQdrantError(error);
    return { ok: false, reason: e.reason, message: e.message };
  }
}
