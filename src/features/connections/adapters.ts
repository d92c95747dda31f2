/**
 * One vFlow adapter per saved connection, made through the backend registry and loaded lazily (the adapter and
 * its schemas stay out of the first load). Each gets its own id, `vflow:<connection id>`, so query keys, editor
 * journals and run history of two devices never mix.
 *
 * The wrapper adds what the editor needs from this backend:
 * - `listFlows` with a very large `limit` (the library asks for everything) is read in pages of 500;
 * - `runsStoredFlow`: vFlow runs the stored workflow, so the run panel saves first;
 * - module outputs for the variable picker: vFlow's module list has no outputs, and the inspector builds
 *   `{{step-id.output}}` candidates from the module list. Outputs are learned from the workflow's
 *   magic-variables endpoint when a flow opens and from each module detail the inspector loads, and
 *   `onModuleOutputs` tells `useModuleOutputsSync` to patch the cached module list.
 */
import type { ModuleDefinition, ModuleOutput, ValueType } from '../../model/modules';
import { createBackend, hasBackend } from '../../backends/registry';
import { BackendError, type SavedFlow } from '../../backends/types';
import type { VflowAdapter } from '../../backends/vflow/adapter';
import type { VflowMagicVariables } from '../../backends/vflow/schemas';
import {
  adapterSignature,
  choiceOf,
  type ConnectionInput,
  type SavedConnection,
  normalizeBaseUrl,
} from './model';
import { connectionsStore } from './store';
import { clearSessionTokens, sessionTokenStore, type ConnectionTokenStore } from './token-store';

export interface ConnectionAdapter extends VflowAdapter {
  readonly connectionId: string;
  /** startRun ignores `req.flow`: the editor saves before running. */
  readonly runsStoredFlow: true;
  /** Outputs learned so far, by module id. */
  moduleOutputs(): ReadonlyMap<string, ModuleOutput[]>;
  /** Called when outputs of some module were learned; returns an unsubscribe. */
  onModuleOutputs(listener: () => void): () => void;
  /** Whether this browser holds a token for the connection (no request). */
  hasToken(): boolean;
}

export function isConnectionAdapter(a: unknown): a is ConnectionAdapter {
  return (
    !!a &&
    typeof (a as Partial<ConnectionAdapter>).onModuleOutputs === 'function' &&
    typeof (a as Partial<ConnectionAdapter>).testConnection === 'function'
  );
}

type VflowModule = typeof import('../../backends/vflow');
let vflowModule: Promise<VflowModule> | null = null;

/** Loads the vFlow adapter code and registers its factory once. */
export function loadVflow(): Promise<VflowModule> {
  vflowModule ??= import('../../backends/vflow').then((m) => {
    if (!hasBackend('vflow')) m.registerVflowBackend();
    return m;
  });
  vflowModule.catch(() => {
    vflowModule = null;
  });
  return vflowModule;
}

const VALUE_TYPES: ReadonlySet<string> = new Set([
  'string',
  'number',
  'boolean',
  'dictionary',
  'list',
  'any',
  'object',
  'file',
]);
function valueType(t: string | undefined): ValueType {
  if (t && VALUE_TYPES.has(t)) return t as ValueType;
  if (t === 'integer' || t === 'float' || t === 'double') return 'number';
  if (t === 'array') return 'list';
  if (t === 'map') return 'dictionary';
  return 'any';
}

