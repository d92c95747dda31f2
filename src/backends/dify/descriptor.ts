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
  label: { text: 'Dify 工作流应用', en: 'Dify workflow apps' },
  icon: ICON,
  description: {
    text: '运行并追踪已发布的 Dify 工作流应用（每个 API 密钥一个应用）。Dify 的 API 不能编辑工作流：流程图由运行过的节点绘制，只读。',
    en: "Run and trace published Dify workflow apps (one API key per app). Dify's API cannot edit workflows: the graph is drawn from the nodes that ran, read-only.",
  },
  settings: {
    type: 'object',
    properties: {
      baseUrl: {
        type: 'string',
        format: 'uri',
        title: 'API 地址',
        'x-title-en': 'API base URL',
        description: 'Dify 应用“访问 API”页面显示的地址，例如 https://api.dify.ai/v1',
        'x-description-en': "The address the app's API page shows, e.g. https://api.dify.ai/v1",
        default: DEFAULT_BASE_URL,
        'x-allow-references': false,
      },
      apiKeys: {
        type: 'string',
        title: '应用 API 密钥',
        'x-title-en': 'App API keys',
        description: '每行一个（app-…），可写成“名称 = app-…”。只保存在此标签页。',
        'x-description-en': 'One per line (app-…), optionally “Name = app-…”. Kept in this tab only.',
        writeOnly: true,
        'x-multiline': true,
        'x-allow-references': false,
      },
      user: {
        type: 'string',
        title: '用户标识',
        'x-title-en': 'User identifier',
        description: '作为 user 发送（运行、停止、上传）',
        'x-description-en': 'Sent as `user` (runs, stop, uploads)',
        default: 'flowbench',
        'x-allow-references': false,
      },
      responseMode: {
        type: 'string',
        title: '响应模式',
        'x-title-en': 'Response mode',
        enum: ['streaming', 'blocking'],
        'x-enum-names': ['流式（实时追踪）', '阻塞（仅结果）'],
        default: 'streaming',
        'x-advanced': true,
      },
    },
    required: ['baseUrl', 'apiKeys'],
  },
  secretSettings: ['apiKeys'],
  identitySettings: ['baseUrl', 'apiKeys', 'user'],
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
    const apps = 'apps' in adapter && typeof adapter.apps === 'function' ? await (adapter as import('./adapter').DifyAdapter).apps() : [];
    return [
      {
        title: { text: '应用', en: 'Apps' },
        rows: apps.map((a) => ({ label: { text: a.name }, value: a.error ? `✗ ${a.error.serverMessage ?? a.error.message}` : a.description || '✓' })),
      },
      {
        title: { text: '能力', en: 'What works' },
        rows: [
          { label: { text: '编辑工作流（请在 Dify 中编辑；API 不支持）', en: 'Edit workflows (do it in Dify; the API cannot)' }, value: '✗' },
          { label: { text: '运行、实时追踪、停止', en: 'Run, live trace, stop' }, value: '✓' },
          { label: { text: '历史：Dify 日志 + 本浏览器记录的运行', en: 'History: Dify logs + runs recorded in this browser' }, value: '✓' },
          { label: { text: '流程图：由运行过的节点绘制', en: 'Graph: drawn from the nodes that ran' }, value: '✓' },
        ],
      },
    ];
  },
  referenceSyntax: difySyntax,
};
