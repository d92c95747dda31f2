/**
 * Node-RED as a backend kind: its connection settings, how to test a connection, its info panel. Small and
 * loaded with the first page; the adapter is imported on `create`.
 *
 * Texts are keys of this backend's i18n namespace (`backend-nodered`, English and Chinese). The sign-in mode
 * follows from what is filled in: a token, else a user name (adminAuth credentials), else none.
 */
import type { BackendContext, BackendDescriptor, ConnectionSettings, ConnectionTestResult, InfoSection, SecretStore } from '../descriptor';
import { urlProblem } from '../settings-checks';
import { BackendError, type BackendAdapter } from '../types';
import en from '../../i18n/locales/en/backend-nodered.json';
import type { NodeRedAuth, TokenStore } from './client';
import { noderedSyntax } from './references';

export const NODERED_KIND = 'nodered';

/** The settings a connection stores; password and token only in this tab's sessionStorage. */
export interface NodeRedSettings {
  baseUrl: string;
  username?: string;
  password?: string;
  token?: string;
  /** Deploy type `full` instead of `nodes`. */
  fullDeploy?: boolean;
  /** Any deploy since opening is a conflict (conflictScope `global`). */
  strictConflicts?: boolean;
  quietMs?: number;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export function authFrom(settings: ConnectionSettings): NodeRedAuth {
  const mode = str(settings.token) ? 'token' : str(settings.username) ? 'credentials' : 'none';
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
  label: 'label',
  description: 'description',
  // A node with an input and two wired outputs (24x24).
  icon: 'M3 10h5v4H3zM16 4h5v4h-5zM16 16h5v4h-5zM8 12h3c1.5 0 1.5-6 3-6h2M11 12c1.5 0 1.5 6 3 6h2',
  settings: {
    type: 'object',
    properties: {
      baseUrl: {
        type: 'string',
        format: 'uri',
        title: 'settings.baseUrl',
        description: 'settings.baseUrlHint',
        'x-placeholder': 'http://127.0.0.1:1880',
        'x-allow-references': false,
        'x-env': 'URL',
      },
      username: { type: 'string', title: 'settings.username', description: 'settings.usernameHint', 'x-env': 'USER' },
      password: { type: 'string', format: 'password', title: 'settings.password', 'x-env': 'PASSWORD' },
      token: { type: 'string', format: 'password', title: 'settings.token', description: 'settings.tokenHint', 'x-env': 'TOKEN' },
      fullDeploy: { type: 'boolean', default: false, title: 'settings.fullDeploy', description: 'settings.fullDeployHint', 'x-advanced': true },
      strictConflicts: { type: 'boolean', default: false, title: 'settings.strictConflicts', description: 'settings.strictConflictsHint', 'x-advanced': true },
      quietMs: { type: 'integer', minimum: 100, maximum: 600_000, default: 2000, title: 'settings.quietMs', description: 'settings.quietMsHint', 'x-advanced': true },
    },
    required: ['baseUrl'],
  },
  secretSettings: ['password', 'token'],
  identitySettings: ['baseUrl', 'username'],
  defaults: () => ({ baseUrl: 'http://127.0.0.1:1880', fullDeploy: false, strictConflicts: false, quietMs: 2000 }),
  validateSettings(settings) {
    const out: Record<string, string> = {};
    const url = urlProblem(settings.baseUrl);
    if (url) out.baseUrl = `connections:form.problems.${url}`;
    return out;
  },
  async create(settings, ctx) {
    const { createNodeRedAdapter } = await import('./adapter');
    return createNodeRedAdapter({
      baseUrl: String(settings.baseUrl ?? ''),
      auth: authFrom(settings),
      tokenStore: tokenStoreOf(ctx.secrets),
      deploymentType: settings.fullDeploy === true ? 'full' : 'nodes',
      conflictScope: settings.strictConflicts === true ? 'global' : 'flow',
      quietMs: typeof settings.quietMs === 'number' ? settings.quietMs : undefined,
      id: `${NODERED_KIND}:${ctx.connectionId || String(settings.baseUrl ?? '')}`,
    });
  },
  testConnection,
  async describe(adapter: BackendAdapter): Promise<InfoSection[]> {
    const a = adapter as Partial<import('./adapter').NodeRedAdapter>;
    if (typeof a.serverInfo !== 'function') return [];
    try {
      const info = await a.serverInfo();
      return [
        {
          id: 'nodered-server',
          title: 'info.server',
          rows: [
            { label: 'info.version', value: info.version },
            { label: 'info.plugin', value: info.plugin ? 'info.pluginYes' : 'info.pluginNo', tone: info.plugin ? 'ok' : 'bad' },
            { label: 'info.nodeTypes', value: String(info.nodeTypes) },
            { label: 'info.httpNodeRoot', value: info.httpNodeRoot },
          ],
        },
      ];
    } catch (error) {
      return [{ id: 'nodered-server', title: 'info.server', rows: [], error }];
    }
  },
  referenceSyntax: noderedSyntax,
};
