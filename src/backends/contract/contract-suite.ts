/**
 * The contract every backend adapter passes. It reads the adapter's declared capabilities and tests only
 * those, so a run-only backend (Dify) and a full one (local) share one suite. Call it from the adapter's
 * test file:
 *
 *   describeAdapterContract('local', async () => { const adapter = ...; return { adapter, cleanup } });
 *
 * Test-only: imports Vitest, never import it from app code.
 */
import { afterEach, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import type { Flow } from '../../model/flow';
import type { ModuleDefinition } from '../../model/modules';
import { runStateFrom } from '../run-state';
import type { TraceEvent } from '../trace';
import { BackendError, type BackendAdapter, type Capabilities, type ErrorCode, type SavedFlow } from '../types';
import { contractRunnableFlow, contractSampleFlow } from './sample-flows';

export interface AdapterUnderTest {
  adapter: BackendAdapter;
  cleanup: () => Promise<void> | void;
}

export interface ContractOptions {
  /** A flow the backend stores losslessly; default `contractSampleFlow` built from the catalog. */
  sampleFlow?: (modules: ModuleDefinition[]) => Flow;
  /** A flow that runs to `succeeded`; default one plain step of the first action module. */
  runnableFlow?: (modules: ModuleDefinition[]) => Flow;
  /** A flow that runs long enough (a second or more) to be cancelled half-way; without it cancel is only checked to end the run. */
  slowFlow?: (modules: ModuleDefinition[]) => Flow;
  /** Inputs for the runs. */
  runInputs?: Record<string, unknown>;
  /** Whether the runnable flow must end `succeeded` (default true). */
  expectRunSuccess?: boolean;
}

const TERMINAL = ['succeeded', 'failed', 'cancelled', 'timeout'];

/** Which optional methods each capability promises. */
const METHODS_OF: Partial<Record<keyof Capabilities, Array<keyof BackendAdapter>>> = {
  folders: ['listFolders', 'createFolder', 'updateFolder', 'deleteFolder'],
  versions: ['listVersions', 'getVersion', 'createVersion', 'restoreVersion'],
  publish: ['publish'],
  revertDraft: ['revertDraft'],
  duplicate: ['duplicateFlow'],
  move: ['moveFlow'],
  enableDisable: ['setFlowEnabled'],
  favourites: ['setFlowFavourite'],
  run: ['startRun'],
  cancelRun: ['cancelRun'],
  runHistory: ['listRuns', 'getRunEvents'],
  importExport: ['exportFlows', 'importFiles'],
  testStep: ['testStep'],
};

export async function expectBackendError(p: Promise<unknown>, code: ErrorCode): Promise<BackendError> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected a BackendError "${code}"`).toBeInstanceOf(BackendError);
  expect((caught as BackendError).code).toBe(code);
  return caught as BackendError;
}

async function collect<T>(events: AsyncIterable<T>, limitMs = 15_000): Promise<T[]> {
  const out: T[] = [];
  const deadline = Date.now() + limitMs;
  for await (const e of events) {
    out.push(e);
    if (Date.now() > deadline) throw new Error(`The run's event stream did not end within ${limitMs} ms`);
  }
  return out;
}

/** The invariants every recorded run satisfies, whatever the transport. */
export function expectWellFormedRun(events: TraceEvent[], runId: string): void {
  expect(events.length).toBeGreaterThanOrEqual(2);
  expect(events[0]!.type).toBe('run-started');
  expect(events.at(-1)!.type).toBe('run-finished');
  expect(events.filter((e) => e.type === 'run-finished')).toHaveLength(1);
  for (const e of events) expect(e.runId).toBe(runId);
  for (let i = 1; i < events.length; i++) expect(events[i]!.seq, `seq at event ${i}`).toBeGreaterThan(events[i - 1]!.seq);
  const open = new Map<string, number>();
  for (const e of events) {
    if (e.type !== 'step-started' && e.type !== 'step-finished') continue;
    const key = `${e.stepId}@${e.iteration.join('.')}`;
    if (e.type === 'step-started') open.set(key, (open.get(key) ?? 0) + 1);
    else if (open.get(key)) open.set(key, open.get(key)! - 1);
  }
  const unmatched = [...open].filter(([, n]) => n > 0).map(([k]) => k);
  expect(unmatched, 'step-started events without a step-finished').toEqual([]);
}

