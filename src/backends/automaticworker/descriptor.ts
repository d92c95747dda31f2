/**
 * The AutoMaticWorker backend kind. Small and loaded with the first page; the adapter is imported on
 * `create`. The password is a secret setting (sessionStorage only); leaving it empty means "ask me": the
 * adapter then fails a sign-in with `unauthorized` + `details.needsPassword`, and the token it got is kept in
 * the connection's secret store until shortly before it expires.
 */
import type { BackendContext, BackendDescriptor, ConnectionSettings, ConnectionTestResult, InfoSection, SecretStore } from '../descriptor';
import type { AmwAdapter, AmwAdapterOptions } from './adapter';
import type { StoredToken, TokenStore } from './client';
import { normalizeBaseUrl, urlProblem } from '../settings-checks';
import { AMW_DIALECT } from './kind';
import { automaticworkerSyntax } from './references';

const TOKEN_KEY = 'automaticworker.token';

/** The token in the connection's secret store, so a reload in the same tab does not sign in again. */
export function secretTokenStore(secrets: SecretStore): TokenStore {
  return {
    get() {
      const raw = secrets.get(TOKEN_KEY);
      if (!raw) return null;
      try {
        const v = JSON.parse(raw) as StoredToken;
        return typeof v.token === 'string' && typeof v.expiresAt === 'number' ? v : null;
      } catch {
        return null;
      }
    },
    set(v) {
      if (v) secrets.set(TOKEN_KEY, JSON.stringify(v));
      else secrets.delete(TOKEN_KEY);
    },
  };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Tuning the form does not show, taken from programmatic settings (scripts, contract tests) as given. */
const TUNING = ['pollIntervalMs', 'maxPollIntervalMs', 'pollBackoff', 'maxPollErrors', 'timeoutMs', 'rateLimit', 'listDetails', 'checkConflicts'] as const;

/** The adapter's options: plain settings, the password from the tab's secret store (when kept). */
export function amwOptions(settings: ConnectionSettings, ctx: BackendContext): AmwAdapterOptions {
  const opts: Record<string, unknown> = {
    id: `${AMW_DIALECT}:${ctx.connectionId}`,
    label: str(settings.name) || 'AutoMaticWorker',
    baseUrl: normalizeBaseUrl(settings.baseUrl),
    username: str(settings.username).trim(),
    tokens: secretTokenStore(ctx.secrets),
    runMode: settings.runMode === 'sync' ? 'sync' : 'async',
  };
  const password = ctx.secrets.get('password') ?? str(settings.password);
  if (password) opts.password = password;
  else if (ctx.askSecret) {
    const ask = ctx.askSecret.bind(ctx);
    const account = str(settings.username).trim();
    // Not kept: asked at each sign-in (the first, and each renewal before the token expires).
    opts.askPassword = (problem?: string) => ask({ setting: 'password', label: 'settings.password.title', account, ...(problem ? { problem } : {}) });
  }
  if (settings.apiVersion === 'v1') opts.apiPrefix = '/api/v1';
  for (const k of TUNING) if (settings[k] !== undefined) opts[k] = settings[k];
  return opts as unknown as AmwAdapterOptions;
}

async function load(): Promise<typeof import('./adapter')> {
  return import('./adapter');
}

export const automaticworkerDescriptor: BackendDescriptor = {
  kind: AMW_DIALECT,
  label: { text: 'AutoMaticWorker' },
  description: 'kind.description',
  // A gear with a play triangle: automation that runs.
  icon: 'M12 2l1.8 2.6 3.1-.6.6 3.1L20 8.9 18.7 12l1.3 3.1-2.5 1.8-.6 3.1-3.1-.6L12 22l-1.8-2.6-3.1.6-.6-3.1L4 15.1 5.3 12 4 8.9l2.5-1.8.6-3.1 3.1.6L12 2zm-2 6v8l6-4-6-4z',
  settings: {
    type: 'object',
    properties: {
      baseUrl: {
        type: 'string',
        format: 'uri',
        title: 'settings.baseUrl.title',
        description: 'settings.baseUrl.description',
        'x-placeholder': 'http://127.0.0.1:8795',
        'x-allow-references': false,
        'x-env': 'URL',
      },
      username: { type: 'string', title: 'settings.username.title', 'x-allow-references': false, 'x-env': 'USER' },
      password: { type: 'string', title: 'settings.password.title', description: 'settings.password.description', 'x-allow-references': false, 'x-env': 'PASSWORD' },
      runMode: { type: 'string', title: 'settings.runMode.title', description: 'settings.runMode.description', enum: ['async', 'sync'], default: 'async' },
      apiVersion: { type: 'string', title: 'settings.apiVersion.title', description: 'settings.apiVersion.description', enum: ['latest', 'v1'], default: 'latest' },
    },
    required: ['baseUrl', 'username'],
  },
  secretSettings: ['password'],
  identitySettings: ['baseUrl', 'username', 'apiVersion'],
  defaults: () => ({ baseUrl: '', username: '', runMode: 'async', apiVersion: 'latest' }),
  validateSettings(settings) {
    const problems: Record<string, string> = {};
    const url = urlProblem(settings.baseUrl);
    if (url) problems.baseUrl = `connections:form.problems.${url}`;
    if (str(settings.username).trim() === '') problems.username = 'settings.username.required';
    return problems;
  },
  async create(settings, ctx) {
    const { createAmwAdapter } = await load();
    return createAmwAdapter(amwOptions(settings, ctx));
  },
  async testConnection(settings, ctx): Promise<ConnectionTestResult> {
    const { createAmwAdapter } = await load();
    // A throwaway adapter: the test must not replace the connection's token.
    const probe: BackendContext = { ...ctx, secrets: scratchSecrets(ctx.secrets) };
    return createAmwAdapter(amwOptions(settings, probe)).session!.check();
  },
  async describe(adapter) {
    const a = adapter as AmwAdapter;
    const expires = a.client.tokenExpiresAt();
    const rows: InfoSection['rows'] = [
      { label: 'info.apiAddress', value: a.client.root },
      { label: 'info.user', value: a.client.username },
      { label: 'info.tokenExpires', value: expires ? new Date(expires).toISOString() : '—' },
    ];
    try {
      rows.push({ label: 'info.nodeTypes', value: String((await a.listModules()).length) });
      return [{ id: 'server', title: 'info.server', rows }];
    } catch (e) {
      return [{ id: 'server', title: 'info.server', rows, error: e }];
    }
  },
  referenceSyntax: automaticworkerSyntax,
};

/** Reads the connection's password, writes nowhere shared (a connection test's token is thrown away). */
function scratchSecrets(real: SecretStore): SecretStore {
  const mine = new Map<string, string | null>();
  return {
    get: (k) => (mine.has(k) ? mine.get(k)! : k === 'password' ? real.get(k) : null),
    set: (k, v) => void mine.set(k, v),
    delete: (k) => void mine.set(k, null),
  };
}
