/**
 * The vFlow HTTP client: base URL, token lifecycle, the `{code, message, data, details}` envelope, error codes,
 * rate limits, validation. Every adapter call goes through `request`.
 *
 * Tokens: obtained with POST /auth/token (deviceId, deviceName), refreshed with POST /auth/refresh shortly before
 * they expire, and once more when the server answers 6002 (the request is then retried once). They only ever
 * travel in the Authorization header: never in URLs, error messages, logs or exported data. They live in the
 * `tokenStore` (memory by default) and in this closure.
 */
import type { z } from 'zod';
import { errorFromStatus, fetchResponse, sleep, type FetchLike, type ServerErrorInfo } from '../transport';
import { BackendError } from '../types';
import { errorCodeForVflow } from './errors';
import { envelopeSchema, refreshDataSchema, tokenDataSchema, verifyDataSchema } from './schemas';

export interface VflowTokens {
  token: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
  /** Epoch ms from which it is refreshed before use. */
  refreshAt: number;
}

/** Where tokens are kept between calls (and sessions, if the app persists them). */
export interface VflowTokenStore {
  load(): VflowTokens | null | Promise<VflowTokens | null>;
  save(tokens: VflowTokens): void | Promise<void>;
  clear(): void | Promise<void>;
}

export function memoryTokenStore(initial: VflowTokens | null = null): VflowTokenStore {
  let t = initial;
  return {
    load: () => t,
    save: (n) => {
      t = n;
    },
    clear: () => {
      t = null;
    },
  };
}

export interface VflowClientOptions {
  /** `http://<device-ip>:8080` or `http://<device-ip>:8080/api/v1`. */
  baseUrl: string;
  deviceId?: string;
  deviceName?: string;
  tokenStore?: VflowTokenStore;
  fetch?: FetchLike;
  /** Per request, default 30 s. */
  timeoutMs?: number;
  /** Obtain a token on first use (and again after a 6001), default true. `revoke()` turns it off until `connect()`. */
  autoConnect?: boolean;
  /** Refresh this long before expiry (capped at a fifth of the token's lifetime). Default 60 s. */
  refreshSkewMs?: number;
  /**
   * 429 handling: wait until X-RateLimit-Reset and retry, at most `maxRetries` times and `maxWaitMs` per wait.
   * Before a 429: `X-RateLimit-Remaining` of the last answer in the same endpoint class (auth, execute, query,
   * modify: the document's table) is honoured. A `background` request (run polling) waits for the window's reset
   * once `backgroundReserve` (default 10) or fewer requests are left, so the user's own requests still go
   * through; any request waits (up to `maxWaitMs`) once none is left.
   */
  rateLimit?: { maxRetries?: number; maxWaitMs?: number; backgroundReserve?: number };
  /** Retries of idempotent GETs after a network error or a 503, default 1. */
  getRetries?: number;
}

export interface RequestOptions<T> {
  query?: Record<string, string | number | boolean | null | undefined>;
  body?: unknown;
  schema?: z.ZodType<T>;
  /** Default true; the token and health endpoints are called without. */
  auth?: boolean;
  signal?: AbortSignal;
  /** Polling and other requests nobody waits for: they leave the last of the rate limit to the user. */
  background?: boolean;
  /** Told when this request waits for a rate-limit window to reset (the run panel says so). */
  onRateLimitWait?: (wait: RateLimitWait) => void;
}

export interface RateLimitWait {
  /** Epoch ms the request waits until. */
  until: number;
  /** The document's endpoint class. */
  kind: RateLimitKind;
  limit: number | null;
}

/** The document's rate-limit classes: authentication, workflow execution, query, modify. */
export type RateLimitKind = 'auth' | 'execute' | 'query' | 'modify';

/** Which class a request counts against (the document names classes, not paths: our reading). */
export function rateLimitKindOf(method: string, path: string): RateLimitKind {
  if (path.startsWith('/auth/')) return 'auth';
  if (method === 'POST' && /\/execute$/.test(path)) return 'execute';
  return method === 'GET' ? 'query' : 'modify';
}

/**
 * A failure after the request was sent and answered (headers arrived) but before its body could be read: a
 * write may well have landed. `details.responseBroken` tells the adapter to find out rather than guess.
 */
export function isBrokenResponse(e: unknown): boolean {
  return e instanceof BackendError && isRecord(e.details) && e.details.responseBroken === true;
}

export interface BinaryResult {
  data: Uint8Array;
  contentType: string;
  filename: string | null;
}