function withoutId(flow: Flow): Omit<Flow, 'id'> {
  const { id: _id, ...rest } = flow;
  return rest;
}

export function describeAdapterContract(name: string, makeAdapter: () => Promise<AdapterUnderTest>, options: ContractOptions = {}): void {
  describe(`adapter contract: ${name}`, () => {
    let under: AdapterUnderTest;
    let adapter: BackendAdapter;
    let caps: Capabilities;
    let modules: ModuleDefinition[] = [];
    // Names the tests create are unique per test: against a real server, earlier runs leave folders behind
    // and names may have to be unique (vFlow answers 409 to a folder name clash).
    let tag = '';

    beforeEach(async () => {
      tag = Math.random().toString(36).slice(2, 8);
      under = await makeAdapter();
      adapter = under.adapter;
      caps = adapter.capabilities;
      modules = await adapter.listModules();
    });
    afterEach(async () => {
      adapter.dispose?.();
      await under.cleanup();
    });

    const needs = (ctx: TestContext, ...wanted: Array<keyof Capabilities>) => {
      const missing = wanted.filter((c) => !caps[c]);
      if (missing.length > 0) ctx.skip(`not declared: ${missing.join(', ')}`);
    };
    const structure = () => (caps.structures.includes('blocks') ? 'blocks' : 'graph') as Flow['structure'];
    const sample = (): Flow =>
      options.sampleFlow?.(modules) ?? contractSampleFlow({ modules, structure: structure(), dialect: adapter.referenceSyntax.dialect });
    const create = (flow: Flow = sample(), folderId: string | null = null): Promise<SavedFlow> =>
      adapter.saveFlow({ flow, baseRevision: null, folderId });

    it('declares capabilities it implements', () => {
      for (const [cap, methods] of Object.entries(METHODS_OF)) {
        if (!caps[cap as keyof Capabilities]) continue;
        for (const m of methods!) expect(typeof adapter[m], `capability ${cap} needs ${String(m)}()`).toBe('function');
      }
      expect(caps.structures.length).toBeGreaterThan(0);
      expect(typeof adapter.referenceSyntax.dialect).toBe('string');
    });

    it('lists modules with a valid input schema', async () => {
      expect(modules.length).toBeGreaterThan(0);
      const sources = ['vflow-inputs', 'vflow-input-schema', 'json-schema', 'dify-user-input-form', 'langflow-template'];
      for (const m of modules) {
        expect(typeof m.id).toBe('string');
        expect(['trigger', 'action', 'if', 'loop']).toContain(m.kind);
        expect(sources, `module ${m.id}`).toContain(m.inputSchema.source);
        expect(Array.isArray(m.outputs)).toBe(true);
      }
      const categories = await adapter.listCategories();
      expect(Array.isArray(categories)).toBe(true);
      const first = modules[0]!;
      expect((await adapter.getModule(first.id)).id).toBe(first.id);
      await expectBackendError(adapter.getModule('no-such-module-contract'), 'not-found');
    });

    describe('flows', () => {
      it('create, get, save and list round trip, extensions included', async (ctx) => {
        needs(ctx, 'editFlows');
        const flow = sample();
        const created = await create(flow);
        expect(withoutId(created.flow)).toEqual(withoutId(flow));
        expect(typeof created.summary.revision).toBe('string');
        const id = created.flow.id;
        const got = await adapter.getFlow(id);
        expect(got.flow).toEqual(created.flow);
        expect(got.flow.extensions).toEqual(flow.extensions);
        expect(got.summary.revision).toBe(created.summary.revision);

        const edited: Flow = { ...got.flow, name: `${got.flow.name} (edited)`, description: 'changed' };
        const saved = await adapter.saveFlow({ flow: edited, baseRevision: got.summary.revision });
        expect(saved.summary.revision).not.toBe(got.summary.revision);
        expect((await adapter.getFlow(id)).flow).toEqual(edited);

        const page = await adapter.listFlows();
        const row = page.items.find((s) => s.id === id);
        expect(row).toMatchObject({ name: edited.name, revision: saved.summary.revision, stepCount: Object.keys(edited.steps).length });
        expect(page.total).toBeGreaterThanOrEqual(1);
        if (caps.tags) expect(row!.tags).toEqual(edited.tags);
      });

      it('finds flows by search', async (ctx) => {
        needs(ctx, 'editFlows');
        const a = await create({ ...sample(), name: 'Alpha needle' });
        await create({ ...sample(), name: 'Beta' });
        const found = await adapter.listFlows({ search: 'needle' });
        expect(found.items.map((s) => s.id)).toEqual([a.flow.id]);
      });

      it('refuses a save from a stale revision with a conflict carrying the current copy', async (ctx) => {
        needs(ctx, 'editFlows', 'conflictDetection');
        const created = await create();
        const base = created.summary.revision;
        const mine = await adapter.saveFlow({ flow: { ...created.flow, name: 'first writer' }, baseRevision: base });
        const err = await expectBackendError(adapter.saveFlow({ flow: { ...created.flow, name: 'second writer' }, baseRevision: base }), 'conflict');
        expect(err.current?.flow.name).toBe('first writer');
        expect(err.current?.summary.revision).toBe(mine.summary.revision);
        expect((await adapter.getFlow(created.flow.id)).flow.name).toBe('first writer');
        const forced = await adapter.saveFlow({ flow: { ...created.flow, name: 'second writer' }, baseRevision: base, force: true });
        expect(forced.flow.name).toBe('second writer');
      });

      it('deletes a flow: get then gives not-found', async (ctx) => {
        needs(ctx, 'editFlows');
        const created = await create();
        await adapter.deleteFlow(created.flow.id);
        await expectBackendError(adapter.getFlow(created.flow.id), 'not-found');
        expect((await adapter.listFlows()).items.some((s) => s.id === created.flow.id)).toBe(false);
        await expectBackendError(adapter.getFlow('no-such-flow-contract'), 'not-found');
      });

      it('duplicates a flow', async (ctx) => {
        needs(ctx, 'editFlows', 'duplicate');
        const created = await create();
        const copy = await adapter.duplicateFlow!(created.flow.id, { name: 'The copy' });
        expect(copy.flow.id).not.toBe(created.flow.id);
        expect(copy.flow.name).toBe('The copy');
        expect({ ...withoutId(copy.flow), name: created.flow.name }).toEqual(withoutId(created.flow));
        expect((await adapter.getFlow(copy.flow.id)).flow).toEqual(copy.flow);
      });

      it('moves a flow between folders', async (ctx) => {
        needs(ctx, 'editFlows', 'move', 'folders');
        const folder = await adapter.createFolder!(`Target ${tag}`, null);
        const created = await create();
        await adapter.moveFlow!(created.flow.id, folder.id);
        expect((await adapter.listFlows({ folderId: folder.id })).items.map((s) => s.id)).toEqual([created.flow.id]);
        expect((await adapter.getFlow(created.flow.id)).summary.folderId).toBe(folder.id);
        await adapter.moveFlow!(created.flow.id, null);
        expect((await adapter.listFlows({ folderId: folder.id })).items).toEqual([]);
      });

      it('enables, disables and favourites', async (ctx) => {
        needs(ctx, 'editFlows');
        const created = await create();
        if (!caps.enableDisable && !caps.favourites) ctx.skip('not declared: enableDisable, favourites');
        if (caps.enableDisable) {
          await adapter.setFlowEnabled!(created.flow.id, false);
          expect((await adapter.getFlow(created.flow.id)).summary.enabled).toBe(false);
          await adapter.setFlowEnabled!(created.flow.id, true);
          expect((await adapter.getFlow(created.flow.id)).summary.enabled).toBe(true);
        }
        if (caps.favourites) {
          await adapter.setFlowFavourite!(created.flow.id, true);
          expect((await adapter.getFlow(created.flow.id)).summary.favourite).toBe(true);
        }
      });
    });

    describe('folders', () => {
      it('create, rename, list and nest', async (ctx) => {
        needs(ctx, 'folders');
        const top = await adapter.createFolder!(`Top ${tag}`, null);
        expect(top).toMatchObject({ name: `Top ${tag}`, parentId: null });
        const renamed = await adapter.updateFolder!(top.id, { name: `Top renamed ${tag}` });
        expect(renamed.name).toBe(`Top renamed ${tag}`);
        const folders = await adapter.listFolders!();
        expect(folders.find((f) => f.id === top.id)?.name).toBe(`Top renamed ${tag}`);
        if (caps.nestedFolders) {
          const child = await adapter.createFolder!(`Child ${tag}`, top.id);
          const grandchild = await adapter.createFolder!(`Grandchild ${tag}`, child.id);
          const all = await adapter.listFolders!();
          expect(all.find((f) => f.id === grandchild.id)?.parentId).toBe(child.id);
          const moved = await adapter.updateFolder!(grandchild.id, { parentId: top.id });
          expect(moved.parentId).toBe(top.id);
        }
      });

      it('deletes a folder moving its contents', async (ctx) => {
        needs(ctx, 'folders', 'editFlows');
        const target = await adapter.createFolder!(`Target ${tag}`, null);
        const doomed = await adapter.createFolder!(`Doomed ${tag}`, null);
        const flow = await create(sample(), doomed.id);
        const sub = caps.nestedFolders ? await adapter.createFolder!(`Sub ${tag}`, doomed.id) : null;
        await adapter.deleteFolder!(doomed.id, { mode: 'move', moveTo: target.id });
        const folders = await adapter.listFolders!();
        expect(folders.some((f) => f.id === doomed.id)).toBe(false);
        expect((await adapter.getFlow(flow.flow.id)).summary.folderId).toBe(target.id);
        if (sub) expect(folders.find((f) => f.id === sub.id)?.parentId).toBe(target.id);
      });

      it('deletes a folder with everything in it', async (ctx) => {
        needs(ctx, 'folders', 'editFlows');
        const doomed = await adapter.createFolder!(`Doomed ${tag}`, null);
        const keep = await create();
        const inside = await create(sample(), doomed.id);
        let deep: SavedFlow | null = null;
        let sub: string | null = null;
        if (caps.nestedFolders) {
          sub = (await adapter.createFolder!(`Sub ${tag}`, doomed.id)).id;
          deep = await create(sample(), sub);
        }
        await adapter.deleteFolder!(doomed.id, { mode: 'delete' });
        await expectBackendError(adapter.getFlow(inside.flow.id), 'not-found');
        if (deep) await expectBackendError(adapter.getFlow(deep.flow.id), 'not-found');
        const folders = await adapter.listFolders!();
        expect(folders.some((f) => f.id === doomed.id || f.id === sub)).toBe(false);
        expect((await adapter.getFlow(keep.flow.id)).flow.id).toBe(keep.flow.id);
      });
    });

    describe('versions', () => {
      it('create, list and get a version', async (ctx) => {
        needs(ctx, 'editFlows', 'versions');
        const created = await create();
        const v1 = await adapter.createVersion!(created.flow.id, { note: 'first', name: 'v1' });
        expect(v1).toMatchObject({ flowId: created.flow.id, note: 'first', name: 'v1', published: false });
        await adapter.saveFlow({ flow: { ...created.flow, name: 'changed' }, baseRevision: created.summary.revision });
        const list = await adapter.listVersions!(created.flow.id);
        expect(list.map((v) => v.id)).toContain(v1.id);
        const got = await adapter.getVersion!(created.flow.id, v1.id);
        expect(got.version.id).toBe(v1.id);
        expect(got.flow).toEqual(created.flow);
      });

      it('restores a version, keeping the draft as a version first', async (ctx) => {
        needs(ctx, 'editFlows', 'versions');
        const created = await create();
        const v1 = await adapter.createVersion!(created.flow.id, { note: 'original' });
        const draft = await adapter.saveFlow({ flow: { ...created.flow, name: 'draft work' }, baseRevision: created.summary.revision });
        const before = await adapter.listVersions!(created.flow.id);
        const restored = await adapter.restoreVersion!(created.flow.id, v1.id);
        expect(restored.flow.name).toBe(created.flow.name);
        expect(restored.summary.revision).not.toBe(draft.summary.revision);
        expect((await adapter.getFlow(created.flow.id)).flow.name).toBe(created.flow.name);
        const after = await adapter.listVersions!(created.flow.id);
        expect(after.length).toBe(before.length + 1);
        const kept = after.find((v) => !before.some((b) => b.id === v.id))!;
        expect((await adapter.getVersion!(created.flow.id, kept.id)).flow.name).toBe('draft work');
      });

      it('publishes, and reverts the draft to the published version', async (ctx) => {
        needs(ctx, 'editFlows', 'publish');
        const created = await create();
        const pub = await adapter.publish!(created.flow.id, { note: 'go live' });
        expect(pub.published).toBe(true);
        const summary = (await adapter.getFlow(created.flow.id)).summary;
        expect(summary.published?.versionId).toBe(pub.id);
        expect(summary.draftDiffersFromPublished ?? false).toBe(false);
        await adapter.saveFlow({ flow: { ...created.flow, name: 'unpublished edit' }, baseRevision: summary.revision });
        const edited = await adapter.getFlow(created.flow.id);
        if (edited.summary.draftDiffersFromPublished !== undefined) expect(edited.summary.draftDiffersFromPublished).toBe(true);
        if (!caps.revertDraft) return;
        const reverted = await adapter.revertDraft!(created.flow.id);
        expect(reverted.flow.name).toBe(created.flow.name);
        expect((await adapter.getFlow(created.flow.id)).flow.name).toBe(created.flow.name);
      });
    });

    describe('runs', () => {
      const runnable = () =>
        options.runnableFlow?.(modules) ?? contractRunnableFlow({ modules, structure: structure(), dialect: adapter.referenceSyntax.dialect });

      async function runToEnd(flow: Flow, opts: { store: boolean }): Promise<{ runId: string; events: TraceEvent[] }> {
        if (caps.editFlows && opts.store) await create(flow);
        const handle = await adapter.startRun!({ flowId: flow.id, flow, inputs: options.runInputs ?? {}, trigger: 'manual' });
        return { runId: handle.runId, events: await collect(handle.events) };
      }

      it('streams a well-formed run', async (ctx) => {
        needs(ctx, 'run');
        const flow = runnable();
        const { runId, events } = await runToEnd(flow, { store: true });
        expectWellFormedRun(events, runId);
        const finished = events.at(-1)!;
        expect(finished.type === 'run-finished' && TERMINAL.includes(finished.status)).toBe(true);
        if (options.expectRunSuccess ?? true) expect(finished.type === 'run-finished' && finished.status).toBe('succeeded');
        const started = events[0]!;
        expect(started.type === 'run-started' && started.flowId).toBe(flow.id);
        // The reducer the UI uses agrees with the stream.
        const state = runStateFrom(events);
        expect(state.status).toBe(finished.type === 'run-finished' ? finished.status : 'running');
        expect(state.eventCount).toBe(events.length);
      });

      it('cancels a run', async (ctx) => {
        needs(ctx, 'run', 'cancelRun');
        const flow = options.slowFlow?.(modules) ?? runnable();
        if (caps.editFlows) await create(flow);
        const handle = await adapter.startRun!({ flowId: flow.id, flow, inputs: options.runInputs ?? {}, trigger: 'manual' });
        const events: TraceEvent[] = [];
        let cancelled = false;
        for await (const e of handle.events) {
          events.push(e);
          if (!cancelled) {
            cancelled = true;
            await adapter.cancelRun!(handle.runId);
          }
        }
        expectWellFormedRun(events, handle.runId);
        const last = events.at(-1)!;
        if (options.slowFlow) expect(last.type === 'run-finished' && last.status).toBe('cancelled');
      });

      it('records runs in history, with their events', async (ctx) => {
        needs(ctx, 'run', 'runHistory');
        const flow = runnable();
        const { runId, events } = await runToEnd(flow, { store: true });
        const page = await adapter.listRuns!(flow.id);
        const row = page.items.find((r) => r.id === runId);
        expect(row).toBeDefined();
        expect(TERMINAL).toContain(row!.status);
        expect(row!.flowId).toBe(flow.id);
        expect(await adapter.getRunEvents!(runId)).toEqual(events);
        const second = await runToEnd(flow, { store: false });
        expect((await adapter.listRuns!(flow.id)).items.map((r) => r.id).slice(0, 2)).toEqual([second.runId, runId]);
        const status = row!.status;
        expect((await adapter.listRuns!(flow.id, { status })).items.every((r) => r.status === status)).toBe(true);
        if (adapter.deleteRun) {
          await adapter.deleteRun(runId);
          expect((await adapter.listRuns!(flow.id)).items.some((r) => r.id === runId)).toBe(false);
        }
      });
    });

    describe('import and export', () => {
      for (const format of ['json', 'zip'] as const) {
        it(`round trips through ${format} export and import`, async (ctx) => {
          needs(ctx, 'editFlows', 'importExport');
          const one = await create();
          const two = await create();
          const file = await adapter.exportFlows!([one.flow.id, two.flow.id], format);
          expect(file.data.byteLength).toBeGreaterThan(0);
          expect(file.name.endsWith(`.${format}`)).toBe(true);
          await adapter.deleteFlow(one.flow.id);
          await adapter.deleteFlow(two.flow.id);
          // Whatever else the server holds (a real one is not empty), a dry run adds nothing.
          const total = (await adapter.listFlows()).total;

          const preview = await adapter.importFiles!([file], { folderId: null, dryRun: true });
          expect(preview.filter((e) => e.status === 'imported')).toHaveLength(2);
          expect((await adapter.listFlows()).total).toBe(total);

          const report = await adapter.importFiles!([file], { folderId: null });
          const imported = report.filter((e) => e.status === 'imported');
          expect(imported).toHaveLength(2);
          const back = await Promise.all(imported.map((e) => adapter.getFlow(e.flowId!)));
          const names = back.map((b) => b.flow.name).sort();
          expect(names).toEqual([one.flow.name, two.flow.name].sort());
          const again = back.find((b) => b.flow.name === one.flow.name)!;
          expect(withoutId(again.flow)).toEqual(withoutId(one.flow));
        });
      }

      it('exports one flow as a single JSON document', async (ctx) => {
        needs(ctx, 'editFlows', 'importExport');
        const one = await create();
        const file = await adapter.exportFlows!([one.flow.id], 'json');
        const doc = JSON.parse(new TextDecoder().decode(file.data)) as { flow?: Flow };
        expect(doc.flow?.name).toBe(one.flow.name);
      });

      it('reports a malformed file as an error and writes nothing', async (ctx) => {
        needs(ctx, 'editFlows', 'importExport');
        await create();
        const before = await adapter.listFlows();
        const enc = new TextEncoder();
        const report = await adapter.importFiles!(
          [
            { name: 'broken.json', mime: 'application/json', data: enc.encode('{"format": "flowbench/flow", "flow": ') },
            { name: 'wrong.json', mime: 'application/json', data: enc.encode(JSON.stringify({ format: 'flowbench/flow', version: 1, flow: { name: 1 } })) },
            { name: 'broken.zip', mime: 'application/zip', data: new Uint8Array([80, 75, 3, 4, 1, 2, 3]) },
          ],
          { folderId: null },
        );
        expect(report.map((e) => e.status)).toEqual(['error', 'error', 'error']);
        for (const e of report) expect(e.message).toBeTruthy();
        const after = await adapter.listFlows();
        expect(after.total).toBe(before.total);
      });
    });
  });
}
