/**
 * The SkillFlaw backend kind: connection settings, a lazily imported adapter, a connection test and the
 * info panel. Passwords, API keys and the tokens the adapter obtains live in the connection's secret store
 * (sessionStorage in the app), never in the saved settings.
 */
import type { BackendContext, BackendDescriptor, ConnectionSettings, ConnectionTestResult, InfoSection } from '../descriptor';
import { BackendError, type BackendAdapter } from '../types';
import type { SkillflawAdapter, SkillflawAdapterOptions } from './adapter';
import type { SkillflawAuth, TokenStore } from './client';
import { skillflawSyntax } from './references';

/** SVG path (24x24): a flow of three linked nodes. */
const ICON = 'M5 4a3 3 0 1 1 0 6 3 3 0 0 1 0-6Zm14 0a3 3 0 1 1 0 6 3 3 0 0 1 0-6ZM12 14a3 3 0 1 1 0 6 3 3 0 0 1 0-6ZM8 7h8v2H8Zm-1.5 3.2 4 4.1-1.4 1.4-4-4.1Zm11 0 1.4 1.4-4 4.1-1.4-1.4Z';

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

function authOf(settings: ConnectionSettings): SkillflawAuth {
  const mode = text(settings.authMode) || 'password';
  if (mode === 'api-key') return { mode: 'api-key', apiKey: text(settings.apiKey) };
  if (mode === 'auto') return { mode: 'auto' };
  return { mode: 'password', username: text(settings.username), password: typeof settings.password === 'string' ? settings.password : '' };
}

function tokenStore(ctx: BackendContext): TokenStore {
  const key = 'skillflaw.tokens';
  return {
    get() {
      const raw = ctx.secrets.get(key);
      if (!raw) return null;
      try {
        return JSON.parse(raw) as { access: string; refresh: string | null };
      } catch {
        return null;
      }
    },
    set(t) {
      if (t) ctx.secrets.set(key, JSON.stringify(t));
      else ctx.secrets.delete(key);
    },
  };
}

export function adapterOptions(settings: ConnectionSettings, ctx: BackendContext): SkillflawAdapterOptions {
  const delivery = text(settings.eventDelivery);
  return {
    baseUrl: text(settings.baseUrl),
    auth: authOf(settings),
    paths: text(settings.paths) || undefined,
    eventDelivery: delivery === 'polling' || delivery === 'direct' ? delivery : 'streaming',
    defaultProjectName: text(settings.defaultProjectName) || undefined,
    tokens: tokenStore(ctx),
    id: `skillflaw:${ctx.connectionId || text(settings.baseUrl)}`,
    label: text(settings.label) || 'SkillFlaw',
  };
}

