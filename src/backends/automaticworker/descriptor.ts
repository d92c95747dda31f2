/**
 * The AutoMaticWorker backend kind. Small and loaded with the first page; the adapter is imported on
 * `create`. The password is a secret setting (sessionStorage only); leaving it empty means "ask me": the
 * adapter then fails a sign-in with `unauthorized` + `details.needsPassword`, and the token it got is kept in
 * the connection's secret store until shortly before it expires.
 */
import type { BackendContext, BackendDescriptor, ConnectionSettings, ConnectionTestResult, SecretStore } from '../descriptor';
import type { AmwAdapter, AmwAdapterOptions } from './adapter';
import type { StoredToken, TokenStore } from './client';
import { AMW_DIALECT } from './mapping';
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

function optionsFrom(settings: ConnectionSettings, ctx: BackendContext): AmwAdapterOptions {
  const str = (k: string) => (typeof settings[k] === 'string' ? (settings[k] as string) : '');
  const opts: AmwAdapterOptions = {
    id: `${AMW_DIALECT}:${ctx.connectionId}`,
    label: str('name') || 'AutoMaticWorker',
    baseUrl: str('baseUrl'),
    username: str('username'),
    tokens: secretTokenStore(ctx.secrets),
    runMode: settings.runMode === 'sync' ? 'sync' : 'async',
  };
  const password = str('password');
  if (password) opts.password = password;
  if (settings.apiVersion === 'v1') opts.apiPrefix = '/api/v1';
  return opts;
}

async function load(): Promise<typeof import('./adapter')> {
  return import('./adapter');
}

export const automaticworkerDescriptor: BackendDescriptor = {
  kind: AMW_DIALECT,
  label: { text: 'AutoMaticWorker', en: 'AutoMaticWorker' },
  description: {
    text: '以节点和连线编辑 AutoMaticWorker 流程，同步或异步执行，导出 Python。',
    en: 'Edit AutoMaticWorker flows as nodes and edges, run them sync or async, export Python.',
  },
  // A gear with a play triangle: automation that runs.
  icon: 'M12 2l1.8 2.6 3.1-.6.6 3.1L20 8.9 18.7 12l1.3 3.1-2.5 1.8-.6 3.1-3.1-.6L12 22l-1.8-2.6-3.1.6-.6-3.1L4 15.1 5.3 12 4 8.9l2.5-1.8.6-3.1 3.1.6L12 2zm-2 6v8l6-4-6-4z',
  settings: {
    type: 'object',
    properties: {
      name: { type: 'string', title: 'Name', default: 'AutoMaticWorker' },
      baseUrl: { type: 'string', format: 'uri', title: 'Server address', description: 'http://host:port, or …/api, …/api/v1' },
      username: { type: 'string', title: 'Username' },
      password: { type: 'string', title: 'Password', description: 'Kept in this tab only; leave empty to be asked when signing in.' },
      runMode: { type: 'string', title: 'Run mode', enum: ['async', 'sync'], default: 'async' },
      apiVersion: { type: 'string', title: 'API path', enum: ['latest', 'v1'], default: 'latest' },
    },
    required: ['baseUrl', 'username'],
  },
  secretSettings: ['password'],
  identitySettings: ['baseUrl', 'username', 'apiVersion'],
  validateSettings(settings) {
    const problems: Record<string, string> = {};
    const url = typeof settings.baseUrl === 'string' ? settings.baseUrl.trim() : '';
    if (!/^https?:\/\/[^/\s]+/i.test(url)) problems.baseUrl = 'backend-automaticworker:settings.badUrl';
    if (typeof settings.username !== 'string' || settings.username.trim() === '') problems.username = 'backend-automaticworker:settings.needUsername';
    return problems;
  },
  async create(settings, ctx) {
    const { createAmwAdapter } = await load();
    return createAmwAdapter(optionsFrom(settings, ctx));
  },
  async testConnection(settings, ctx): Promise<ConnectionTestResult> {
    const { createAmwAdapter } = await load();
    const adapter = createAmwAdapter(optionsFrom(settings, ctx));
    const t0 = Date.now();
    try {
      await adapter.signIn();
    } catch (e) {
      const stage = (e as { code?: string }).code === 'unauthorized' || (e as { code?: string }).code === 'invalid' ? 'auth' : 'reach';
      return { ok: false, latencyMs: Date.now() - t0, stage, error: e };
    }
    try {
      const modules = await adapter.listModules();
      return { ok: true, latencyMs: Date.now() - t0, summary: `AutoMaticWorker · ${modules.length} node types · ${adapter.client.root}` };
    } catch (e) {
      return { ok: false, latencyMs: Date.now() - t0, stage: 'reach', error: e };
    }
  },
  async describe(adapter) {
    const a = adapter as AmwAdapter;
    const modules = await a.listModules();
    const expires = a.client.tokenExpiresAt();
    return [
      {
        title: { text: '服务器', en: 'Server' },
        rows: [
          { label: { text: 'API 地址', en: 'API address' }, value: a.client.root },
          { label: { text: '用户', en: 'User' }, value: a.client.username },
          { label: { text: '令牌到期', en: 'Token expires' }, value: expires ? new Date(expires).toISOString() : '—' },
          { label: { text: '节点类型', en: 'Node types' }, value: String(modules.length) },
        ],
      },
    ];
  },
  referenceSyntax: automaticworkerSyntax,
};