/** Module outputs from a workflow's magic variables: `{stepId, outputId, type, outputName}` → the step's module. */
export function outputsFromMagicVariables(
  flow: SavedFlow['flow'],
  mv: VflowMagicVariables,
): Map<string, ModuleOutput[]> {
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

const MAX_PAGE = 500;

/** Wraps a registry-made vFlow adapter with the connection's id and the editor helpers above. */
export function wrapAdapter(
  inner: VflowAdapter,
  conn: Pick<SavedConnection, 'id' | 'name'>,
  tokens: ConnectionTokenStore,
  labelOf: () => string = () => conn.name,
): ConnectionAdapter {
  // Detail outputs (with English labels) win over those read from magic variables.
  const fromDetail = new Map<string, ModuleOutput[]>();
  const fromMagic = new Map<string, ModuleOutput[]>();
  const listeners = new Set<() => void>();
  const emit = () => listeners.forEach((l) => l());
  const outputs = (): Map<string, ModuleOutput[]> => new Map([...fromMagic, ...fromDetail]);
  const withOutputs = (m: ModuleDefinition): ModuleDefinition => {
    if (m.outputs.length > 0) return m;
    const o = fromDetail.get(m.id) ?? fromMagic.get(m.id);
    return o ? { ...m, outputs: o } : m;
  };

  const wrapped: ConnectionAdapter = {
    ...inner,
    id: choiceOf(conn.id),
    get label() {
      return labelOf();
    },
    connectionId: conn.id,
    runsStoredFlow: true,
    async listFlows(query = {}) {
      // vFlow pages hold at most 1000 (the test server answers 400 above): "everything" is read page by page.
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
      return (await inner.listModules()).map(withOutputs);
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
          if (fromDetail.has(moduleId) || JSON.stringify(fromMagic.get(moduleId)) === JSON.stringify(list))
            continue;
          fromMagic.set(moduleId, list);
          changed = true;
        }
        if (changed) emit();
      }
      return saved;
    },
    moduleOutputs: outputs,
    onModuleOutputs(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    hasToken: () => tokens.has(),
    dispose() {
      listeners.clear();
      inner.dispose?.();
    },
  };
  return wrapped;
}

interface CacheEntry {
  signature: string;
  adapter: Promise<ConnectionAdapter>;
}
const cache = new Map<string, CacheEntry>();

/** The connection's adapter, made once per address / device and reused (tokens, module cache) after that. */
export function adapterForConnection(conn: SavedConnection): Promise<ConnectionAdapter> {
  const signature = adapterSignature(conn);
  const hit = cache.get(conn.id);
  if (hit && hit.signature === signature) return hit.adapter;
  if (hit)
    void hit.adapter.then(
      (a) => a.dispose?.(),
      () => undefined,
    );
  const adapter = (async () => {
    await loadVflow();
    const tokens = sessionTokenStore(conn.id);
    const inner = createBackend('vflow', {
      baseUrl: conn.baseUrl,
      deviceId: conn.deviceId,
      deviceName: conn.deviceName,
      tokenStore: tokens,
      label: conn.name,
    }) as VflowAdapter;
    const labelOf = () =>
      connectionsStore.getState().connections.find((c) => c.id === conn.id)?.name ?? conn.name;
    return wrapAdapter(inner, conn, tokens, labelOf);
  })();
  cache.set(conn.id, { signature, adapter });
  adapter.catch(() => {
    if (cache.get(conn.id)?.adapter === adapter) cache.delete(conn.id);
  });
  return adapter;
}

/**
 * Forgets a connection: revokes its token on the device (best effort) and drops the adapter and the tokens.
 * Used when a connection is deleted or its address / device changes.
 */
export async function forgetConnection(connectionId: string): Promise<void> {
  const hit = cache.get(connectionId);
  cache.delete(connectionId);
  if (hit) {
    try {
      const a = await hit.adapter;
      if (a.hasToken()) await a.revoke().catch(() => undefined);
      a.dispose?.();
    } catch {
      // never made: nothing to revoke
    }
  }
  clearSessionTokens(connectionId);
}

/**
 * Tests an address that is not saved yet (the connection form): a throwaway adapter with tokens in memory,
 * revoked right after, so testing leaves no session behind.
 */
export async function testDraftConnection(input: ConnectionInput, deviceId: string) {
  const m = await loadVflow();
  let adapter: VflowAdapter;
  try {
    adapter = m.createVflowAdapter({
      baseUrl: normalizeBaseUrl(input.baseUrl),
      deviceId,
      deviceName: input.deviceName.trim() || 'Flowbench',
      tokenStore: m.memoryTokenStore(),
    });
  } catch (e) {
    return {
      ok: false,
      latencyMs: 0,
      stage: 'health' as const,
      error: e instanceof BackendError ? e : new BackendError('invalid', String(e)),
    };
  }
  const result = await adapter.testConnection();
  if (result.ok) await adapter.revoke().catch(() => undefined);
  adapter.dispose?.();
  return result;
}

/** For tests. */
export function resetAdapterCache(): void {
  cache.clear();
}
