/**
 * Node-RED as a backend kind: its connection settings, how to test a connection, its info panel. Small and
 * loaded with the first page; the adapter is imported on `create`.
 *
 * Labels come from this backend's i18n namespace (`backend-nodered`), English and Chinese, so the settings
 * form and the i18n files cannot drift apart.
 */
import type { LocalizedText } from '../../model/modules';
import type { BackendContext, BackendDescriptor, ConnectionSettings, ConnectionTestResult, InfoSection, SecretStore } from '../descriptor';
import { BackendError, type BackendAdapter } from '../types';
import en from '../../i18n/locales/en/backend-nodered.json';
import zh from '../../i18n/locales/zh/backend-nodered.json';
import type { NodeRedAuth, TokenStore } from './client';
import { noderedSyntax } from './references';

export const NODERED_KIND = 'nodered';

type Section = 'settings' | 'info' | 'test';
function t(section: Section, key: string): LocalizedText {
  const zhText = (zh[section] as Record<string, string>)[key];
  const enText = (en[section] as Record<string, string>)[key];
  return { text: zhText ?? enText ?? key, en: enText ?? key };
}
const titled = (key: string, hint?: string) => ({
  title: t('settings', key).text,
  'x-title-en': t('settings', key).en,
  ...(hint ? { description: t('settings', hint).text, 'x-description-en': t('settings', hint).en } : {}),
});