export const skillflawDescriptor: BackendDescriptor = {
  kind: 'skillflaw',
  label: { text: 'SkillFlaw', en: 'SkillFlaw' },
  icon: ICON,
  description: { text: 'SkillFlaw and Langflow servers: projects, flows as graphs of components, versions, streamed builds.' },
  settings: {
    type: 'object',
    properties: {
      baseUrl: { type: 'string', title: 'Server URL', format: 'uri', default: 'http://127.0.0.1:7860', 'x-i18n': 'backend-skillflaw:settings.baseUrl' },
      authMode: {
        type: 'string',
        title: 'Sign in with',
        enum: ['password', 'api-key', 'auto'],
        default: 'password',
        'x-i18n': 'backend-skillflaw:settings.authMode',
        'x-enum-i18n': ['backend-skillflaw:settings.authPassword', 'backend-skillflaw:settings.authApiKey', 'backend-skillflaw:settings.authAuto'],
      },
      username: { type: 'string', title: 'Username', 'x-i18n': 'backend-skillflaw:settings.username' },
      password: { type: 'string', title: 'Password', format: 'password', 'x-i18n': 'backend-skillflaw:settings.password' },
      apiKey: { type: 'string', title: 'API key', format: 'password', 'x-i18n': 'backend-skillflaw:settings.apiKey' },
      eventDelivery: { type: 'string', title: 'Build events', enum: ['streaming', 'polling', 'direct'], default: 'streaming', 'x-i18n': 'backend-skillflaw:settings.eventDelivery' },
      defaultProjectName: { type: 'string', title: 'Root project', default: 'My Projects', 'x-i18n': 'backend-skillflaw:settings.defaultProjectName' },
      paths: { type: 'string', title: 'Path overrides (JSON)', 'x-multiline': true, 'x-i18n': 'backend-skillflaw:settings.paths' },
    },
    required: ['baseUrl'],
  },
  secretSettings: ['password', 'apiKey'],
  identitySettings: ['baseUrl', 'authMode', 'username', 'apiKey'],
  validateSettings(settings) {
    const problems: Record<string, string> = {};
    const url = text(settings.baseUrl);
    if (!/^https?:\/\/[^\s/]+/.test(url)) problems.baseUrl = 'backend-skillflaw:errors.baseUrl';
    const mode = text(settings.authMode) || 'password';
    if (mode === 'password' && !text(settings.username)) problems.username = 'backend-skillflaw:errors.username';
    if (mode === 'api-key' && !text(settings.apiKey)) problems.apiKey = 'backend-skillflaw:errors.apiKey';
    if (text(settings.paths)) {
      try {
        const v = JSON.parse(text(settings.paths)) as unknown;
        if (typeof v !== 'object' || v === null || Array.isArray(v)) problems.paths = 'backend-skillflaw:errors.paths';
      } catch {
        problems.paths = 'backend-skillflaw:errors.paths';
      }
    }
    return problems;
  },
  async create(settings, ctx) {
    const { createSkillflawAdapter } = await import('./adapter');
    return createSkillflawAdapter(adapterOptions(settings, ctx));
  },
  async testConnection(settings, ctx): Promise<ConnectionTestResult> {
    const started = Date.now();
    const { createSkillflawAdapter } = await import('./adapter');
    let adapter: SkillflawAdapter;
    try {
      adapter = createSkillflawAdapter(adapterOptions(settings, ctx));
    } catch (e) {
      return { ok: false, latencyMs: 0, stage: 'reach', error: e };
    }
    let version: { version?: string; package?: string } = {};
    try {
      version = await adapter.client.json<{ version?: string; package?: string }>('version');
    } catch (e) {
      return { ok: false, latencyMs: Date.now() - started, stage: 'reach', error: e };
    }
    try {
      const me = await adapter.client.json<{ username?: string }>('whoami');
      return {
        ok: true,
        latencyMs: Date.now() - started,
        serverVersion: version.version,
        summary: `${version.package ?? 'SkillFlaw'} ${version.version ?? ''} · ${me.username ?? ''}`.trim(),
      };
    } catch (e) {
      return { ok: false, latencyMs: Date.now() - started, stage: 'auth', serverVersion: version.version, error: e };
    }
  },
  async describe(adapter: BackendAdapter): Promise<InfoSection[]> {
    const a = adapter as SkillflawAdapter;
    if (!a.client) throw new BackendError('unsupported', 'Not a SkillFlaw adapter.');
    const [version, me, modules, folders] = await Promise.all([
      a.client.json<{ version?: string; package?: string }>('version'),
      a.client.json<{ username?: string; is_superuser?: boolean }>('whoami'),
      a.listModules(),
      a.listFolders(),
    ]);
    return [
      {
        title: { text: 'Server', en: 'Server' },
        rows: [
          { label: { text: 'Address' }, value: a.client.baseUrl },
          { label: { text: 'Version' }, value: `${version.package ?? 'SkillFlaw'} ${version.version ?? '?'}` },
          { label: { text: 'Signed in as' }, value: `${me.username ?? '?'}${me.is_superuser ? ' (superuser)' : ''}` },
        ],
      },
      {
        title: { text: 'Contents', en: 'Contents' },
        rows: [
          { label: { text: 'Components' }, value: String(modules.length) },
          { label: { text: 'Projects' }, value: String(folders.length + 1) },
        ],
      },
    ];
  },
  referenceSyntax: skillflawSyntax,
};

export default skillflawDescriptor;
