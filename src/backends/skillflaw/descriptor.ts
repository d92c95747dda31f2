/**
 * The SkillFlaw backend kind: connection settings, a lazily imported adapter, a connection test and the
 * info panel. Passwords, API keys and the tokens the adapter obtains live in the connection's secret store
 * (sessionStorage in the app), never in the saved settings.
 */
import type { BackendContext, BackendDescriptor, ConnectionSettings, ConnectionTestResult, InfoSection } from '../descriptor';
import { BackendError, type BackendAdapter } from '../types';
import type { SkillflawAdapter, SkillflawAdapterOptions } from './adapter';
import type { SkillflawAuth, TokenStore } from './client';
import { urlProblem } from '../settings-checks';
import { skillflawSyntax } from './references';

/** SVG path (24x24): a flow of three linked nodes. */
const ICON = 'M5 4a3 3 0 1 1 0 6 3 3 0 0 1 0-6Zm14 0a3 3 0 1 1 0 6 3 3 0 0 1 0-6ZM12 14a3 3 0 1 1 0 6 3 3 0 0 1 0-6ZM8 7h8v2H8Zm-1.5 3.2 4 4.1-1.4 1.4-4-4.1Zm11 0 1.4 1.4-4 4.1-1.4-1.4Z';

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

/** A secret setting: given directly (scripts), else from the connection's secret store (the app). */
function secret(settings: ConnectionSettings, ctx: BackendContext, name: string): string {
  const v = settings[name];
  return typeof v === 'string' && v !== '' ? v : (ctx.secrets.get(name) ?? '');
}

function authOf(settings: ConnectionSettings, ctx: BackendContext): SkillflawAuth {
  const mode = text(settings.authMode) || 'password';
  if (mode === 'api-key') return { mode: 'api-key', apiKey: secret(settings, ctx, 'apiKey').trim() };
  if (mode === 'auto') return { mode: 'auto' };
  return { mode: 'password', username: text(settings.username), password: secret(settings, ctx, 'password') };
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
    auth: authOf(settings, ctx),
    paths: text(settings.paths) || undefined,
    eventDelivery: delivery === 'polling' || delivery === 'direct' ? delivery : 'streaming',
    defaultProjectName: text(settings.defaultProjectName) || undefined,
    tokens: tokenStore(ctx),
    id: `skillflaw:${ctx.connectionId || text(settings.baseUrl)}`,
    label: text(settings.label) || 'SkillFlaw',
  };
}

/**
 * The adapter as a plain object with its methods bound: the connections layer copies an adapter with object
 * spread to give it the connection's id and label, which would drop a class's prototype methods.
 */
export function plainAdapter(a: SkillflawAdapter): SkillflawAdapter {
  const out: Record<string, unknown> = { ...a };
  for (let proto = Object.getPrototypeOf(a) as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const v = (a as unknown as Record<string, unknown>)[name];
      if (name !== 'constructor' && typeof v === 'function' && !(name in out)) out[name] = (v as (...args: unknown[]) => unknown).bind(a);
    }
  }
  return out as unknown as SkillflawAdapter;
}

export const skillflawDescriptor: BackendDescriptor = {
  kind: 'skillflaw',
  label: { text: 'SkillFlaw', en: 'SkillFlaw' },
  icon: ICON,
  description: 'kind.description',
  defaults: () => ({ baseUrl: '', authMode: 'password', username: '', eventDelivery: 'streaming', defaultProjectName: 'My Projects' }),
  settings: {
    type: 'object',
    properties: {
      baseUrl: { type: 'string', format: 'uri', title: 'settings.baseUrl.title', description: 'settings.baseUrl.description', 'x-placeholder': 'http://127.0.0.1:7860', 'x-allow-references': false, 'x-env': 'URL' },
      authMode: { type: 'string', title: 'settings.authMode.title', description: 'settings.authMode.description', enum: ['password', 'api-key', 'auto'], default: 'password' },
      username: { type: 'string', title: 'settings.username.title', 'x-allow-references': false, 'x-env': 'USER' },
      password: { type: 'string', title: 'settings.password.title', 'x-allow-references': false, 'x-env': 'PASSWORD' },
      apiKey: { type: 'string', title: 'settings.apiKey.title', description: 'settings.apiKey.description', 'x-allow-references': false, 'x-env': 'KEY' },
      eventDelivery: { type: 'string', title: 'settings.eventDelivery.title', description: 'settings.eventDelivery.description', enum: ['streaming', 'polling', 'direct'], default: 'streaming' },
      defaultProjectName: { type: 'string', title: 'settings.defaultProjectName.title', description: 'settings.defaultProjectName.description', default: 'My Projects', 'x-allow-references': false },
      paths: { type: 'string', title: 'settings.paths.title', description: 'settings.paths.description', 'x-multiline': true, 'x-allow-references': false },
    },
    required: ['baseUrl'],
  },
  secretSettings: ['password', 'apiKey'],
  identitySettings: ['baseUrl', 'authMode', 'username', 'apiKey'],
  validateSettings(settings) {
    const problems: Record<string, string> = {};
    const url = text(settings.baseUrl);
    const urlIssue = urlProblem(url);
    if (urlIssue) problems.baseUrl = `connections:form.problems.${urlIssue}`;
    const mode = text(settings.authMode) || 'password';
    if (mode === 'password' && !text(settings.username)) problems.username = 'errors.username';
    if (text(settings.paths)) {
      try {
        const v = JSON.parse(text(settings.paths)) as unknown;
        if (typeof v !== 'object' || v === null || Array.isArray(v)) problems.paths = 'errors.paths';
      } catch {
        problems.paths = 'errors.paths';
      }
    }
    return problems;
  },
  async create(settings, ctx) {
    const { createSkillflawAdapter } = await import('./adapter');
    return plainAdapter(createSkillflawAdapter(adapterOptions(settings, ctx)));
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
      version = await adapter.client.publicJson<{ version?: string; package?: string }>('version');
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
        title: 'info.server',
        rows: [
          { label: 'info.address', value: a.client.baseUrl },
          { label: 'info.version', value: `${version.package ?? 'SkillFlaw'} ${version.version ?? '?'}` },
          { label: 'info.signedInAs', value: `${me.username ?? '?'}${me.is_superuser ? ' (superuser)' : ''}` },
        ],
      },
      {
        title: 'info.contents',
        rows: [
          { label: 'info.components', value: String(modules.length) },
          { label: 'info.projects', value: String(folders.length + 1) },
        ],
      },
    ];
  },
  referenceSyntax: skillflawSyntax,
};

export default skillflawDescriptor;
