/**
 * vFlow backend: the public exports, the plain factory `vflowBackendFactory(settings)`, and what the
 * descriptor (descriptor.ts) loads lazily: the adapter of a saved connection with the editor helpers
 * (`createVflowConnectionAdapter`), the settings test (`testVflowSettings`) and the info panel
 * (`describeVflow`).
 */
import { z } from 'zod';
import type { ModuleDefinition, ModuleOutput, ValueType } from '../../model/modules';
import type { BackendContext, ConnectionTestResult, InfoSection, SecretStore } from '../descriptor';
import { BackendError, type BackendAdapter, type Capabilities, type SavedFlow } from '../types';
import { createVflowAdapter, type VflowAdapterOptions } from './adapter';
import { memoryTokenStore, type VflowTokens, type VflowTokenStore } from './client';
import type { TestConnectionResult, VflowAdapter } from './adapter';
import type { VflowHealth, VflowMagicVariables, VflowStats, VflowSystemInfo } from './schemas';

export { createVflowAdapter } from './adapter';
export type { TestConnectionResult, VflowAdapter, VflowAdapterOptions, VflowBatchAction } from './adapter';
export { memoryTokenStore, VflowClient, parseRateLimitReset } from './client';
export type { ConnectResult, VerifyResult, VflowClientOptions, VflowTokens, VflowTokenStore } from './client';
export { catalogFrom, flowToWorkflow, workflowToFlow, workflowRequestBody, VFLOW_DIALECT } from './mapping';
export { errorCodeForVflow } from './errors';

const configSchema = z.looseObject({
  baseUrl: z.string().min(1),
  deviceId: z.string().min(1).optional(),
  deviceName: z.string().min(1).optional(),
  pollIntervalMs: z.number().positive().optional(),
  timeoutMs: z.number().positive().optional(),
  checkConflicts: z.boolean().optional(),
  createEnabled: z.boolean().optional(),
  autoConnect: z.boolean().optional(),
  stepEvents: z.enum(['logs', 'status']).optional(),
  inputSchema: z.enum(['auto', 'inputs', 'input-schema']).optional(),
  runTimeoutSeconds: z.number().positive().optional(),
  label: z.string().optional(),
});

function isTokenStore(v: unknown): v is VflowTokenStore {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return typeof s.load === 'function' && typeof s.save === 'function' && typeof s.clear === 'function';
}

export type BackendConfig = Record<string, unknown>;

/** Plain factory: `{ baseUrl, deviceId?, deviceName?, tokenStore?, pollIntervalMs?, ... }`. */
export const vflowBackendFactory = (config: BackendConfig): VflowAdapter => {
  const parsed = configSchema.safeParse(config);
  if (!parsed.success) {
    throw new BackendError('invalid', `vFlow settings: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ')}`);
  }
  const { tokenStore, fetch: _f, ...rest } = parsed.data as Record<string, unknown>;
  const opts = rest as unknown as VflowAdapterOptions;
  if (isTokenStore(tokenStore)) opts.tokenStore = tokenStore;
  return createVflowAdapter(opts);
};

// ---- a saved connection's adapter --------------------------------------------------------------------

const TOKENS_KEY = 'tokens';

function isTokens(v: unknown): v is VflowTokens {
  if (!v || typeof v !== 'object') return false;
  const t = v as Record<string, unknown>;
  return (
    typeof t.token === 'string' &&
    typeof t.refreshToken === 'string' &&
    typeof t.expiresAt === 'number' &&
    typeof t.refreshAt === 'number'
  );
}

/** The adapter's tokens in the connection's secret store (sessionStorage in the app). Never printed. */
export function secretTokenStore(secrets: SecretStore): VflowTokenStore & { has(): boolean } {
  const load = (): VflowTokens | null => {
    try {
      const raw = secrets.get(TOKENS_KEY);
      const parsed: unknown = raw ? JSON.parse(raw) : null;
      return isTokens(parsed) ? parsed : null;
    } catch {
      return null;
    }
  };
  return {
    load,
    save: (tokens) => secrets.set(TOKENS_KEY, JSON.stringify(tokens)),
    clear: () => secrets.delete(TOKENS_KEY),
    has: () => load() !== null,
    toJSON: () => ({ tokens: load() ? '[hidden]' : null }),
    toString: () => '[vFlow tokens]',
  } as VflowTokenStore & { has(): boolean };
}

