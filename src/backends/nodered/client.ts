/**
 * The Node-RED admin API client: base URL, authentication (none, adminAuth credentials through
 * `POST /auth/token`, or a static token), typed errors, validated answers.
 *
 * Tokens only travel in the Authorization header and the websocket's first frame; they are kept in the
 * `tokenStore` (the connection's sessionStorage in the app) and never in URLs, errors or logs. A 401 with
 * credentials logs in again once and repeats the request.
 */
import type { z } from 'zod';
import { fetchJson, fetchResponse, type FetchLike, type ServerErrorInfo } from '../transport';
import { BackendError } from '../types';
import {
  authLoginSchema,
  deployResultSchema,
  flowsV2Schema,
  nodeSetsSchema,
  pluginSetsSchema,
  runtimeSettingsSchema,
  tokenSchema,
  type FlowsV2,
  type NodeObject,
  type NodeSet,
} from './schemas';

export type NodeRedAuth =
  | { kind: 'none' }
  | { kind: 'credentials'; username: string; password: string }
  | { kind: 'token'; token: string };

export interface TokenStore {
  get(): string | null;
  set(token: string): void;
  clear(): void;
}

export function memoryTokenStore(): TokenStore {
  let token: string | null = null;
  return {
    get: () => token,
    set: (t) => {
      token = t;
    },
    clear: () => {
      token = null;
    },
  };
}

export interface NodeRedClientOptions {
  /** `http://127.0.0.1:1880` (with `httpAdminRoot`, if the server sets one: `http://host:1880/admin`). */
  baseUrl: string;
  auth?: NodeRedAuth;
  tokenStore?: TokenStore;
  fetch?: FetchLike;
  timeoutMs?: number;
}

export type DeploymentType = 'nodes' | 'full' | 'flows';

/** Node-RED answers `{code, message}` on its admin API, and plain text (`Unauthorized`) from passport. */
function describeNodeRedError(body: unknown): ServerErrorInfo | undefined {
  if (typeof body === 'string') return body.trim() ? { message: body.trim().slice(0, 500) } : undefined;
  if (typeof body === 'object' && body !== null) {
    const b = body as Record<string, unknown>;
    const code = typeof b.code === 'string' ? b.code : typeof b.error === 'string' ? b.error : undefined;
    const message = typeof b.message === 'string' ? b.message : typeof b.error_description === 'string' ? b.error_description : undefined;
    if (code || message) return { code, message };
  }
  return undefined;
}

