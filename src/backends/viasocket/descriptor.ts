/**
 * The viaSocket backend kind. Two hosts (management API and run host), the `proxy_auth_token` header (the
 * flow.viasocket.com `prod` cookie, a secret kept in sessionStorage only) and, optionally, its `expire_at`
 * cookie so the connection can say when the token runs out. The adapter code loads lazily.
 */
import type { BackendDescriptor, ConnectionSettings, ConnectionTestResult } from '../descriptor';
import { BackendError, type BackendAdapter } from '../types';
import { viasocketSyntax } from '../../model/references/viasocket';
import type { Sandbox } from '../local/sandbox/types';

export const VIASOCKET_KIND = 'viasocket';

export interface ViasocketSettings {
  baseUrl: string;
  runUrl: string;
  token: string;
  /** Unix seconds (the `expire_at` cookie). */
  tokenExpireAt?: number;
  defaultProjectId?: string;
  elseSuffix?: string;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export function readSettings(settings: ConnectionSettings): ViasocketSettings {
  const expire = Number(settings.tokenExpireAt);
  return {
    baseUrl: str(settings.baseUrl) ?? 'https://flow-api.viasocket.com',
    runUrl: str(settings.runUrl) ?? 'https://flow.sokt.io',
    token: str(settings.token) ?? '',
    tokenExpireAt: Number.isFinite(expire) && expire > 0 ? expire : undefined,
    defaultProjectId: str(settings.defaultProjectId),
    elseSuffix: str(settings.elseSuffix),
  };
}

function urlProblem(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined; // the default host is used
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return 'form.problems.urlInvalid';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'form.problems.urlScheme';
  if (u.username || u.password) return 'form.problems.urlCredentials';
  if (u.search || u.hash) return 'form.problems.urlQuery';
  return undefined;
}

/** Whether the token's `expire_at` has passed (undefined: not known). */
export function tokenExpired(settings: ViasocketSettings, now = Date.now()): boolean | undefined {
  return settings.tokenExpireAt === undefined ? undefined : settings.tokenExpireAt * 1000 <= now;
}

let sandboxPromise: Promise<Sandbox> | null = null;

/** The local QuickJS sandbox for testing function steps, loaded on first use only (it is large). */
function browserSandbox(): Promise<Sandbox> {
  sandboxPromise ??= Promise.all([import('../local/sandbox/quickjs-sandbox'), import('../local/sandbox/loader-browser')]).then(([q, l]) =>
    q.createQuickJSSandbox({ loader: l.browserQuickJSLoader }),
  );
  sandboxPromise.catch(() => (sandboxPromise = null));
  return sandboxPromise;
}

async function makeAdapter(settings: ConnectionSettings, connectionId: string) {
  const s = readSettings(settings);
  if (!s.token) throw new BackendError('unauthorized', 'Paste the proxy_auth_token (the flow.viasocket.com "prod" cookie) to connect.');
  const { createViasocketAdapter } = await import('./adapter');
  return createViasocketAdapter({ ...s, connectionId, label: str(settings.name) ?? 'viaSocket', sandbox: browserSandbox });
}

export const viasocketDescriptor: BackendDescriptor = {
  kind: VIASOCKET_KIND,
  label: { text: 'viaSocket', en: 'viaSocket' },
  icon: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm-1 5h2v4h4v2h-4v4h-2v-4H7v-2h4z',
  description: { text: 'viaSocket 工作流：项目、脚本、步骤、发布与试运行', en: 'viaSocket flows: projects, scripts, steps, publish and dry runs' },
  settings: {
    type: 'object',
    properties: {
      baseUrl: { type: 'string', title: 'Management API', 'x-title-en': 'Management API', default: 'https://flow-api.viasocket.com', format: 'uri' },
      runUrl: { type: 'string', title: 'Run host', 'x-title-en': 'Run host', default: 'https://flow.sokt.io', format: 'uri' },
      token: { type: 'string', title: 'proxy_auth_token', description: 'The "prod" cookie of flow.viasocket.com', format: 'password' },
      tokenExpireAt: { type: 'number', title: 'Token expires at (expire_at cookie, Unix seconds)', 'x-advanced': true },
      defaultProjectId: { type: 'string', title: 'Project for new flows', 'x-advanced': true },
      elseSuffix: { type: 'string', title: 'ifBlock else-branch group suffix', default: '_else', 'x-advanced': true },
    },
    required: ['token'],
  },
  secretSettings: ['token'],
  identitySettings: ['baseUrl', 'runUrl'],
  validateSettings(settings) {
    const problems: Record<string, string> = {};
    const a = urlProblem(settings.baseUrl);
    const b = urlProblem(settings.runUrl);
    if (a) problems.baseUrl = a;
    if (b) problems.runUrl = b;
    return problems;
  },
  create(settings, ctx): Promise<BackendAdapter> {
    return makeAdapter(settings, ctx.connectionId);
  },
  async testConnection(settings, ctx): Promise<ConnectionTestResult> {
    const started = Date.now();
    const s = readSettings(settings);
    if (tokenExpired(s)) {
      return { ok: false, latencyMs: 0, stage: 'auth', error: new BackendError('unauthorized', 'The viaSocket token has expired (expire_at): paste a new one.', { serverCode: 'token-expired' }) };
    }
    try {
      const adapter = await makeAdapter(settings, ctx.connectionId);
      const org = await adapter.orgDetails();
      return { ok: true, latencyMs: Date.now() - started, summary: `viaSocket org ${String(org.id)}${typeof org.name === 'string' ? ` · ${org.name}` : ''}` };
    } catch (e) {
      const stage = e instanceof BackendError && (e.code === 'unauthorized' || e.code === 'forbidden') ? 'auth' : 'reach';
      return { ok: false, latencyMs: Date.now() - started, stage, error: e };
    }
  },
  async describe(adapter) {
    const { ViasocketAdapter } = await import('./adapter');
    if (!(adapter instanceof ViasocketAdapter)) return [];
    const org = await adapter.orgDetails();
    const s = adapter.opts;
    const rows = [
      { label: { text: '组织', en: 'Organisation' }, value: `${String(org.id)}${typeof org.name === 'string' ? ` (${org.name})` : ''}` },
      { label: { text: '用户', en: 'User' }, value: String(org.user_id ?? '') },
      { label: { text: '管理 API', en: 'Management API' }, value: s.baseUrl },
      { label: { text: '执行主机', en: 'Run host' }, value: s.runUrl },
    ];
    const expireAt = typeof org.expire_at === 'number' ? org.expire_at : undefined;
    if (expireAt !== undefined) rows.push({ label: { text: '令牌过期时间', en: 'Token expires' }, value: new Date(expireAt * 1000).toISOString() });
    return [{ title: { text: 'viaSocket', en: 'viaSocket' }, rows }];
  },
  referenceSyntax: viasocketSyntax,
};