const VALUE_TYPES: ReadonlySet<string> = new Set(['string', 'number', 'boolean', 'dictionary', 'list', 'any', 'object', 'file']);
function valueType(t: string | undefined): ValueType {
  if (t && VALUE_TYPES.has(t)) return t as ValueType;
  if (t === 'integer' || t === 'float' || t === 'double') return 'number';
  if (t === 'array') return 'list';
  if (t === 'map') return 'dictionary';
  return 'any';
}

/** Module outputs from a workflow's magic variables: `{stepId, outputId, type, outputName}` → the step's module. */
export function outputsFromMagicVariables(flow: SavedFlow['flow'], mv: VflowMagicVariables): Map<string, ModuleOutput[]> {
  const out = new Map<string, ModuleOutput[]>();
  for (const v of mv.magicVariables) {
    let stepId = v.stepId;
    let outputId = v.outputId;
    if (!stepId || !outputId) {
      // `{{step-001.body}}` alone still says which output.
      const m = /^\{\{\s*([^.\s{}]+)\.([^\s{}]+?)\s*\}\}$/.exec(v.key);
      if (!m || (stepId && m[1] !== stepId)) continue;
      stepId = m[1];
      outputId = m[2];
    }
    const step = flow.steps[stepId ?? ''];
    if (!step || !outputId) continue;
    const list = out.get(step.type) ?? [];
    if (list.some((o) => o.id === outputId)) continue;
    const name = typeof v.outputName === 'string' ? v.outputName : outputId;
    list.push({ id: outputId, type: valueType(v.type), label: { text: name } });
    out.set(step.type, list);
  }
  return out;
}

function structuralOf(m: ModuleDefinition): boolean {
  return (m.extensions?.vflow as { structural?: unknown } | undefined)?.structural === true;
}

/** vFlow pages hold at most 1000 (the test server answers 400 above): "everything" is read page by page. */
const MAX_PAGE = 500;

export type VflowConnectionAdapter = VflowAdapter & { readonly session: NonNullable<BackendAdapter['session']> };

/**
 * What the editor needs from vFlow beyond the plain adapter:
 * - `listFlows` with a very large `limit` (the library asks for everything) is read in pages of 500;
 * - capabilities: vFlow runs the stored workflow (`runNeedsSavedFlow`), its module list is partial, and its
 *   else / end markers are structure (`structuralModules`, known once the module list is read), and an if
 *   holds an else branch only when the catalog declares an else module (`elseBranch`, idem);
 * - module outputs for the reference picker: vFlow's module list has no outputs. They are learned from the
 *   workflow's magic variables when a flow opens and from each module detail, and `onModulesChanged` tells
 *   the UI to read the list again;
 * - a `session` (connect / disconnect / check) over the tokens in the connection's secret store.
 */
export function wrapVflowAdapter(inner: VflowAdapter, tokens: { has(): boolean }): VflowConnectionAdapter {
  const fromDetail = new Map<string, ModuleOutput[]>();
  const fromMagic = new Map<string, ModuleOutput[]>();
  const listeners = new Set<() => void>();
  const emit = () => listeners.forEach((l) => l());
  // Detail outputs (with English labels) win over those read from magic variables.
  const withOutputs = (m: ModuleDefinition): ModuleDefinition => {
    if (m.outputs.length > 0) return m;
    const o = fromDetail.get(m.id) ?? fromMagic.get(m.id);
    return o ? { ...m, outputs: o } : m;
  };
  const capabilities: Capabilities = {
    ...inner.capabilities,
    runNeedsSavedFlow: true,
    partialModuleList: true,
    structuralModules: [],
  };

  return {
    ...inner,
    capabilities,
    async listFlows(query = {}) {
      const limit = query.limit ?? 50;
      if (limit <= MAX_PAGE) return inner.listFlows(query);
      const offset = query.offset ?? 0;
      const first = await inner.listFlows({ ...query, offset, limit: MAX_PAGE });
      const items = [...first.items];
      while (items.length < Math.min(limit, first.total - offset)) {
        const next = await inner.listFlows({ ...query, offset: offset + items.length, limit: MAX_PAGE });
        if (next.items.length === 0) break;
        items.push(...next.items);
      }
      return { items: items.slice(0, limit), total: first.total, offset, limit };
    },
    async listModules() {
      const list = await inner.listModules();
      // The capabilities object is shared by reference (the UI holds it): updated in place.
      (capabilities as { structuralModules: readonly string[] }).structuralModules = list.filter(structuralOf).map((m) => m.id);
      // An else branch is offered only when the device's catalog declares an else module (the document
      // knows if_condition ... endif only); the adapter refuses to save one otherwise.
      (capabilities as { elseBranch?: boolean }).elseBranch = list.filter((m) => m.kind === 'if').every((m) => m.extensions?.elseBranch !== false);
      return list.map(withOutputs);
    },
    async getModule(id) {
      const def = await inner.getModule(id);
      if (def.outputs.length > 0 && JSON.stringify(fromDetail.get(id)) !== JSON.stringify(def.outputs)) {
        fromDetail.set(id, def.outputs);
        emit();
      }
      return def;
    },
    async getFlow(id) {
      const [saved, mv] = await Promise.all([inner.getFlow(id), inner.magicVariables(id).catch(() => null)]);
      if (mv) {
        let changed = false;
        for (const [moduleId, list] of outputsFromMagicVariables(saved.flow, mv)) {
          if (fromDetail.has(moduleId) || JSON.stringify(fromMagic.get(moduleId)) === JSON.stringify(list)) continue;
          fromMagic.set(moduleId, list);
          changed = true;
        }
        if (changed) emit();
      }
      return saved;
    },
    onModulesChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    session: {
      isConnected: () => tokens.has(),
      connect: async () => {
        await inner.connect();
      },
      disconnect: () => inner.revoke(),
      check: async () => testResultOf(await inner.testConnection()),
    },
    dispose() {
      listeners.clear();
      inner.dispose?.();
    },
  };
}

