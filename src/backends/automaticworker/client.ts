/**
 * HTTP client for the AutoMaticWorker API: base URL, Bearer token from `POST /api/auth/token` (signed in
 * again shortly before `expires_in` runs out, and once after a 401), the `{error: {code, message, details}}`
 * envelope as typed `BackendError`s (the server's `details`, e.g. which node failed validation, kept in
 * `error.details.server`), 429 waits from `X-RateLimit-Reset`, one retry of a GET after a network failure.
 */
import { BackendError } from '../types';
import { fetchJson, fetchResponse, sleep, retryAfterOf, type FetchLike, type ServerErrorInfo } from '../transport';

export interface TokenStore {
  get(): StoredToken | null;
  set(value: StoredToken | null): void;
}

export interface StoredToken {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
  /** `expires_in` as ms, so a short-lived token is renewed half-way rather than a minute before. */
  lifetimeMs?: number;
}

export function memoryTokenStore(): TokenStore {
  let v: StoredToken | null = null;
  return { get: () => v, set: (next) => void (v = next) };
}

export interface AmwClientOptions {
  /** `http://host:port`, `.../api` or `.../api/v1`. */
  baseUrl: string;
  username: string;
  /** Absent when the user chose not to keep it: `askPassword` is asked when a sign-in is needed. */
  password?: string;
  /** `problem`: why the previous answer was refused (the server's message). Null: the user cancelled. */
  askPassword?: (problem?: string) => Promise<string | null>;
  /** `/api` (default: "the latest version") or `/api/v1`. Ignored when `baseUrl` already ends in one. */
  apiPrefix?: string;
  tokens?: TokenStore;
  /** Sign in again this long before the token expires (default 60 s). */
  renewBeforeMs?: number;
  fetch?: FetchLike;
  timeoutMs?: number;
  rateLimit?: { maxRetries: number; maxWaitMs: number };
}

type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions<T> {
  method?: string;
  body?: unknown;
  query?: Query;
  parse?: (raw: unknown) => T;
  signal?: AbortSignal;
  timeoutMs?: number;
}

