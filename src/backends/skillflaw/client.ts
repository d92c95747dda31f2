/**
 * HTTP to a SkillFlaw / Langflow server: the path table, authentication, typed errors.
 *
 * Authentication, as Langflow does it (`api/v1/login.py`, `api_key.py`):
 * - `password`: `POST /login` with the OAuth2 password form gives a bearer token. On a 401 the client tries
 *   `POST /refresh` (Langflow reads the refresh token from its `refresh_token_lf` cookie: in the browser a
 *   credentialed request carries the cookie the sign-in set, in Node the client sends the header), once.
 * - `api-key`: every request carries `x-api-key`.
 * - `auto`: `GET /auto_login` (servers with AUTO_LOGIN on) gives the token.
 */
import { BackendError } from '../types';
import { fetchJson, fetchResponse, type FetchLike } from '../transport';
import { describeFastApiError } from './errors';
import { endpoint, pathTable, type PathKey, type PathTable } from './paths';
import { tokenSchema } from './schemas';

export type SkillflawAuth =
  | { mode: 'password'; username: string; password: string }
  | { mode: 'api-key'; apiKey: string }
  | { mode: 'auto' };

export interface TokenStore {
  get(): { access: string; refresh: string | null } | null;
  set(t: { access: string; refresh: string | null } | null): void;
}

export interface SkillflawClientOptions {
  baseUrl: string;
  auth: SkillflawAuth;
  /** Overrides of the path table (JSON object or its text). */
  paths?: unknown;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** Where tokens live between adapter instances (sessionStorage in the app); default in memory. */
  tokens?: TokenStore;
  /**
   * How the refresh token reaches `POST /refresh`, which reads it only from the `refresh_token_lf` cookie
   * (Langflow `api/v1/login.py`). `browser` (default where there is a `document`): sign-in and refresh are
   * credentialed requests, so the browser keeps the HttpOnly cookie the server sets and sends it back, as
   * Langflow's own frontend does (axios `withCredentials`); a script cannot set a Cookie header there.
   * `header` (Node): the client sends the cookie itself from the token it was given.
   */
  refreshCookie?: 'browser' | 'header';
}

export interface RequestOptions<T> {
  params?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  headers?: Record<string, string>;
  parse?: (raw: unknown) => T;
  signal?: AbortSignal;
  timeoutMs?: number;
}

function memoryTokens(): TokenStore {
  let t: { access: string; refresh: string | null } | null = null;
  return { get: () => t, set: (v) => (t = v) };
}

export class SkillflawClient {
  readonly paths: PathTable;
  readonly baseUrl: string;
  private readonly tokens: TokenStore;
  private signingIn: Promise<void> | null = null;

  constructor(private readonly opts: SkillflawClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    try {
      this.paths = pathTable(opts.paths);
    } catch (e) {
      throw new BackendError('invalid', e instanceof Error ? e.message : String(e));
    }
    this.tokens = opts.tokens ?? memoryTokens();
  }

