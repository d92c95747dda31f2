/**
 * HTTP to the two viaSocket hosts: the management API (`flow-api.viasocket.com`) and the run host
 * (`flow.sokt.io`). Every request carries the `proxy_auth_token` header; failures become `BackendError`s
 * carrying the server's own message (`{"success": false, "message": …}`), and a 401 saying the token
 * expired is told apart from a wrong token.
 */
import { fetchJson, type FetchLike } from '../transport';
import { BackendError } from '../types';

export interface ViasocketClientOptions {
  /** Management API base URL, e.g. `https://flow-api.viasocket.com`. */
  baseUrl: string;
  /** Run host base URL, e.g. `https://flow.sokt.io`. */
  runUrl: string;
  /** The `prod` cookie of flow.viasocket.com, sent as `proxy_auth_token`. */
  token: string;
  /** Per-request timeout, ms (runs get `runTimeoutMs`). */
  timeoutMs?: number;
  runTimeoutMs?: number;
  fetch?: FetchLike;
}

export const TOKEN_EXPIRED = 'token-expired';

function trim(url: string): string {
  return url.replace(/\/+$/, '');
}

export class ViasocketClient {
  constructor(readonly opts: ViasocketClientOptions) {}

  async request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    opts: { body?: unknown; parse?: (raw: unknown) => T; run?: boolean; signal?: AbortSignal } = {},
  ): Promise<T> {
    const base = trim(opts.run ? this.opts.runUrl : this.opts.baseUrl);
    try {
      return await fetchJson<T>(`${base}${path}`, {
        method,
        body: opts.body,
        headers: { proxy_auth_token: this.opts.token },
        parse: opts.parse,
        signal: opts.signal,
        timeoutMs: opts.run ? (this.opts.runTimeoutMs ?? 120_000) : (this.opts.timeoutMs ?? 30_000),
        fetch: this.opts.fetch,
      });
    } catch (e) {
      if (e instanceof BackendError && e.code === 'unauthorized' && /expired/i.test(e.serverMessage ?? '')) {
        throw new BackendError('unauthorized', 'The viaSocket token (proxy_auth_token) has expired: paste a new one from the flow.viasocket.com "prod" cookie.', {
          serverMessage: e.serverMessage,
          serverCode: TOKEN_EXPIRED,
          details: e.details,
          cause: e,
        });
      }
      throw e;
    }
  }
}
