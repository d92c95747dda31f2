/**
 * The viaSocket backend kind. Two hosts (management API and run host), the `proxy_auth_token` header (the
 * flow.viasocket.com `prod` cookie, a secret kept in sessionStorage only) and, optionally, its `expire_at`
 * cookie so the connection can say when the token runs out. The adapter code loads lazily.
 */
import type { BackendContext, BackendDescriptor, ConnectionSettings, ConnectionTestResult, InfoSection } from '../descriptor';
import { BackendError, type BackendAdapter } from '../types';
import { urlProblem } from '../settings-checks';
import { viasocketSyntax } from '../../model/references/viasocket';
import type { Sandbox } from '../local/sandbox/types';
import type { ViasocketAdapter } from './adapter';

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

/** The token lives in the connection's secret store (sessionStorage), not in the saved settings. */
function withSecret(settings: ConnectionSettings, ctx: BackendContext): ConnectionSettings {
  return str(settings.token) ? settings : { ...settings, token: ctx.secrets.get('token') ?? '' };
}

async function makeAdapter(settings: ConnectionSettings, connectionId: string) {
  const s = readSettings(settings);
  if (!s.token) throw new BackendError('unauthorized', 'Paste the proxy_auth_token (the flow.viasocket.com "prod" cookie) to connect.');
  const { createViasocketAdapter } = await import('./adapter');
  return createViasocketAdapter({ ...s, connectionId, label: str(settings.name) ?? 'viaSocket', sandbox: browserSandbox });
}

export const viasocketDescriptor: BackendDescriptor = {
  kind: VIASOCKET_KIND,
  label: { text: 'viaSocket' },
  icon: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm-1 5h2v4h4v2h-4v4h-2v-4H7v-2h4z',
  description: 'kind.description',
  settings: {
    type: 'object',
    properties: {
      baseUrl: { type: 'string', format: 'uri', title: 'settings.baseUrl.title', description: 'settings.baseUrl.description', 'x-placeholder': 'https://flow-api.viasocket.com', 'x-allow-references': false, 'x-env': 'URL' },
      runUrl: { type: 'string', format: 'uri', title: 'settings.runUrl.title', description: 'settings.runUrl.description', 'x-placeholder': 'https://flow.sokt.io', 'x-allow-references': false },
      token: { type: 'string', title: 'settings.token.title', description: 'settings.token.description', 'x-allow-references': false, 'x-env': 'TOKEN' },
      tokenExpireAt: { type: 'number', title: 'settings.tokenExpireAt.title', description: 'settings.tokenExpireAt.description', 'x-advanced': true },
      defaultProjectId: { type: 'string', title: 'settings.defaultProjectId.title', description: 'settings.defaultProjectId.description', 'x-advanced': true, 'x-allow-references': false },
      elseSuffix: { type: 'string', title: 'settings.elseSuffix.title', description: 'settings.elseSuffix.description', 'x-advanced': true, 'x-allow-references': false },
    },
    required: ['baseUrl', 'runUrl', 'token'],
  },
  secretSettings: ['token'],
  identitySettings: ['baseUrl', 'runUrl'],
  defaults: () => ({ baseUrl: 'https://flow-api.viasocket.com', runUrl: 'https://flow.sokt.io', elseSuffix: '_else' }),
  validateSettings(settings) {
    const problems: Record<string, string> = {};
    for (const key of ['baseUrl', 'runUrl'] as const) {
      const p = urlProblem(settings[key]);
      if (p) problems[key] = `connections:form.problems.${p}`;
    }
    return problems;
  },
  create(settings, ctx): Promise<BackendAdapter> {
    return makeAdapter(withSecret(settings, ctx), ctx.connectionId);
  },
  async testConnection(settings, ctx): Promise<ConnectionTestResult> {
    const started = Date.now();
    const all = withSecret(settings, ctx);
    const s = readSettings(all);
    if (tokenExpired(s)) {
      return { ok: false, latencyMs: 0, stage: 'auth', error: new BackendError('unauthorized', 'The viaSocket token has expired (expire_at): paste a new one.', { serverCode: 'token-expired' }) };
    }
    try {
      const adapter = await makeAdapter(all, ctx.connectionId);
      const org = await adapter.orgDetails();
      return { ok: true, latencyMs: Date.now() - started, summary: `viaSocket org ${String(org.id)}${typeof org.name === 'string' ? ` · ${org.name}` : ''}` };
    } catch (e) {
      const stage = e instanceof BackendError && (e.code === 'unauthorized' || e.code === 'forbidden') ? 'auth' : 'reach';
      return { ok: false, latencyMs: Date.now() - started, stage, error: e };
    }
  },
  async describe(adapter): Promise<InfoSection[]> {
    // The app hands back its own wrapper of our adapter (an object spread): recognise it by what it has.
    const vs = adapter as Partial<ViasocketAdapter>;
    if (typeof vs.orgDetails !== 'function' || !vs.opts) return [];
    const s = vs.opts;
    const rows: InfoSection['rows'] = [
      { label: 'info.baseUrl', value: s.baseUrl },
      { label: 'info.runUrl', value: s.runUrl },
    ];
    try {
      const org = await vs.orgDetails();
      rows.unshift({ label: 'info.org', value: `${String(org.id)}${typeof org.name === 'string' ? ` (${org.name})` : ''}` }, { label: 'info.user', value: String(org.user_id ?? '') });
      const expireAt = typeof org.expire_at === 'number' ? org.expire_at : s.tokenExpireAt;
      if (expireAt !== undefined) rows.push({ label: 'info.tokenExpires', value: new Date(expireAt * 1000).toISOString(), tone: expireAt * 1000 > Date.now() ? 'ok' : 'bad' });
      return [{ id: 'viasocket', title: 'info.title', rows }];
    } catch (e) {
      return [{ id: 'viasocket', title: 'info.title', rows, error: e }];
    }
  },
  referenceSyntax: viasocketSyntax,
};