  url(key: PathKey, params: Record<string, string | number> = {}, query: RequestOptions<unknown>['query'] = {}): { method: string; url: string } {
    const e = endpoint(this.paths, key, params);
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null) q.set(k, String(v));
    const qs = q.toString();
    return { method: e.method, url: `${this.baseUrl}${e.path}${qs ? `?${qs}` : ''}` };
  }

  private async signIn(): Promise<void> {
    const auth = this.opts.auth;
    if (auth.mode === 'api-key') return;
    const common = { fetch: this.cookieFetch(), timeoutMs: this.opts.timeoutMs, describeError: describeFastApiError, parse: (r: unknown) => tokenSchema.parse(r) };
    if (auth.mode === 'auto') {
      const { method, url } = this.url('autoLogin');
      const t = await fetchJson(url, { ...common, method });
      this.tokens.set({ access: t.access_token, refresh: t.refresh_token ?? null });
      return;
    }
    const { method, url } = this.url('login');
    const form = new URLSearchParams({ grant_type: 'password', username: auth.username, password: auth.password });
    const t = await fetchJson(url, { ...common, method, body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    this.tokens.set({ access: t.access_token, refresh: t.refresh_token ?? null });
  }

  private get browserCookies(): boolean {
    return (this.opts.refreshCookie ?? (typeof document === 'undefined' ? 'header' : 'browser')) === 'browser';
  }

  /** Sign-in and refresh requests: credentialed in the browser, so the server's cookies are kept and sent. */
  private cookieFetch(): FetchLike | undefined {
    if (!this.browserCookies) return this.opts.fetch;
    const inner: FetchLike = this.opts.fetch ?? ((input, init) => fetch(input, init));
    return (input, init) => inner(input, { ...init, credentials: 'include' });
  }

  private async refresh(): Promise<boolean> {
    const current = this.tokens.get();
    if (this.opts.auth.mode !== 'password') return false;
    // In the browser the cookie jar holds the refresh token; elsewhere we need our copy to send.
    if (!this.browserCookies && !current?.refresh) return false;
    const { method, url } = this.url('refresh');
    try {
      const t = await fetchJson(url, {
        method,
        fetch: this.cookieFetch(),
        timeoutMs: this.opts.timeoutMs,
        ...(this.browserCookies ? {} : { headers: { cookie: `refresh_token_lf=${current!.refresh}` } }),
        describeError: describeFastApiError,
        parse: (r) => tokenSchema.parse(r),
      });
      this.tokens.set({ access: t.access_token, refresh: t.refresh_token ?? null });
      return true;
    } catch {
      return false;
    }
  }

  /** Signs in if there is no token yet; concurrent callers share one sign-in. */
  async ensureSignedIn(): Promise<void> {
    if (this.opts.auth.mode === 'api-key' || this.tokens.get()) return;
    this.signingIn ??= this.signIn().finally(() => (this.signingIn = null));
    await this.signingIn;
  }

  private authHeaders(): Record<string, string> {
    const auth = this.opts.auth;
    if (auth.mode === 'api-key') return { 'x-api-key': auth.apiKey };
    const t = this.tokens.get();
    return t ? { authorization: `Bearer ${t.access}` } : {};
  }

  /** Runs `send` signed in; a 401 refreshes (or signs in again) and retries once. */
  private async authed<R>(send: (headers: Record<string, string>) => Promise<R>): Promise<R> {
    await this.ensureSignedIn();
    try {
      return await send(this.authHeaders());
    } catch (e) {
      if (!(e instanceof BackendError) || e.code !== 'unauthorized' || this.opts.auth.mode === 'api-key') throw e;
      if (!(await this.refresh())) {
        this.tokens.set(null);
        await this.ensureSignedIn();
      }
      return send(this.authHeaders());
    }
  }

  json<T = unknown>(key: PathKey, o: RequestOptions<T> = {}): Promise<T> {
    const { method, url } = this.url(key, o.params, o.query);
    return this.authed((auth) =>
      fetchJson<T>(url, {
        method,
        body: o.body,
        headers: { ...auth, ...o.headers },
        parse: o.parse,
        signal: o.signal,
        timeoutMs: o.timeoutMs ?? this.opts.timeoutMs,
        fetch: this.opts.fetch,
        describeError: describeFastApiError,
      }),
    );
  }

  /** A request without credentials (`version`, which Langflow serves to anyone): tells "unreachable" from "cannot sign in". */
  publicJson<T = unknown>(key: PathKey, o: RequestOptions<T> = {}): Promise<T> {
    const { method, url } = this.url(key, o.params, o.query);
    return fetchJson<T>(url, { method, parse: o.parse, signal: o.signal, timeoutMs: o.timeoutMs ?? this.opts.timeoutMs, fetch: this.opts.fetch, describeError: describeFastApiError });
  }

  /** The raw response (downloads, event streams): the timeout covers the headers only. */
  response(key: PathKey, o: RequestOptions<unknown> = {}): Promise<Response> {
    const { method, url } = this.url(key, o.params, o.query);
    return this.authed((auth) =>
      fetchResponse(url, {
        method,
        body: o.body,
        headers: { accept: '*/*', ...auth, ...o.headers },
        signal: o.signal,
        timeoutMs: o.timeoutMs ?? this.opts.timeoutMs,
        fetch: this.opts.fetch,
        describeError: describeFastApiError,
      }),
    );
  }

  /** A file as `multipart/form-data` field `file` (the upload endpoints). */
  upload<T>(key: PathKey, file: { name: string; mime: string; data: Uint8Array }, o: RequestOptions<T> = {}): Promise<T> {
    const form = new FormData();
    form.set('file', new Blob([file.data as BlobPart], { type: file.mime }), file.name);
    return this.json<T>(key, { ...o, body: form });
  }
}
