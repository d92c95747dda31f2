/**
 * The embedded local backend: flows, folders, versions and runs in IndexedDB (Dexie), runs executed by an
 * `EngineRunner` (a Web Worker in the browser, in-process in tests). Implements the whole adapter contract.
 *
 * The parts live beside it: `local-flows.ts` (flows, folders, conflict checks), `local-versions.ts`,
 * `local-runs.ts` (teeing engine events into the database), `local-io.ts` (import/export).
 */
import type { Flow } from '../../model/flow';
import type { ModuleCategory, ModuleDefinition } from '../../model/modules';
import { localSyntax } from '../../model/references/dialects';
import { BackendError, type BackendAdapter, type Capabilities, type RunHandle, type StartRunRequest } from '../types';
import { openDb, type FlowbenchDb } from './db';
import type { EngineRunner } from './engine/api';
import * as flows from './local-flows';
import * as io from './local-io';
import { LocalRuns } from './local-runs';
import * as versions from './local-versions';
import { builtinCategories } from './modules/categories';
import { notFound, restoreOrThrow } from './rows';

export interface LocalAdapterOptions {
  /** IndexedDB database name; tests give each test its own. Default `flowbench`. */
  dbName?: string;
  engine: EngineRunner;
}

export const LOCAL_CAPABILITIES: Capabilities = {
  editFlows: true,
  folders: true,
  nestedFolders: true,
  versions: true,
  publish: true,
  revertDraft: true,
  duplicate: true,
  move: true,
  enableDisable: true,
  favourites: true,
  tags: true,
  run: true,
  cancelRun: true,
  runHistory: true,
  logs: true,
  importExport: true,
  conflictDetection: true,
  testStep: true,
  structures: ['blocks', 'graph'],
  debug: { breakpoints: true, pins: true, partialRuns: true },
};

/** The local adapter, plus what only a local store can offer the editor. */
export interface LocalAdapter extends BackendAdapter {
  readonly db: FlowbenchDb;
  /** Resolves when every run started here has ended and been recorded. */
  whenIdle(): Promise<void>;
  /** `dispose`, awaitable: cancels live runs, waits for their records, disposes the engine, closes the db. */
  close(): Promise<void>;
}

function categoriesFor(modules: ModuleDefinition[]): ModuleCategory[] {
  const known = builtinCategories();
  const ids = new Set(known.map((c) => c.id));
  // A module in a category the list does not know still gets a heading.
  for (const m of modules) {
    if (ids.has(m.category)) continue;
    ids.add(m.category);
    known.push({ id: m.category, name: { text: m.category }, order: known.length });
  }
  return known.sort((a, b) => a.order - b.order);
}

/**
 * IndexedDB and Dexie failures as `BackendError`s, so the UI shows one kind of error whatever the backend.
 * Dexie wraps the browser's error in `inner`.
 */
export function storageError(e: unknown): BackendError {
  if (e instanceof BackendError) return e;
  const err = e as { name?: unknown; message?: unknown; inner?: { name?: unknown } } | null;
  const names = [err?.name, err?.inner?.name].filter((n): n is string => typeof n === 'string');
  const detail = typeof err?.message === 'string' ? err.message : String(e);
  if (names.includes('QuotaExceededError')) {
    return new BackendError('unavailable', `The browser's storage for Flowbench is full (${detail}). Delete old runs or flows, then retry.`, { cause: e, retryable: false });
  }
  if (names.some((n) => ['DatabaseClosedError', 'OpenFailedError', 'VersionError', 'InvalidStateError'].includes(n))) {
    return new BackendError('unavailable', `The local database is not available (${detail}). Reload the page; a newer Flowbench open in another tab may have upgraded it.`, { cause: e });
  }
  return new BackendError('internal', `The local database failed: ${detail}`, { cause: e });
}

/** Methods that are not storage calls and stay as they are. */
const UNGUARDED = new Set(['dispose', 'close', 'whenIdle']);

function guard<T extends object>(adapter: T): T {
  for (const [key, value] of Object.entries(adapter)) {
    if (typeof value !== 'function' || UNGUARDED.has(key)) continue;
    const fn = value as (...args: unknown[]) => Promise<unknown>;
    (adapter as Record<string, unknown>)[key] = async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (e) {
        throw storageError(e);
      }
    };
  }
  return adapter;
}

export function createLocalAdapter(opts: LocalAdapterOptions): LocalAdapter {
  const db = openDb(opts.dbName);
  const engine = opts.engine;
  const runs = new LocalRuns(db, engine);
  let closing: Promise<void> | null = null;

  const findModule = (id: string): ModuleDefinition => {
    const m = engine.modules().find((x) => x.id === id);
    if (!m) throw notFound('Module', id);
    return m;
  };

  async function flowToRun(req: StartRunRequest): Promise<Flow> {
    if (req.flow) return restoreOrThrow(req.flow, `The flow "${req.flow.name}"`);
    if (req.versionId !== undefined) return (await versions.getVersion(db, req.flowId, req.versionId)).flow;
    return (await flows.getFlow(db, req.flowId)).flow;
  }

  const close = (): Promise<void> => {
    closing ??= runs
      .stopAll()
      .catch(() => undefined)
      .then(() => {
        engine.dispose();
        db.close();
      });
    return closing;
  };

  return guard<LocalAdapter>({
    id: 'local',
    label: 'This browser',
    capabilities: LOCAL_CAPABILITIES,
    referenceSyntax: localSyntax,
    db,

    listFlows: (q) => flows.listFlows(db, q),
    getFlow: (id) => flows.getFlow(db, id),
    saveFlow: (req) => flows.saveFlow(db, req),
    deleteFlow: (id) => flows.deleteFlow(db, id),
    duplicateFlow: (id, o) => flows.duplicateFlow(db, id, o),
    moveFlow: (id, folderId) => flows.moveFlow(db, id, folderId),
    setFlowEnabled: (id, enabled) => flows.setFlowEnabled(db, id, enabled),
    setFlowFavourite: (id, favourite) => flows.setFlowFavourite(db, id, favourite),

    listFolders: () => flows.listFolders(db),
    createFolder: (name, parentId) => flows.createFolder(db, name, parentId),
    updateFolder: (id, patch) => flows.updateFolder(db, id, patch),
    deleteFolder: (id, contents) => flows.deleteFolder(db, id, contents),

    listVersions: (flowId) => versions.listVersions(db, flowId),
    getVersion: (flowId, versionId) => versions.getVersion(db, flowId, versionId),
    createVersion: (flowId, o) => versions.createVersion(db, flowId, o),
    publish: (flowId, o) => versions.publish(db, flowId, o),
    restoreVersion: (flowId, versionId) => versions.restoreVersion(db, flowId, versionId),
    revertDraft: (flowId) => versions.revertDraft(db, flowId),

    listCategories: async () => categoriesFor(engine.modules()),
    listModules: async () => engine.modules(),
    getModule: async (id) => findModule(id),

    async startRun(req: StartRunRequest, signal?: AbortSignal): Promise<RunHandle> {
      return runs.start(req, await flowToRun(req), signal);
    },
    cancelRun: (runId) => runs.cancel(runId),
    listRuns: (flowId, o) => runs.list(flowId, o),
    getRunEvents: (runId) => runs.events(runId),
    deleteRun: (runId) => runs.delete(runId),
    testStep: (req) => engine.testStep(req),

    exportFlows: (ids, format) => io.exportFlows(db, ids, format),
    importFiles: (files, o) => io.importFiles(db, files, o),

    whenIdle: () => runs.whenIdle(),
    close,
    dispose: () => void close(),
  });
}