export interface VflowConnectionOptions {
  baseUrl: string;
  deviceName: string;
  deviceId?: string;
}

/** A saved connection's adapter: tokens in the connection's secret store. */
export function createVflowConnectionAdapter(opts: VflowConnectionOptions, ctx: BackendContext): VflowConnectionAdapter {
  const tokens = secretTokenStore(ctx.secrets);
  const inner = vflowBackendFactory({ ...opts, tokenStore: tokens });
  return wrapVflowAdapter(inner, tokens);
}

/** "Xiaomi Mi 14 · Android 14" from vFlow's deviceInfo; '' when it says nothing. */
export function deviceLabel(info: Record<string, unknown> | undefined): string {
  if (!info) return '';
  const s = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '');
  const name = [s(info.brand), s(info.model)].filter(Boolean).join(' ');
  const android = s(info.androidVersion);
  return [name, android ? `Android ${android}` : ''].filter(Boolean).join(' · ');
}

function testResultOf(r: TestConnectionResult): ConnectionTestResult {
  const out: ConnectionTestResult = { ok: r.ok, latencyMs: r.latencyMs };
  if (r.serverVersion !== undefined) out.serverVersion = r.serverVersion;
  const device = deviceLabel(r.deviceInfo);
  if (device) out.summary = device;
  if (r.stage) out.stage = r.stage === 'auth' ? 'auth' : 'reach';
  if (r.error) out.error = r.error;
  return out;
}

/**
 * Tests settings that are not saved yet: a throwaway adapter with tokens in memory, revoked right after, so
 * testing leaves no session behind on the device.
 */
export async function testVflowSettings(opts: VflowConnectionOptions): Promise<ConnectionTestResult> {
  let adapter: VflowAdapter;
  try {
    adapter = vflowBackendFactory({ ...opts, tokenStore: memoryTokenStore() });
  } catch (e) {
    return { ok: false, latencyMs: 0, stage: 'reach', error: e instanceof BackendError ? e : new BackendError('invalid', String(e)) };
  }
  const r = await adapter.testConnection();
  if (r.ok) await adapter.revoke().catch(() => undefined);
  adapter.dispose?.();
  return testResultOf(r);
}

// ---- the info panel ----------------------------------------------------------------------------------

/** 12345678 ms → "3 h 25 min"; small values in seconds. */
export function formatUptime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function formatPercent(rate: number | undefined): string {
  if (rate === undefined || !Number.isFinite(rate)) return '';
  return `${Math.round(rate * 1000) / 10}%`;
}

const PERIODS = ['today', 'week', 'month', 'all'] as const;
type Period = (typeof PERIODS)[number];

const sv = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const yesNo = (v: unknown) => (typeof v === 'boolean' ? (v ? 'info.yes' : 'info.no') : '');
const usage = (u: Record<string, unknown>) =>
  sv(u.used) ? `${sv(u.used)} / ${sv(u.total)}${num(u.percentage) !== undefined ? ` (${sv(u.percentage)}%)` : ''}` : '';

