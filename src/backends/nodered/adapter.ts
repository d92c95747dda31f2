/**
 * The Node-RED adapter: tabs and subflows as graph flows, deploys with conflict detection, the palette from
 * `GET /nodes`, runs by pressing an inject node (or posting to an http-in endpoint) and traced from /comms.
 * See README.md for the choices made where Node-RED and Flowbench differ.
 */
import type { Flow, Step } from '../../model/flow';
import type { ModuleCategory, ModuleDefinition } from '../../model/modules';
import type { TraceEvent } from '../trace';
import {
  BackendError,
  type BackendAdapter,
  type Capabilities,
  type FlowSummary,
  type ListFlowsQuery,
  type Page,
  type RunHandle,
  type RunSummary,
  type SavedFlow,
  type SaveFlowRequest,
  type StartRunRequest,
} from '../types';
import { sameDocument } from '../transport/landed-create';
import { catalogFrom, categoriesOf, coreWiring } from './catalog';
import { NodeRedClient, type DeploymentType, type NodeRedAuth, type TokenStore } from './client';
import { CommsChannel, type CommsState, type WebSocketFactory } from './comms';
import {
  containersOf,
  contentHash,
  flowFromContainer,
  objectsOfContainer,
  objectsOfFlow,
  parseRevision,
  portIdOf,
  replaceFlowObjects,
  summaryOf,
  withFreshIds,
} from './mapping';
import { noderedSyntax } from './references';
import { RunTracker } from './run-tracker';
import { defaultRunRecords, recordedRunEvents, recordedRunsPage, type RunRecordStore } from '../run-records';
import { testFunctionNode } from './function-test';
import type { Sandbox, SandboxProvider } from '../local/sandbox/types';
import type { FlowsV2, NodeObject } from './schemas';

export interface NodeRedAdapterOptions {
  baseUrl: string;
  auth?: NodeRedAuth;
  tokenStore?: TokenStore;
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /** The browser's WebSocket by default; `ws` in Node. */
  createSocket?: WebSocketFactory;
  /** `Node-RED-Deployment-Type` of a save: `nodes` (only changed nodes restart, default) or `full`. */
  deploymentType?: DeploymentType;
  /**
   * What counts as a conflict. `flow` (default): someone changed this tab since it was opened (deploys of
   * other tabs are merged in, never overwritten). `global`: any deploy since it was opened, as Node-RED's
   * own editor does (the save posts the `rev` it started from).
   */
  conflictScope?: 'flow' | 'global';
  /** A run ends after this long without any of its messages moving (default 2000 ms). */
  quietMs?: number;
  /** A run ends as `timeout` after this long (default 5 minutes). */
  maxRunMs?: number;
  /** Runs kept per flow for history, replay and compare (default 50). */
  historyLimit?: number;
  /** Where finished runs are recorded (default: IndexedDB in the browser, memory elsewhere). */
  runRecords?: RunRecordStore;
  timeoutMs?: number;
  /** The sandbox "Test step" runs a function node's code in (default: QuickJS, created on first use). */
  sandbox?: SandboxProvider;
  id?: string;
  label?: string;
}

/** QuickJS on first use: the browser loads the `.wasm` from the bundle, Node lets the variant find it. */
function lazyQuickJS(): SandboxProvider & { dispose(): void } {
  let sandbox: Promise<Sandbox> | null = null;
  const provider = () => {
    sandbox ??= (async () => {
      const [{ createQuickJSSandbox }, loader] = await Promise.all([
        import('../local/sandbox/quickjs-sandbox'),
        typeof window === 'undefined'
          ? import('../local/sandbox/loader').then((m) => m.nodeQuickJSLoader)
          : import('../local/sandbox/loader-browser').then((m) => m.browserQuickJSLoader),
      ]);
      return createQuickJSSandbox({ loader });
    })().catch((e: unknown) => {
      sandbox = null;
      throw e;
    });
    return sandbox;
  };
  return Object.assign(provider, {
    dispose() {
      void sandbox?.then((s) => s.dispose()).catch(() => undefined);
      sandbox = null;
    },
  });
}