export function normaliseBaseUrl(raw: string): string {
  const trimmed = raw.trim().replace(/\/+$/, '');
  if (!/^https?:\/\//i.test(trimmed)) throw new BackendError('invalid', `"${raw}" is not an http(s) address of a Node-RED server.`);
  return trimmed;
}

export class NodeRedClient {
  readonly baseUrl: string;
  readonly auth: NodeRedAuth;
  private readonly tokens: TokenStore;
  private readonly fetchImpl: FetchLike | undefined;
  private readonly timeoutMs: number | undefined;
  private loggingIn: Promise<string> | null = null;

  constructor(opts: NodeRedClientOptions) {
    this.baseUrl = normaliseBaseUrl(opts.baseUrl);
    this.auth = opts.auth ?? { kind: 'none' };
    this.tokens = opts.tokenStore ?? memoryTokenStore();
    this.fetchImpl = opts.fetch;
    this.timeoutMs = opts.timeoutMs;
    if (this.auth.kind === 'token') this.tokens.set(this.auth.token);
  }

  /** The websocket address of the editor's comms channel. */
  get commsUrl(): string {
    return this.baseUrl.replace(/^http/i, 'ws') + '/comms';
  }

  /** The token to send as `{auth}` on the websocket, logging in first when needed; null without auth. */
  async accessToken(): Promise<string | null> {
    if (this.auth.kind === 'none') return null;
    return this.tokens.get() ?? (await this.login());
  }

  /** `POST /auth/token` with the password grant. A wrong password is `unauthorized` with Node-RED's words. */
  async login(): Promise<string> {
    if (this.auth.kind === 'token') return this.auth.token;
    if (this.auth.kind === 'none') throw new BackendError('unauthorized', 'This Node-RED asks for a user name and password (adminAuth); add them to the connection.');
    const { username, password } = this.auth;
    this.loggingIn ??= (async () => {
      try {
        const answer = await fetchJson(this.baseUrl + '/auth/token', {
          method: 'POST',
          body: { client_id: 'node-red-admin', grant_type: 'password', scope: '*', username, password },
          fetch: this.fetchImpl,
          timeoutMs: this.timeoutMs,
          describeError: describeNodeRedError,
          parse: (raw) => tokenSchema.parse(raw),
        });
        this.tokens.set(answer.access_token);
        return answer.access_token;
      } catch (e) {
        if (e instanceof BackendError && (e.code === 'unauthorized' || e.code === 'forbidden' || e.code === 'invalid')) {
          throw new BackendError('unauthorized', `Node-RED refused the user name or password${e.serverMessage ? ` (${e.serverMessage})` : ''}.`, {
            serverMessage: e.serverMessage,
            serverCode: e.serverCode,
            cause: e,
          });
        }
        throw e;
      } finally {
        this.loggingIn = null;
      }
    })();
    return this.loggingIn;
  }

  /** `POST /auth/revoke` (when logged in with credentials) and forget the token. */
  async logout(): Promise<void> {
    const token = this.tokens.get();
    if (this.auth.kind === 'credentials' && token) {
      await this.request('/auth/revoke', { method: 'POST', body: { token }, expect: 'none' }).catch(() => undefined);
    }
    if (this.auth.kind !== 'token') this.tokens.clear();
  }

  private async headers(extra: Record<string, string> | undefined, withAuth: boolean): Promise<Record<string, string>> {
    const h: Record<string, string> = { ...extra };
    if (withAuth) {
      const token = await this.accessToken();
      if (token) h.authorization = `Bearer ${token}`;
    }
    return h;
  }

  /** One admin API call; `schema` validates the JSON answer (a mismatch is an `internal` error). */
  async request<T = unknown>(
    path: string,
    opts: {
      method?: string;
      body?: unknown;
      headers?: Record<string, string>;
      schema?: z.ZodType<T>;
      auth?: boolean;
      expect?: 'json' | 'none';
      signal?: AbortSignal;
    } = {},
  ): Promise<T> {
    const withAuth = opts.auth ?? true;
    const attempt = async (): Promise<T> => {
      const common = {
        method: opts.method,
        body: opts.body,
        headers: await this.headers(opts.headers, withAuth),
        fetch: this.fetchImpl,
        timeoutMs: this.timeoutMs,
        signal: opts.signal,
        describeError: describeNodeRedError,
      };
      if (opts.expect === 'none') {
        const res = await fetchResponse(this.baseUrl + path, common);
        await res.body?.cancel().catch(() => undefined);
        return undefined as T;
      }
      const schema = opts.schema;
      return fetchJson<T>(this.baseUrl + path, { ...common, parse: schema ? (raw) => schema.parse(raw) : undefined });
    };
    try {
      return await attempt();
    } catch (e) {
      if (e instanceof BackendError && e.code === 'unauthorized' && withAuth && this.auth.kind === 'credentials') {
        // The token expired or was revoked: one fresh login, one retry.
        this.tokens.clear();
        await this.login();
        return attempt();
      }
      throw e;
    }
  }

  authLogin(): Promise<z.infer<typeof authLoginSchema>> {
    return this.request('/auth/login', { schema: authLoginSchema, auth: false });
  }

  settings(): Promise<z.infer<typeof runtimeSettingsSchema>> {
    return this.request('/settings', { schema: runtimeSettingsSchema });
  }

  getFlows(signal?: AbortSignal): Promise<FlowsV2> {
    return this.request('/flows', { headers: { 'Node-RED-API-Version': 'v2' }, schema: flowsV2Schema, signal });
  }

  /**
   * Deploy the whole configuration. With `rev`, Node-RED answers 409 `version_mismatch` when someone deployed
   * in between; that becomes a `conflict` error (the adapter attaches the current copy).
   */
  async deploy(flows: NodeObject[], opts: { rev?: string; type?: DeploymentType }): Promise<string> {
    try {
      const answer = await this.request('/flows', {
        method: 'POST',
        headers: { 'Node-RED-API-Version': 'v2', 'Node-RED-Deployment-Type': opts.type ?? 'nodes' },
        body: opts.rev === undefined ? { flows } : { flows, rev: opts.rev },
        schema: deployResultSchema,
      });
      return answer.rev;
    } catch (e) {
      if (e instanceof BackendError && e.serverCode === 'version_mismatch') {
        throw new BackendError('conflict', 'Someone deployed to this Node-RED since the flow was opened.', {
          serverCode: e.serverCode,
          serverMessage: e.serverMessage,
          retryable: false,
          cause: e,
        });
      }
      throw e;
    }
  }

  nodeSets(): Promise<NodeSet[]> {
    return this.request('/nodes', { headers: { accept: 'application/json' }, schema: nodeSetsSchema });
  }

  plugins(): Promise<z.infer<typeof pluginSetsSchema>> {
    return this.request('/plugins', { headers: { accept: 'application/json' }, schema: pluginSetsSchema });
  }

  /** Press an inject node's button: `POST /inject/:id` (404 when no such deployed inject node). */
  async inject(nodeId: string): Promise<void> {
    await this.request(`/inject/${encodeURIComponent(nodeId)}`, { method: 'POST', expect: 'none' });
  }

  /** Send a sample message to an http-in endpoint (no admin token: http-in endpoints are public). */
  async callHttpIn(httpNodeRoot: string, url: string, method: string, body: unknown): Promise<unknown> {
    const root = httpNodeRoot.replace(/\/+$/, '');
    const path = url.startsWith('/') ? url : `/${url}`;
    const origin = new URL(this.baseUrl).origin;
    const m = method.toUpperCase();
    return fetchJson(origin + root + path, {
      method: m,
      body: m === 'GET' || m === 'DELETE' ? undefined : body,
      fetch: this.fetchImpl,
      timeoutMs: this.timeoutMs,
      describeError: describeNodeRedError,
      parse: (raw) => raw,
    }).catch((e: unknown) => {
      // The endpoint's own answer (even a non-JSON one) is part of the run, not a transport failure.
      if (e instanceof BackendError && e.code === 'internal') return undefined;
      throw e;
    });
  }
}