export interface ConnectResult {
  deviceInfo: Record<string, unknown>;
  expiresIn: number;
}

export interface VerifyResult {
  valid: boolean;
  deviceInfo: Record<string, unknown>;
  /** Epoch ms (the document's value is seconds; converted). */
  expiresAt: number | null;
}

function normalizeBase(baseUrl: string): string {
  let b = baseUrl.trim().replace(/\/+$/, '');
  if (!/^https?:\/\//i.test(b)) throw new BackendError('invalid', `The vFlow address must start with http:// or https:// (got "${baseUrl}").`);
  if (!/\/api\/v1$/.test(b)) b = `${b}/api/v1`;
  return b;
}

function randomId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `flowbench-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** X-RateLimit-Reset as epoch ms: epoch ms (the document), epoch seconds, or seconds from now. */
export function parseRateLimitReset(v: string | null | undefined, now = Date.now()): number | undefined {
  if (!v) return undefined;
  const n = Number(v.trim());
  if (!Number.isFinite(n) || n < 0) return undefined;
  if (n > 1e11) return n;
  if (n > 1e8) return n * 1000;
  return now + n * 1000;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function issuesText(e: unknown): string {
  if (isRecord(e) && Array.isArray(e.issues)) {
    return (e.issues as Array<{ path?: unknown[]; message?: string }>)
      .slice(0, 5)
      .map((i) => `${(i.path ?? []).map(String).join('.') || '(root)'}: ${i.message ?? '?'}`)
      .join('; ');
  }
  return e instanceof Error ? e.message : String(e);
}

export class VflowClient {
  readonly apiBase: string;
  readonly deviceId: string;
  readonly deviceName: string;
  private readonly store: VflowTokenStore;
  private readonly opts: VflowClientOptions;
  private refreshing: Promise<VflowTokens> | null = null;
  private connecting: Promise<VflowTokens> | null = null;
  private loggedOut = false;
  private lastDeviceInfo: Record<string, unknown> = {};
  /** The last `X-RateLimit-*` seen per class. */
  private readonly budget = new Map<RateLimitKind, { limit: number | null; remaining: number; resetAt: number }>();

  constructor(opts: VflowClientOptions) {
    this.opts = opts;
    this.apiBase = normalizeBase(opts.baseUrl);
    this.deviceId = opts.deviceId ?? randomId();
    this.deviceName = opts.deviceName ?? 'Flowbench';
    this.store = opts.tokenStore ?? memoryTokenStore();
  }

  /** No token material, ever: this is what `JSON.stringify(client)` and loggers see. */
  toJSON(): Record<string, unknown> {
    return { apiBase: this.apiBase, deviceId: this.deviceId, deviceName: this.deviceName };
  }

  get deviceInfo(): Record<string, unknown> {
    return { ...this.lastDeviceInfo };
  }

  private tokensFrom(token: string, refreshToken: string, expiresIn: number): VflowTokens {
    const now = Date.now();
    const life = expiresIn * 1000;
    const skew = Math.min(this.opts.refreshSkewMs ?? 60_000, life / 5);
    return { token, refreshToken, expiresAt: now + life, refreshAt: now + life - skew };
  }

  /** POST /auth/token: a fresh token pair for this device. */
  async connect(signal?: AbortSignal): Promise<ConnectResult> {
    this.loggedOut = false;
    const r = await this.tokenRequest(signal);
    return r;
  }

  private async tokenRequest(signal?: AbortSignal): Promise<ConnectResult> {
    const run = async (): Promise<VflowTokens & { info: ConnectResult }> => {
      const { data } = await this.raw('POST', '/auth/token', {
        auth: false,
        body: { deviceId: this.deviceId, deviceName: this.deviceName, timestamp: Date.now() },
        schema: tokenDataSchema,
        signal,
      });
      const t = this.tokensFrom(data.token, data.refreshToken, data.expiresIn);
      await this.store.save(t);
      this.lastDeviceInfo = data.deviceInfo ?? {};
      return { ...t, info: { deviceInfo: data.deviceInfo ?? {}, expiresIn: data.expiresIn } };
    };
    const p = run();
    this.connecting = p;
    try {
      return (await p).info;
    } finally {
      if (this.connecting === p) this.connecting = null;
    }
  }

  async isConnected(): Promise<boolean> {
    const t = await this.store.load();
    return !!t && t.expiresAt > Date.now();
  }

  /** GET /auth/verify. */
  async verify(signal?: AbortSignal): Promise<VerifyResult> {
    const { data } = await this.request('GET', '/auth/verify', { schema: verifyDataSchema, signal });
    const exp = data.expiresAt;
    if (data.deviceInfo) this.lastDeviceInfo = data.deviceInfo;
    return { valid: data.valid, deviceInfo: data.deviceInfo ?? {}, expiresAt: exp === undefined ? null : exp < 1e11 ? exp * 1000 : exp };
  }

  /** POST /auth/revoke, then forget the tokens. Auto-connect stays off until `connect()`. */
  async revoke(signal?: AbortSignal): Promise<void> {
    const t = await this.store.load();
    this.loggedOut = true;
    try {
      if (t) await this.raw('POST', '/auth/revoke', { auth: false, headers: { authorization: `Bearer ${t.token}` }, signal });
    } catch (e) {
      // An already invalid token is as good as revoked.
      if (!(e instanceof BackendError && e.code === 'unauthorized')) throw e;
    } finally {
      await this.store.clear();
    }
  }

  /** POST /auth/refresh with the refresh token. One refresh at a time; concurrent callers share it. */
  async refresh(signal?: AbortSignal): Promise<VflowTokens> {
    if (this.refreshing) return this.refreshing;
    const run = async (): Promise<VflowTokens> => {
      const cur = await this.store.load();
      if (!cur) return this.obtain(signal);
      try {
        const { data } = await this.raw('POST', '/auth/refresh', {
          auth: false,
          headers: { authorization: `Bearer ${cur.refreshToken}` },
          schema: refreshDataSchema,
          signal,
        });
        const t = this.tokensFrom(data.token, data.refreshToken ?? cur.refreshToken, data.expiresIn);
        await this.store.save(t);
        return t;
      } catch (e) {
        if (e instanceof BackendError && e.code === 'unauthorized') {
          await this.store.clear();
          return this.obtain(signal);
        }
        throw e;
      }
    };
    this.refreshing = run();
    try {
      return await this.refreshing;
    } finally {
      this.refreshing = null;
    }
  }

  /** A token: stored, or (auto-connect) a new one. */
  private async obtain(signal?: AbortSignal): Promise<VflowTokens> {
    const t = await this.store.load();
    if (t) return t;
    if (this.opts.autoConnect === false || this.loggedOut) {
      throw new BackendError('unauthorized', 'Not connected to vFlow: connect first (the device issues a token for this browser).');
    }
    if (this.connecting) await this.connecting;
    else await this.tokenRequest(signal);
    const n = await this.store.load();
    if (!n) throw new BackendError('unauthorized', 'vFlow did not issue a token.');
    return n;
  }

  private async currentToken(signal?: AbortSignal): Promise<VflowTokens> {
    let t = await this.obtain(signal);
    if (Date.now() >= t.refreshAt) t = await this.refresh(signal);
    return t;
  }

  /** An authenticated API call; returns `data` validated by `schema`. */
  async request<T = unknown>(method: string, path: string, opts: RequestOptions<T> = {}): Promise<{ data: T; message: string }> {
    if (opts.auth === false) return this.raw(method, path, opts);
    let t = await this.currentToken(opts.signal);
    try {
      return await this.raw(method, path, { ...opts, headers: { authorization: `Bearer ${t.token}` } });
    } catch (e) {
      if (!(e instanceof BackendError) || e.code !== 'unauthorized') throw e;
      const latest = await this.store.load();
      if (latest && latest.token !== t.token) {
        // Someone refreshed meanwhile: retry with the new token.
        t = latest;
      } else if (e.serverCode === 6002) {
        t = await this.refresh(opts.signal);
      } else if (this.opts.autoConnect !== false && !this.loggedOut) {
        await this.store.clear();
        t = await this.obtain(opts.signal);
      } else {
        await this.store.clear();
        throw e;
      }
      return this.raw(method, path, { ...opts, headers: { authorization: `Bearer ${t.token}` } });
    }
  }

  /** An authenticated call whose answer is a file (ZIP export). */
  async requestBinary(method: string, path: string, opts: Omit<RequestOptions<never>, 'schema'> = {}): Promise<BinaryResult> {
    const call = async (token: string): Promise<BinaryResult> => {
      const { res, body: buf } = await this.send(method, path, { ...opts, headers: { authorization: `Bearer ${token}` } }, async (r) => new Uint8Array(await r.arrayBuffer()));
      const contentType = res.headers.get('content-type') ?? 'application/octet-stream';
      if (contentType.includes('json')) {
        // An envelope rather than a file: an error, or a JSON export.
        this.parseEnvelope(new TextDecoder().decode(buf), res.status, method, path, undefined);
      }
      const disp = res.headers.get('content-disposition') ?? '';
      const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disp);
      return { data: buf, contentType, filename: m?.[1] ? decodeURIComponent(m[1]) : null };
    };
    const t = await this.currentToken(opts.signal);
    try {
      return await call(t.token);
    } catch (e) {
      if (e instanceof BackendError && e.serverCode === 6002) return call((await this.refresh(opts.signal)).token);
      throw e;
    }
  }

  private url(path: string, query?: RequestOptions<unknown>['query']): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null) q.set(k, String(v));
    const qs = q.toString();
    return `${this.apiBase}${path}${qs ? `?${qs}` : ''}`;
  }

  /**
   * How a background request (run polling) should pace itself now: once half of the window's budget is used,
   * spread what is left (minus the reserve) over the rest of the window; with nothing left, wait for the reset.
   */
  backgroundPace(method: string, path: string): { spreadMs: number; resetWait: RateLimitWait | null } {
    const kind = rateLimitKindOf(method, path);
    const b = this.budget.get(kind);
    const now = Date.now();
    if (!b || b.resetAt <= now) return { spreadMs: 0, resetWait: null };
    const usable = b.remaining - (this.opts.rateLimit?.backgroundReserve ?? 10);
    if (usable <= 0) return { spreadMs: 0, resetWait: { until: b.resetAt + 25, kind, limit: b.limit } };
    if (b.limit !== null && b.remaining > b.limit / 2) return { spreadMs: 0, resetWait: null };
    return { spreadMs: (b.resetAt - now) / usable, resetWait: null };
  }

  /** The last `X-RateLimit-*` seen for a class, if its window has not reset since. */
  rateLimitState(kind: RateLimitKind): { limit: number | null; remaining: number; resetAt: number } | null {
    const b = this.budget.get(kind);
    return b && b.resetAt > Date.now() ? { ...b } : null;
  }

  /** Records the rate-limit headers of an answer, error or not. */
  private noteBudget(kind: RateLimitKind, res: Response): void {
    const remaining = Number(res.headers.get('x-ratelimit-remaining'));
    const resetAt = parseRateLimitReset(res.headers.get('x-ratelimit-reset'));
    if (!res.headers.has('x-ratelimit-remaining') || !Number.isFinite(remaining) || resetAt === undefined) return;
    const limit = Number(res.headers.get('x-ratelimit-limit'));
    this.budget.set(kind, { limit: Number.isFinite(limit) && res.headers.has('x-ratelimit-limit') ? limit : null, remaining, resetAt });
  }

  /** Waits for the window's reset when the last answer said the budget is (nearly) spent. */
  private async honourBudget(kind: RateLimitKind, opts: RequestOptions<unknown>): Promise<void> {
    const b = this.budget.get(kind);
    if (!b) return;
    const now = Date.now();
    if (b.resetAt <= now) {
      this.budget.delete(kind);
      return;
    }
    const reserve = opts.background ? (this.opts.rateLimit?.backgroundReserve ?? 10) : 0;
    if (b.remaining > reserve) {
      b.remaining--;
      return;
    }
    const wait = b.resetAt - now + 25;
    if (!opts.background && wait > (this.opts.rateLimit?.maxWaitMs ?? 15_000)) return;
    opts.onRateLimitWait?.({ until: b.resetAt + 25, kind, limit: b.limit });
    await sleep(wait, opts.signal);
    this.budget.delete(kind);
  }

  /**
   * One HTTP exchange with rate-limit waits and GET retries; throws BackendError for any non-2xx. Reading the
   * body is part of the exchange: a GET whose body breaks is retried like one that could not connect; any other
   * request whose body breaks fails with `details.responseBroken` (it may have landed).
   */
  private async send<B>(
    method: string,
    path: string,
    opts: RequestOptions<unknown> & { headers?: Record<string, string> },
    read: (res: Response) => Promise<B>,
  ): Promise<{ res: Response; body: B }> {
    const url = this.url(path, opts.query);
    const kind = rateLimitKindOf(method, path);
    const maxRetries = this.opts.rateLimit?.maxRetries ?? 2;
    const maxWait = this.opts.rateLimit?.maxWaitMs ?? 15_000;
    let getRetries = method === 'GET' ? (this.opts.getRetries ?? 1) : 0;
    for (let attempt = 0; attempt <= maxRetries + 3; attempt++) {
      let resetAt: number | undefined;
      const describeError = (body: unknown, res: Response): ServerErrorInfo => {
        this.noteBudget(kind, res);
        resetAt = parseRateLimitReset(res.headers.get('x-ratelimit-reset'));
        return this.describe(body, res.status, resetAt);
      };
      try {
        await this.honourBudget(kind, opts);
        const res = await fetchResponse(url, {
          method,
          headers: opts.headers,
          body: opts.body,
          timeoutMs: this.opts.timeoutMs,
          signal: opts.signal,
          fetch: this.opts.fetch,
          describeError,
        });
        this.noteBudget(kind, res);
        let body: B;
        try {
          body = await read(res);
        } catch (e) {
          if (opts.signal?.aborted) throw new BackendError('cancelled', `The request was cancelled (${method} ${path}).`, { cause: e });
          throw new BackendError('network', `The connection to vFlow broke while reading the answer to ${method} ${path}.`, {
            cause: e,
            details: { url: path, status: res.status, responseBroken: true },
          });
        }
        return { res, body };
      } catch (e) {
        if (!(e instanceof BackendError)) throw e;
        if (e.code === 'rate-limited' && attempt < maxRetries) {
          const server = isRecord(e.details) && isRecord(e.details.server) ? e.details.server : {};
          const at = resetAt ?? (typeof server.resetAt === 'number' ? server.resetAt : undefined);
          const wait = at === undefined ? 1000 * 2 ** attempt : Math.max(0, at - Date.now()) + 25;
          if (wait <= maxWait || opts.background) {
            opts.onRateLimitWait?.({ until: Date.now() + wait, kind, limit: this.budget.get(kind)?.limit ?? null });
            await sleep(wait, opts.signal);
            continue;
          }
        }
        if ((e.code === 'network' || e.code === 'unavailable') && getRetries > 0) {
          getRetries--;
          await sleep(200, opts.signal);
          continue;
        }
        throw e;
      }
    }
    throw new BackendError('rate-limited', `vFlow kept refusing ${method} ${path}: rate limit exceeded.`);
  }

  private describe(body: unknown, status: number, resetAt?: number): ServerErrorInfo {
    if (isRecord(body) && typeof body.code === 'number') {
      const code = body.code;
      const info: ServerErrorInfo = {
        message: typeof body.message === 'string' ? body.message : undefined,
        code,
        errorCode: errorCodeForVflow(code, status),
      };
      const details = isRecord(body.details) ? { ...body.details } : body.details;
      if (resetAt !== undefined) info.details = { ...(isRecord(details) ? details : details === undefined ? {} : { details }), resetAt };
      else if (details !== undefined) info.details = details;
      return info;
    }
    return { message: typeof body === 'string' ? body.slice(0, 500) : undefined, details: resetAt === undefined ? undefined : { resetAt } };
  }

  private parseEnvelope<T>(text: string, status: number, method: string, path: string, schema: z.ZodType<T> | undefined): { data: T; message: string } {
    const where = `${method} ${path}`;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new BackendError('internal', `vFlow answered ${where} with something that is not JSON: ${text.slice(0, 120)}`, { cause: e, details: { status } });
    }
    const env = envelopeSchema.safeParse(json);
    if (!env.success) {
      throw new BackendError('internal', `vFlow answered ${where} without the {code, message, data} envelope: ${issuesText(env.error)}`, { details: { status } });
    }
    const { code, message, data, details } = env.data;
    if (code !== 0) {
      throw errorFromStatus(status, {
        url: path,
        method,
        server: { message: message ?? undefined, code, details, errorCode: errorCodeForVflow(code, status) ?? 'internal' },
      });
    }
    if (!schema) return { data: data as T, message: message ?? '' };
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      throw new BackendError('internal', `vFlow answered ${where} in an unexpected shape: ${issuesText(parsed.error)}`, { details: { status } });
    }
    return { data: parsed.data, message: message ?? '' };
  }

  private async raw<T>(
    method: string,
    path: string,
    opts: RequestOptions<T> & { headers?: Record<string, string> },
  ): Promise<{ data: T; message: string }> {
    const { res, body } = await this.send(method, path, opts as RequestOptions<unknown> & { headers?: Record<string, string> }, (r) => r.text());
    return this.parseEnvelope(body, res.status, method, path, opts.schema);
  }
}
