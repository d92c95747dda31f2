/**
 * The admin (fault-injection) endpoints every test server under `server/` answers beside its protocol:
 * `POST /__admin/faults` (body = the server's own faults object, `{}` clears), `POST /__admin/reset`, and where
 * the server has them `POST /__admin/expire-tokens`. Tests and journeys drive a server through this over HTTP, so
 * the same code works against a test server started in-process or separately (`npx tsx server/<kind>/main.ts`).
 */
export interface AdminClient {
  /** Replaces the server's faults (the server's own shape; see its `*Faults` interface). */
  setFaults(faults: object): Promise<void>;
  clearFaults(): Promise<void>;
  /** Back to the fixtures, no faults. */
  reset(): Promise<void>;
  /** Every token issued so far counts as expired (servers with sign-in). */
  expireTokens(): Promise<void>;
  /** Any other admin endpoint, e.g. `post('/__admin/rate-limits', false)`. */
  post(path: string, body?: unknown): Promise<unknown>;
}

/** `baseUrl`: the server's origin (the admin paths sit at its root, beside the API's prefix). */
export function adminClient(baseUrl: string, fetchImpl: typeof fetch = fetch): AdminClient {
  const origin = new URL(baseUrl).origin;
  const post = async (path: string, body?: unknown): Promise<unknown> => {
    const res = await fetchImpl(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${text.slice(0, 200)}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  return {
    setFaults: async (faults) => void (await post('/__admin/faults', faults)),
    clearFaults: async () => void (await post('/__admin/faults', {})),
    reset: async () => void (await post('/__admin/reset')),
    expireTokens: async () => void (await post('/__admin/expire-tokens')),
    post,
  };
}