function rows(list: Array<[string, string]>): InfoSection['rows'] {
  return list.filter(([, v]) => v !== '').map(([label, value]) => ({ label, value }));
}

function healthSection(h: VflowHealth): InfoSection {
  return {
    id: 'health',
    title: 'info.health',
    rows: rows([
      ['info.status', h.status],
      ['info.version', sv(h.version)],
      ['info.uptime', formatUptime(num(h.uptime))],
    ]),
  };
}

function systemSections(info: VflowSystemInfo): InfoSection[] {
  const device = obj(info.device);
  const server = obj(info.server);
  const caps = obj(info.capabilities);
  const features = Array.isArray(caps.supportedFeatures) ? caps.supportedFeatures.map(sv).filter(Boolean) : [];
  const out: InfoSection[] = [
    {
      id: 'system',
      title: 'info.system',
      rows: rows([
        ['info.device', deviceLabel(device)],
        ['info.manufacturer', sv(device.manufacturer)],
        ['info.apiLevel', sv(device.apiLevel)],
        ['info.serverVersion', sv(server.version)],
        ['info.serverUptime', formatUptime(num(server.uptime))],
        ['info.root', yesNo(caps.hasRoot)],
        ['info.shizuku', yesNo(caps.hasShizuku)],
        ['info.features', features.join(', ')],
      ]),
    },
  ];
  const perms = info.permissions ?? [];
  if (perms.length > 0) {
    out.push({
      id: 'permissions',
      title: 'info.permissions',
      rows: perms.map((p) => {
        const description = sv((p as Record<string, unknown>).description);
        return {
          label: { text: description ? `${p.name} — ${description}` : p.name },
          value: p.granted ? 'info.granted' : 'info.denied',
          tone: p.granted ? ('ok' as const) : ('bad' as const),
        };
      }),
    });
  }
  return out;
}

function statsSections(s: VflowStats): InfoSection[] {
  const r = s as Record<string, unknown>;
  const top = Array.isArray(r.topWorkflows) ? (r.topWorkflows as unknown[]).map(obj) : [];
  const avg = num(r.averageExecutionTime);
  const out: InfoSection[] = [
    {
      id: 'stats',
      title: 'info.stats',
      choice: {
        param: 'period',
        label: 'info.period',
        options: PERIODS.map((p) => ({ value: p, label: `info.periods.${p}` })),
      },
      rows: rows([
        ['info.workflows', sv(r.workflowCount)],
        ['info.enabledWorkflows', sv(r.enabledWorkflowCount)],
        ['info.folders', sv(r.folderCount)],
        ['info.executions', sv(r.totalExecutions)],
        ['info.todayExecutions', sv(r.todayExecutions)],
        ['info.successRate', formatPercent(num(r.successRate))],
        ['info.averageTime', avg !== undefined ? `${Math.round(avg)} ms` : ''],
        ['info.storage', usage(obj(r.storageUsage))],
        ['info.memory', usage(obj(r.memoryUsage))],
      ]),
    },
  ];
  if (top.length > 0) {
    out.push({
      id: 'top',
      title: 'info.topWorkflows',
      rows: top.map((w) => ({ label: { text: sv(w.name) || sv(w.workflowId) }, value: sv(w.executionCount) })),
    });
  }
  return out;
}

/** The device and server: health, system info (and permissions), statistics by period. Never throws. */
export async function describeVflow(adapter: BackendAdapter, params: Record<string, string> = {}): Promise<InfoSection[]> {
  const a = adapter as VflowAdapter;
  const period: Period = (PERIODS as readonly string[]).includes(params.period ?? '') ? (params.period as Period) : 'today';
  const [health, info, stats] = await Promise.allSettled([a.health(), a.systemInfo(), a.stats(period)]);
  const failed = (id: string, title: string, error: unknown): InfoSection => ({ id, title, rows: [], error });
  return [
    health.status === 'fulfilled' ? healthSection(health.value) : failed('health', 'info.health', health.reason),
    ...(info.status === 'fulfilled' ? systemSections(info.value) : [failed('system', 'info.system', info.reason)]),
    ...(stats.status === 'fulfilled'
      ? statsSections(stats.value)
      : [{ ...failed('stats', 'info.stats', stats.reason), choice: statsSections({ workflowCount: 0 })[0]!.choice }]),
  ];
}