export interface NodeRedServerInfo {
  version: string;
  httpNodeRoot: string;
  plugin: boolean;
  nodeTypes: number;
}

export interface NodeRedAdapter extends BackendAdapter {
  readonly client: NodeRedClient;
  serverInfo(): Promise<NodeRedServerInfo>;
  /** The websocket's state, for a "reconnecting…" banner. */
  onConnectionState(listener: (s: CommsState) => void): () => void;
}

const CAPABILITIES: Capabilities = {
  editFlows: true,
  folders: false,
  nestedFolders: false,
  versions: false,
  publish: false,
  revertDraft: false,
  duplicate: false,
  move: false,
  enableDisable: true,
  favourites: false,
  tags: false,
  run: true,
  cancelRun: true,
  runHistory: true,
  logs: true,
  importExport: false,
  conflictDetection: true,
  // Function nodes' On Message code, in the local sandbox (function-test.ts).
  testStep: true,
  structures: ['graph'],
};

function newNodeId(): string {
  // Node-RED's own ids: 16 hex digits.
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A run of this session (live or just finished); finished ones are also in the run records. */
interface SessionRun {
  summary: RunSummary;
  events: TraceEvent[];
  tracker: RunTracker | null;
}

export function createNodeRedAdapter(opts: NodeRedAdapterOptions): NodeRedAdapter {
  const client = new NodeRedClient({ baseUrl: opts.baseUrl, auth: opts.auth, tokenStore: opts.tokenStore, fetch: opts.fetch, timeoutMs: opts.timeoutMs });
  const scope = opts.conflictScope ?? 'flow';
  const runs = new Map<string, SessionRun>();
  const adapterId = opts.id ?? `nodered:${client.baseUrl}`;
  // Node-RED keeps no runs: they are recorded in the browser, so history and replay survive a reload.
  const records = opts.runRecords ?? defaultRunRecords(adapterId, opts.historyLimit);
  let comms: CommsChannel | null = null;
  const stateListeners = new Set<(s: CommsState) => void>();
  let modulesCache: { at: number; modules: ModuleDefinition[] } | null = null;
  let pluginCache: boolean | null = null;
  let settingsCache: { httpNodeRoot: string; version: string } | null = null;

  const channel = (): CommsChannel => {
    if (!comms) {
      comms = new CommsChannel({
        url: client.commsUrl,
        token: () => client.accessToken(),
        onAuthFailed: () => {
          if (client.auth.kind === 'credentials') opts.tokenStore?.clear();
        },
        createSocket: opts.createSocket,
      });
      comms.onState((s) => {
        for (const l of stateListeners) l(s);
      });
    }
    return comms;
  };

  const subflowInfo = (flows: NodeObject[]) =>
    flows
      .filter((o) => o.type === 'subflow')
      .map((o) => ({
        id: o.id,
        name: typeof o.name === 'string' ? o.name : o.id,
        inputs: Array.isArray(o.in) ? o.in.length : 0,
        outputs: Array.isArray(o.out) ? o.out.length : 0,
      }));

  const kindOf = (flows: NodeObject[]) => {
    const subflows = new Map(subflowInfo(flows).map((s) => [`subflow:${s.id}`, s]));
    return (type: string): Step['kind'] => {
      const sf = subflows.get(type);
      if (sf) return sf.inputs === 0 ? 'trigger' : 'action';
      return coreWiring(type)?.inputs === 0 ? 'trigger' : 'action';
    };
  };

  /** Outputs a new step of this type has: a switch has one per rule, a function its `outputs`. */
  const declaredOutputs = (type: string, params: Record<string, unknown>): number | null => {
    if (type === 'switch' && Array.isArray(params.rules)) return params.rules.length;
    if (typeof params.outputs === 'number') return params.outputs;
    return coreWiring(type)?.outputs ?? null;
  };

  const saved = (config: FlowsV2, id: string): SavedFlow => {
    const flow = flowFromContainer(config.flows, id, kindOf(config.flows));
    if (!flow) throw new BackendError('not-found', `Node-RED has no flow (tab or subflow) "${id}".`);
    return { flow, summary: summaryOf(flow, objectsOfContainer(config.flows, id), config.rev) };
  };

  const hasContainer = (flows: NodeObject[], id: string) => flows.some((o) => o.id === id && (o.type === 'tab' || o.type === 'subflow'));

  async function deployWith(build: (current: FlowsV2) => NodeObject[], check?: (current: FlowsV2) => void): Promise<{ rev: string; flows: NodeObject[] }> {
    // One retry: a deploy from elsewhere between our read and our write answers 409 and is re-checked.
    for (let attempt = 0; ; attempt++) {
      const current = await client.getFlows();
      check?.(current);
      const next = build(current);
      try {
        const rev = await client.deploy(next, { rev: current.rev, type: opts.deploymentType ?? 'nodes' });
        modulesCache = null;
        return { rev, flows: next };
      } catch (e) {
        if (e instanceof BackendError && e.code === 'conflict' && attempt === 0) continue;
        throw e;
      }
    }
  }

  const ownSandbox = opts.sandbox ? null : lazyQuickJS();
  const sandbox: SandboxProvider = opts.sandbox ?? ownSandbox!;

  const adapter: NodeRedAdapter = {
    id: adapterId,
    label: opts.label ?? 'Node-RED',
    capabilities: CAPABILITIES,
    referenceSyntax: noderedSyntax,
    client,

    async listFlows(query: ListFlowsQuery = {}): Promise<Page<FlowSummary>> {
      const config = await client.getFlows();
      let items = containersOf(config.flows).map((c) => saved(config, c.id).summary);
      if (query.search) {
        const needle = query.search.toLowerCase();
        items = items.filter((s) => s.name.toLowerCase().includes(needle) || s.description.toLowerCase().includes(needle));
      }
      if (query.includeDisabled === false) items = items.filter((s) => s.enabled);
      if (query.sortBy === 'name') items.sort((a, b) => a.name.localeCompare(b.name));
      if (query.order === 'desc') items.reverse();
      const offset = query.offset ?? 0;
      const limit = query.limit ?? items.length;
      return { items: items.slice(offset, offset + limit), total: items.length, offset, limit };
    },

    async getFlow(id) {
      return saved(await client.getFlows(), id);
    },

    async saveFlow(req: SaveFlowRequest): Promise<SavedFlow> {
      if (req.flow.structure !== 'graph') {
        throw new BackendError('unsupported', 'Node-RED stores flows as graphs of wired nodes; convert the flow to a graph first.');
      }
      let flow: Flow = req.flow;
      if (req.baseRevision === null) {
        const current = await client.getFlows();
        const taken = new Set(current.flows.map((o) => o.id));
        // This very flow is already deployed: an earlier create of it landed though its answer broke. That
        // copy is the result; deploying it again would add a second tab under fresh ids.
        if (taken.has(flow.id) && hasContainer(current.flows, flow.id)) {
          const landed = saved(current, flow.id);
          if (sameDocument(landed.flow, flow)) return landed;
        }
        if (taken.has(flow.id)) flow = { ...flow, id: newNodeId() };
        flow = withFreshIds(flow, taken, newNodeId);
        const id = flow.id;
        const result = await deployWith((c) => [...c.flows, ...objectsOfFlow(flow, declaredOutputs)], (c) => {
          if (c.flows.some((o) => o.id === id)) throw new BackendError('conflict', `A node with id "${id}" appeared on the server.`);
        });
        return saved({ rev: result.rev, flows: result.flows }, flow.id);
      }
      const base = parseRevision(req.baseRevision);
      const result = await deployWith(
        (current) => {
          const existing = current.flows.find((o) => o.id === flow.id);
          return replaceFlowObjects(current.flows, flow.id, objectsOfFlow(flow, declaredOutputs, existing));
        },
        (current) => {
          if (!hasContainer(current.flows, flow.id)) {
            throw new BackendError('not-found', `The flow "${flow.name}" is no longer on this Node-RED (deleted elsewhere).`);
          }
          if (req.force) return;
          const changed = scope === 'global' ? current.rev !== base.rev : contentHash(objectsOfContainer(current.flows, flow.id)) !== base.hash;
          if (changed) {
            throw new BackendError('conflict', `"${flow.name}" was deployed to Node-RED by someone else since you opened it.`, {
              current: saved(current, flow.id),
              retryable: false,
            });
          }
        },
      );
      return saved({ rev: result.rev, flows: result.flows }, flow.id);
    },

    async deleteFlow(id) {
      await deployWith(
        (current) => current.flows.filter((o) => o.id !== id && o.z !== id),
        (current) => {
          if (!hasContainer(current.flows, id)) throw new BackendError('not-found', `Node-RED has no flow "${id}".`);
          const users = current.flows.filter((o) => o.type === `subflow:${id}`);
          if (users.length > 0) {
            throw new BackendError('invalid', `The subflow is used by ${users.length} node(s); remove them first.`, { details: { nodes: users.map((u) => u.id) } });
          }
        },
      );
    },

    async setFlowEnabled(id, enabled) {
      await deployWith(
        (current) =>
          current.flows.map((o) => {
            if (o.id !== id || o.type !== 'tab') return o;
            return { ...o, disabled: !enabled };
          }),
        (current) => {
          if (!current.flows.some((o) => o.id === id && o.type === 'tab')) throw new BackendError('not-found', `Node-RED has no tab "${id}" (subflows cannot be disabled).`);
        },
      );
    },

    async listCategories(): Promise<ModuleCategory[]> {
      return categoriesOf(await adapter.listModules());
    },

    async listModules(): Promise<ModuleDefinition[]> {
      if (modulesCache && Date.now() - modulesCache.at < 30_000) return modulesCache.modules;
      const [sets, config] = await Promise.all([client.nodeSets(), client.getFlows()]);
      const modules = catalogFrom(sets, subflowInfo(config.flows));
      modulesCache = { at: Date.now(), modules };
      return modules;
    },

    async getModule(id) {
      const m = (await adapter.listModules()).find((x) => x.id === id);
      if (!m) throw new BackendError('not-found', `This Node-RED has no node type "${id}".`);
      return m;
    },

    async startRun(req: StartRunRequest): Promise<RunHandle> {
      const config = await client.getFlows();
      const flow = flowFromContainer(config.flows, req.flowId);
      if (!flow) throw new BackendError('not-found', `Node-RED has no flow "${req.flowId}"; save (deploy) it first.`);
      const tab = config.flows.find((o) => o.id === req.flowId)!;
      if (tab.disabled === true) throw new BackendError('invalid', `"${flow.name}" is disabled in Node-RED; enable it to run it.`);
      const nodes = flow.root.map((id) => flow.steps[id]!).filter((s) => !s.disabled);
      const wanted = typeof req.inputs.node === 'string' ? req.inputs.node : null;
      const trigger = wanted
        ? nodes.find((s) => s.id === wanted)
        : (nodes.find((s) => s.type === 'inject') ?? nodes.find((s) => s.type === 'http in'));
      if (!trigger || (trigger.type !== 'inject' && trigger.type !== 'http in')) {
        throw new BackendError('invalid', wanted ? `"${wanted}" is not an enabled inject or http-in node of this flow.` : `"${flow.name}" has no enabled inject or http-in node to start a run with.`);
      }
      const plugin = pluginCache ?? (await detectPlugin());
      const ch = channel();
      try {
        await ch.ready();
      } catch (e) {
        throw new BackendError('unavailable', `Could not open Node-RED's websocket (${e instanceof Error ? e.message : String(e)}).`, { cause: e });
      }
      const runId = `nodered-run-${newNodeId()}`;
      const record: SessionRun = {
        summary: { id: runId, flowId: req.flowId, status: 'running', startedAt: Date.now(), finishedAt: null, trigger: req.trigger ?? 'manual' },
        events: [],
        tracker: null,
      };
      const stepIds = new Set(flow.root);
      const tracker = new RunTracker({
        runId,
        flowId: req.flowId,
        trigger: req.trigger ?? 'manual',
        inputs: req.inputs,
        triggerNodeId: trigger.id,
        stepIds,
        scopeIds: new Set([req.flowId]),
        plugin,
        portId: (_node, i) => portIdOf(i),
        quietMs: opts.quietMs,
        maxMs: opts.maxRunMs,
      });
      record.tracker = tracker;
      runs.set(runId, record);
      trimHistory();
      const unlisten = ch.listen((m) => tracker.handle(m));
      const press = async () => {
        if (trigger.type === 'inject') {
          // Node-RED answers a deploy before the new nodes are started: a fresh inject node may 404 briefly.
          for (let attempt = 0; ; attempt++) {
            try {
              await client.inject(trigger.id);
              break;
            } catch (e) {
              if (!(e instanceof BackendError && e.code === 'not-found') || attempt >= 15 || tracker.finished) throw e;
              await new Promise((r) => setTimeout(r, 200));
            }
          }
        } else {
          settingsCache ??= await client.settings();
          const url = typeof trigger.params.url === 'string' ? trigger.params.url : '/';
          const method = typeof trigger.params.method === 'string' ? trigger.params.method : 'get';
          await client.callHttpIn(settingsCache.httpNodeRoot, url, method, req.inputs.payload ?? {});
        }
      };
      press().catch((e: unknown) => {
        const msg = e instanceof BackendError && e.code === 'not-found' ? `Node-RED has no deployed node "${trigger.id}" (deploy the flow first).` : e instanceof Error ? e.message : String(e);
        tracker.fail(msg);
      });
      async function* recorded(): AsyncIterable<TraceEvent> {
        try {
          for await (const e of tracker.events) {
            record.events.push(e);
            if (e.type === 'run-finished') {
              record.summary = { ...record.summary, status: e.status, finishedAt: e.at, error: e.error?.message };
              // Recorded before the caller hears the end, so its history list already has it. A browser that
              // refuses (quota, private mode) still has the run for this session.
              await records.save({ summary: record.summary, events: record.events }).catch(() => undefined);
            }
            yield e;
          }
        } finally {
          unlisten();
          if (!tracker.finished) tracker.cancel();
          record.tracker = null;
        }
      }
      return { runId, events: recorded() };
    },

    async cancelRun(runId) {
      const r = runs.get(runId);
      if (!r) throw new BackendError('not-found', `No run "${runId}" in this session.`);
      r.tracker?.cancel();
    },

    listRuns: (flowId, o) => recordedRunsPage(records, flowId, [...runs.values()].map((r) => r.summary), o),

    getRunEvents: (runId) => recordedRunEvents(records, runId, runs.get(runId)?.events),

    async deleteRun(runId) {
      runs.delete(runId);
      await records.remove(runId);
    },

    async testStep(req) {
      const step = req.flow.steps[req.stepId];
      if (!step) throw new BackendError('not-found', `No step "${req.stepId}" in this flow.`);
      if (step.type !== 'function') throw new BackendError('unsupported', `Only function nodes can be tested here ("${step.type}" is not one).`);
      return testFunctionNode(sandbox, req);
    },

    async serverInfo() {
      const [settings, sets] = await Promise.all([client.settings(), client.nodeSets()]);
      settingsCache = settings;
      return { version: settings.version, httpNodeRoot: settings.httpNodeRoot, plugin: await detectPlugin(), nodeTypes: sets.reduce((n, s) => n + s.types.length, 0) };
    },

    onConnectionState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },

    dispose() {
      for (const r of runs.values()) r.tracker?.cancel();
      ownSandbox?.dispose();
      comms?.dispose();
      comms = null;
    },
  };

  async function detectPlugin(): Promise<boolean> {
    try {
      const sets = await client.plugins();
      pluginCache = sets.some((s) => s.enabled !== false && (s.module === 'flowbench-trace-plugin' || (s.plugins ?? []).some((p) => p.id === 'flowbench-trace')));
    } catch {
      pluginCache = false;
    }
    return pluginCache;
  }

  function trimHistory() {
    const limit = opts.historyLimit ?? 50;
    const ids = [...runs.keys()];
    for (const id of ids.slice(0, Math.max(0, ids.length - limit))) if (!runs.get(id)?.tracker) runs.delete(id);
  }

  return adapter;
}
