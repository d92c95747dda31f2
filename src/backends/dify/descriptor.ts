/**
 * The Dify backend kind: API base URL plus one or more app API keys (secret: this tab's sessionStorage
 * only). The adapter code is imported on first use.
 */
import { difySyntax } from '../../model/references/dify';
import type { BackendContext, BackendDescriptor, ConnectionSettings, InfoSection } from '../descriptor';
import { BackendError } from '../types';
import { DEFAULT_BASE_URL, adapterOptionsOf, settingsProblems } from './settings';

/** A stylised "D" with a flow line (24×24). */
const ICON = 'M5 3h6.5a8.5 8.5 0 0 1 0 17H5zm3 3v11h3.5a5.5 5.5 0 0 0 0-11zM2 21h20v1.5H2z';

/** Settings with the API keys from the secret store when the caller passed them without. */
function withSecrets(settings: ConnectionSettings, ctx: BackendContext): ConnectionSettings {
  if (typeof settings.apiKeys === 'string' && settings.apiKeys.trim()) return settings;
  const stored = ctx.secrets.get('apiKeys');
  return stored ? { ...settings, apiKeys: stored } : settings;
}

async function makeAdapter(raw: ConnectionSettings, ctx: BackendContext) {
  const [{ createDifyAdapter }, { webStorageRecordStore }] = await Promise.all([import('./adapter'), import('./records')]);
  const connectionId = ctx.connectionId;
  const opts = adapterOptionsOf(withSecrets(raw, ctx));
  const storage = (globalThis as { localStorage?: Storage }).localStorage;
  // Observed graphs and recorded runs outlive the tab (they hold no secret); keys never reach storage.
  if (storage && connectionId) opts.records = webStorageRecordStore(storage, `flowbench.dify.${connectionId}.`);
  opts.id = `dify:${connectionId || 'adhoc'}`;
  return createDifyAdapter(opts);
}

export const difyDescriptor: BackendDescriptor = {
  kind: 'dify',
  label: { text: 'Dify', en: 'Dify' },
  icon: ICON,
  description: 'kind.description',
  settings: {
    type: 'object',
    properties: {
      baseUrl: {
        type: 'string',
        format: 'uri',
        title: 'settings.baseUrl.title',
        description: 'settings.baseUrl.description',
        'x-placeholder': DEFAULT_BASE_URL,
        'x-allow-references': false,
        'x-env': 'URL',
      },
      apiKeys: {
        type: 'string',
        title: 'settings.apiKeys.title',
        description: 'settings.apiKeys.description',
        'x-placeholder': 'app-…, Name = app-…',
        'x-allow-references': false,
        'x-env': 'KEY',
      },
      user: {
        type: 'string',
        title: 'settings.user.title',
        description: 'settings.user.description',
        'x-allow-references': false,
      },
      responseMode: {
        type: 'string',
        title: 'settings.responseMode.title',
        description: 'settings.responseMode.description',
        enum: ['streaming', 'blocking'],
        'x-advanced': true,
      },
    },
    required: ['baseUrl', 'apiKeys'],
  },
  secretSettings: ['apiKeys'],
  identitySettings: ['baseUrl', 'apiKeys', 'user'],
  defaults: () => ({ baseUrl: DEFAULT_BASE_URL, user: 'flowbench', responseMode: 'streaming' }),
  validateSettings: settingsProblems,
  create: (settings, ctx) => makeAdapter(settings, ctx),
  async testConnection(settings, ctx) {
    const t0 = Date.now();
    try {
      const adapter = await makeAdapter(settings, ctx);
      const result = await adapter.testConnection();
      adapter.dispose?.();
      const failed = result.apps.find((a) => a.error);
      if (failed?.error) {
        return { ok: false, latencyMs: Date.now() - t0, stage: failed.error.code === 'unauthorized' ? 'auth' : 'reach', error: failed.error };
      }
      return { ok: true, latencyMs: Date.now() - t0, summary: result.apps.map((a) => a.name).join(' · ') };
    } catch (e) {
      const error = e instanceof BackendError ? e : new BackendError('network', String(e));
      return { ok: false, latencyMs: Date.now() - t0, stage: error.code === 'unauthorized' ? 'auth' : 'reach', error };
    }
  },
  async describe(adapter): Promise<InfoSection[]> {
    const sections: InfoSection[] = [];
    try {
      const apps = 'apps' in adapter && typeof adapter.apps === 'function' ? await (adapter as import('./adapter').DifyAdapter).apps() : [];
      sections.push({
        id: 'dify-apps',
        title: 'info.apps',
        rows: apps.map((a) => ({
          label: a.name,
          value: a.error ? (a.error.serverMessage ?? a.error.message) : a.description || '✓',
          tone: a.error ? ('bad' as const) : ('ok' as const),
        })),
      });
    } catch (e) {
      sections.push({ id: 'dify-apps', title: 'info.apps', rows: [], error: e });
    }
    sections.push({
      id: 'dify-capabilities',
      title: 'info.capabilities',
      rows: [
        { label: 'info.editing', value: '✗', tone: 'bad' },
        { label: 'info.running', value: '✓', tone: 'ok' },
        { label: 'info.history', value: '✓', tone: 'ok' },
        { label: 'info.graph', value: '✓', tone: 'ok' },
      ],
    });
    return sections;
  },
  referenceSyntax: difySyntax,
};