/** The settings a connection stores; password and token only in this tab's sessionStorage. */
export interface NodeRedSettings {
  baseUrl: string;
  auth?: 'none' | 'credentials' | 'token';
  username?: string;
  password?: string;
  token?: string;
  deploymentType?: 'nodes' | 'full';
  conflictScope?: 'flow' | 'global';
  quietMs?: number;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export function authFrom(settings: ConnectionSettings): NodeRedAuth {
  const mode = settings.auth ?? (str(settings.token) ? 'token' : str(settings.username) ? 'credentials' : 'none');
  if (mode === 'credentials') return { kind: 'credentials', username: str(settings.username) ?? '', password: typeof settings.password === 'string' ? settings.password : '' };
  if (mode === 'token') return { kind: 'token', token: str(settings.token) ?? '' };
  return { kind: 'none' };
}

/** The connection's token lives beside its secrets in sessionStorage. */
function tokenStoreOf(secrets: SecretStore): TokenStore {
  return {
    get: () => secrets.get('accessToken'),
    set: (token) => secrets.set('accessToken', token),
    clear: () => secrets.delete('accessToken'),
  };
}

async function testConnection(settings: ConnectionSettings, ctx: BackendContext): Promise<ConnectionTestResult> {
  const started = Date.now();
  const { NodeRedClient } = await import('./client');
  let client: InstanceType<typeof NodeRedClient>;
  try {
    client = new NodeRedClient({ baseUrl: String(settings.baseUrl ?? ''), auth: authFrom(settings), tokenStore: tokenStoreOf(ctx.secrets), timeoutMs: 10_000 });
  } catch (e) {
    return { ok: false, latencyMs: 0, stage: 'reach', error: e };
  }
  try {
    await client.authLogin();
  } catch (e) {
    const error =
      e instanceof BackendError && (e.code === 'internal' || e.code === 'not-found')
        ? new BackendError('invalid', en.test.notNodeRed, { cause: e, details: e.details })
        : e;
    return { ok: false, latencyMs: Date.now() - started, stage: 'reach', error };
  }
  try {
    const info = await client.settings();
    return { ok: true, latencyMs: Date.now() - started, serverVersion: info.version, summary: `Node-RED ${info.version}` };
  } catch (e) {
    const auth = e instanceof BackendError && (e.code === 'unauthorized' || e.code === 'forbidden');
    const error = e instanceof BackendError && e.code === 'internal' ? new BackendError('invalid', en.test.notNodeRed, { cause: e }) : e;
    return { ok: false, latencyMs: Date.now() - started, stage: auth ? 'auth' : 'reach', error };
  }
}

export const noderedDescriptor: BackendDescriptor = {
  kind: NODERED_KIND,
  label: { text: zh.label, en: en.label },
  description: { text: zh.description, en: en.description },
  // A node with an input and two wired outputs (24x24).
  icon: 'M3 10h5v4H3zM16 4h5v4h-5zM16 16h5v4h-5zM8 12h3c1.5 0 1.5-6 3-6h2M11 12c1.5 0 1.5 6 3 6h2',
  settings: {
    type: 'object',
    properties: {
      baseUrl: { type: 'string', format: 'uri', default: 'http://127.0.0.1:1880', ...titled('baseUrl', 'baseUrlHint') },
      auth: {
        type: 'string',
        enum: ['none', 'credentials', 'token'],
        'x-enum-names': [t('settings', 'authNone').en, t('settings', 'authCredentials').en, t('settings', 'authToken').en],
        default: 'none',
        ...titled('auth'),
      },
      username: { type: 'string', ...titled('username') },
      password: { type: 'string', format: 'password', ...titled('password') },
      token: { type: 'string', format: 'password', ...titled('token', 'tokenHint') },
      deploymentType: {
        type: 'string',
        enum: ['nodes', 'full'],
        'x-enum-names': [t('settings', 'deployNodes').en, t('settings', 'deployFull').en],
        default: 'nodes',
        'x-advanced': true,
        ...titled('deploymentType', 'deploymentTypeHint'),
      },
      conflictScope: {
        type: 'string',
        enum: ['flow', 'global'],
        'x-enum-names': [t('settings', 'conflictFlow').en, t('settings', 'conflictGlobal').en],
        default: 'flow',
        'x-advanced': true,
        ...titled('conflictScope', 'conflictScopeHint'),
      },
      quietMs: { type: 'integer', minimum: 100, maximum: 600_000, default: 2000, 'x-advanced': true, ...titled('quietMs', 'quietMsHint') },
    },
    required: ['baseUrl'],
  },
  secretSettings: ['password', 'token'],
  identitySettings: ['baseUrl', 'auth', 'username'],
  validateSettings(settings) {
    const problems: Record<string, string> = {};
    const url = str(settings.baseUrl);
    if (!url) problems.baseUrl = 'form.problems.urlRequired';
    else if (!/^https?:\/\/[^\s/]+/i.test(url)) problems.baseUrl = 'form.problems.urlScheme';
    else {
      try {
        const parsed = new URL(url);
        if (parsed.username || parsed.password) problems.baseUrl = 'form.problems.urlCredentials';
        else if (parsed.search) problems.baseUrl = 'form.problems.urlQuery';
      } catch {
        problems.baseUrl = 'form.problems.urlInvalid';
      }
    }
    return problems;
  },
  async create(settings, ctx) {
    const { createNodeRedAdapter } = await import('./adapter');
    return createNodeRedAdapter({
      baseUrl: String(settings.baseUrl ?? ''),
      auth: authFrom(settings),
      tokenStore: tokenStoreOf(ctx.secrets),
      deploymentType: settings.deploymentType === 'full' ? 'full' : 'nodes',
      conflictScope: settings.conflictScope === 'global' ? 'global' : 'flow',
      quietMs: typeof settings.quietMs === 'number' ? settings.quietMs : undefined,
      id: `${NODERED_KIND}:${ctx.connectionId || String(settings.baseUrl ?? '')}`,
    });
  },
  testConnection,
  async describe(adapter: BackendAdapter): Promise<InfoSection[]> {
    const a = adapter as Partial<import('./adapter').NodeRedAdapter>;
    if (typeof a.serverInfo !== 'function') return [];
    const info = await a.serverInfo();
    return [
      {
        title: t('info', 'server'),
        rows: [
          { label: t('info', 'version'), value: info.version },
          { label: t('info', 'plugin'), value: info.plugin ? en.info.pluginYes : en.info.pluginNo },
          { label: t('info', 'nodeTypes'), value: String(info.nodeTypes) },
          { label: t('info', 'httpNodeRoot'), value: info.httpNodeRoot },
        ],
      },
    ];
  },
  referenceSyntax: noderedSyntax,
};