const SERVER_CODES: Record<string, BackendError['code']> = {
  invalid_input: 'invalid',
  invalid_credentials: 'unauthorized',
  unauthorized: 'unauthorized',
  token_expired: 'unauthorized',
  forbidden: 'forbidden',
  not_found: 'not-found',
  rate_limit_exceeded: 'rate-limited',
  internal_error: 'internal',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads `{error: {code, message, details}}`; other bodies fall back to the status. */
export function describeAmwError(body: unknown): ServerErrorInfo | undefined {
  if (!isRecord(body) || !isRecord(body.error)) return typeof body === 'string' && body.trim() ? { message: body.trim().slice(0, 500) } : undefined;
  const e = body.error;
  const code = typeof e.code === 'string' || typeof e.code === 'number' ? e.code : undefined;
  const info: ServerErrorInfo = { message: typeof e.message === 'string' ? e.message : undefined, code, details: e.details };
  const mapped = typeof code === 'string' ? SERVER_CODES[code] : undefined;
  if (mapped) info.errorCode = mapped;
  return info;
}

/**
 * The document's 429 carries `X-RateLimit-Reset` (epoch seconds), not `Retry-After`; this turns one into the
 * other so the shared transport reports the wait (`retryAfterOf`).
 */
function withRateLimitWait(inner: FetchLike): FetchLike {
  return async (input, init) => {
    const res = await inner(input, init);
    if (res.status !== 429 || res.headers.has('retry-after')) return res;
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    if (!Number.isFinite(reset) || reset <= 0) return res;
    // Epoch seconds in the document's example; a small number is read as "seconds from now".
    const waitMs = reset > 1e9 ? Math.max(0, reset * 1000 - Date.now()) : reset * 1000;
    const headers = new Headers(res.headers);
    headers.set('retry-after', String(Math.ceil(waitMs / 1000)));
    return new Response(await res.arrayBuffer(), { status: res.status, statusText: res.statusText, headers });
  };
}

/** `http://h:1/api/v1/` -> { origin+path prefix } */
export function apiRoot(baseUrl: string, apiPrefix = '/api'): string {
  const trimmed = baseUrl.trim().replace(/\/+$/, '');
  if (/\/api(\/v\d+)?$/.test(trimmed)) return trimmed;
  return `${trimmed}${apiPrefix}`;
}

/**
 * The envelope's `details` (which node failed validation: `{"nodes[1].type": "未知的节点类型: x"}`) put
 * into the message, which is what the UI shows; the error is otherwise the same.
 */
export function withDetailsInMessage(e: BackendError): BackendError {
  const server = isRecord(e.details) ? e.details.server : undefined;
  if (!isRecord(server) || Object.keys(server).length === 0) return e;
  const facts = Object.entries(server)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('; ');
  const text = facts.length > 500 ? `${facts.slice(0, 499)}…` : facts;
  return new BackendError(e.code, `${e.message} Details: ${text}`, {
    retryable: e.retryable,
    serverMessage: e.serverMessage,
    serverCode: e.serverCode,
    details: e.details,
    current: e.current,
    cause: e,
  });
}

/** Times a refused, asked-for password is asked again before the sign-in fails. */
const MAX_ASKS = 3;

export class AmwClient {
  readonly root: string;
  private readonly fetchFn: FetchLike;
  private readonly tokens: TokenStore;
  private signingIn: Promise<string> | null = null;

  constructor(private readonly opts: AmwClientOptions) {
    this.root = apiRoot(opts.baseUrl, opts.apiPrefix);
    this.fetchFn = withRateLimitWait(opts.fetch ?? ((i, init) => fetch(i, init)));
    this.tokens = opts.tokens ?? memoryTokenStore();
  }

  get username(): string {
    return this.opts.username;
  }

  url(path: string, query?: Query): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) q.set(k, String(v));
    const s = q.toString();
    return `${this.root}${path}${s ? `?${s}` : ''}`;
  }

  /**
   * Signs in with the stored password, or one asked for (asked again, with the server's reason, while the
   * server refuses it; at most `MAX_ASKS` times). The token is kept until shortly before it expires.
   */
  async signIn(signal?: AbortSignal): Promise<string> {
    if (this.opts.password || !this.opts.askPassword) return this.signInWith(this.opts.password, signal);
    let problem: string | undefined;
    for (let ask = 1; ; ask++) {
      const password = (await this.opts.askPassword(problem)) ?? undefined;
      try {
        return await this.signInWith(password, signal);
      } catch (e) {
        const refused = e instanceof BackendError && e.code === 'unauthorized' && password !== undefined;
        if (!refused || ask >= MAX_ASKS) throw e;
        problem = e.serverMessage ?? e.message;
      }
    }
  }

  private async signInWith(password: string | undefined, signal?: AbortSignal): Promise<string> {
    if (!password) {
      throw new BackendError('unauthorized', 'Signing in to AutoMaticWorker needs the password, which is not kept. Enter it to continue.', {
        details: { needsPassword: true },
      });
    }
    const answer = await fetchJson(this.url('/auth/token'), {
      method: 'POST',
      body: { username: this.opts.username, password },
      fetch: this.fetchFn,
      describeError: describeAmwError,
      timeoutMs: this.opts.timeoutMs,
      signal,
      parse: (raw) => {
        if (!isRecord(raw) || typeof raw.access_token !== 'string') throw new Error('no access_token in the answer');
        return { token: raw.access_token, expiresIn: typeof raw.expires_in === 'number' ? raw.expires_in : 3600 };
      },
    });
    this.tokens.set({ token: answer.token, expiresAt: Date.now() + answer.expiresIn * 1000, lifetimeMs: answer.expiresIn * 1000 });
    return answer.token;
  }

  signOut(): void {
    this.tokens.set(null);
  }

  tokenExpiresAt(): number | null {
    return this.tokens.get()?.expiresAt ?? null;
  }

  private async token(signal?: AbortSignal): Promise<string> {
    const t = this.tokens.get();
    const margin = Math.min(this.opts.renewBeforeMs ?? 60_000, (t?.lifetimeMs ?? Infinity) / 2);
    if (t && t.expiresAt - margin > Date.now()) return t.token;
    // One sign-in at a time: concurrent requests share it.
    this.signingIn ??= this.signIn(signal).finally(() => (this.signingIn = null));
    return this.signingIn;
  }

  /** One authorised response (2xx), with the sign-in, 429 and GET retry rules. */
  async response(path: string, opts: RequestOptions<unknown> = {}): Promise<Response> {
    return this.withRetries(opts, (token) =>
      fetchResponse(this.url(path, opts.query), {
        method: opts.method,
        body: opts.body,
        headers: { authorization: `Bearer ${token}` },
        fetch: this.fetchFn,
        describeError: describeAmwError,
        signal: opts.signal,
        timeoutMs: opts.timeoutMs ?? this.opts.timeoutMs,
      }),
    );
  }

  async json<T = unknown>(path: string, opts: RequestOptions<T> = {}): Promise<T> {
    return this.withRetries(opts, (token) =>
      fetchJson<T>(this.url(path, opts.query), {
        method: opts.method,
        body: opts.body,
        headers: { authorization: `Bearer ${token}` },
        fetch: this.fetchFn,
        describeError: describeAmwError,
        parse: opts.parse,
        signal: opts.signal,
        timeoutMs: opts.timeoutMs ?? this.opts.timeoutMs,
      }),
    );
  }

  private async withRetries<T>(opts: { method?: string; signal?: AbortSignal }, send: (token: string) => Promise<T>): Promise<T> {
    const limits = this.opts.rateLimit ?? { maxRetries: 2, maxWaitMs: 15_000 };
    const isGet = (opts.method ?? 'GET') === 'GET';
    let reauthed = false;
    let waits = 0;
    let networkRetried = false;
    for (;;) {
      const token = await this.token(opts.signal);
      try {
        return await send(token);
      } catch (e) {
        if (!(e instanceof BackendError)) throw e;
        if (e.code === 'unauthorized' && !reauthed) {
          reauthed = true;
          this.tokens.set(null);
          continue;
        }
        if (e.code === 'rate-limited' && waits < limits.maxRetries) {
          const wait = retryAfterOf(e) ?? 1000;
          if (wait <= limits.maxWaitMs) {
            waits += 1;
            await sleep(wait, opts.signal);
            continue;
          }
        }
        if (isGet && e.code === 'network' && !networkRetried) {
          networkRetried = true;
          continue;
        }
        throw withDetailsInMessage(e);
      }
    }
  }
}
