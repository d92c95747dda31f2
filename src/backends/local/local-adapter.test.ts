import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyFlow, type Flow } from '../../model/flow';
import { newId } from '../../model/ids';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describeAdapterContract, expectBackendError, expectWellFormedRun } from '../contract/contract-suite';
import { BackendError } from '../types';
import { createInProcessEngineRunner } from './engine/in-process-runner';
import { createFakeEngine } from './fake-engine';
import { createLocalAdapter, type LocalAdapter } from './local-adapter';

let dbCounter = 0;
const freshName = () => `flowbench-test-${Date.now()}-${dbCounter++}`;

function slowFlow(): Flow {
  const flow = emptyFlow(newId('flow'), 'Slow');
  const ids = [0, 1, 2, 3, 4].map(() => newId('step'));
  for (const id of ids) flow.steps[id] = { id, kind: 'action', type: 'fake.log', title: id, params: {} };
  flow.root = ids;
  return flow;
}

describeAdapterContract(
  'local (fake engine)',
  async () => {
    const adapter = createLocalAdapter({ dbName: freshName(), engine: createFakeEngine({ stepDelayMs: 5 }) });
    return { adapter, cleanup: () => adapter.close() };
  },
  { slowFlow },
);

function oneStepFlow(type: string, params: Record<string, unknown>): Flow {
  const flow = emptyFlow(newId('flow'), `Run ${type}`);
  const id = newId('step');
  flow.steps[id] = { id, kind: 'action', type, title: type, params };
  flow.root = [id];
  return flow;
}

describeAdapterContract(
  'local (in-process engine)',
  async () => {
    const adapter = createLocalAdapter({ dbName: freshName(), engine: createInProcessEngineRunner() });
    return { adapter, cleanup: () => adapter.close() };
  },
  {
    runnableFlow: () => oneStepFlow('core.log', { message: 'hello from the contract' }),
    slowFlow: () => oneStepFlow('core.delay', { ms: 10_000 }),
  },
);

describe('local adapter', () => {
  const open: LocalAdapter[] = [];
  const make = (dbName = freshName(), engine = createFakeEngine()) => {
    const a = createLocalAdapter({ dbName, engine });
    open.push(a);
    return a;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((a) => a.close()));
  });

  it('detects a conflict between two tabs saving the same flow', async () => {
    const name = freshName();
    const tabA = make(name);
    const tabB = make(name);
    const flow = emptyFlow(newId('flow'), 'Shared');
    const created = await tabA.saveFlow({ flow, baseRevision: null });
    const openedInB = await tabB.getFlow(flow.id);
    expect(openedInB.summary.revision).toBe(created.summary.revision);

    const savedA = await tabA.saveFlow({ flow: { ...flow, name: 'A wins' }, baseRevision: created.summary.revision });
    const err = await expectBackendError(tabB.saveFlow({ flow: { ...flow, name: 'B loses' }, baseRevision: openedInB.summary.revision }), 'conflict');
    expect(err.current?.flow.name).toBe('A wins');
    expect(err.current?.summary.revision).toBe(savedA.summary.revision);
    expect((await tabA.getFlow(flow.id)).flow.name).toBe('A wins');

    // Saving concurrently from the same base: exactly one wins, the other is told.
    const base = savedA.summary.revision;
    const results = await Promise.allSettled([
      tabA.saveFlow({ flow: { ...flow, name: 'A again' }, baseRevision: base }),
      tabB.saveFlow({ flow: { ...flow, name: 'B again' }, baseRevision: base }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as BackendError).code).toBe('conflict');
  });

  it('refuses to create over an existing id, and tells a save to a deleted flow', async () => {
    const a = make();
    const flow = emptyFlow(newId('flow'), 'Once');
    const created = await a.saveFlow({ flow, baseRevision: null });
    await expectBackendError(a.saveFlow({ flow, baseRevision: null }), 'conflict');
    await a.deleteFlow(flow.id);
    await expectBackendError(a.saveFlow({ flow, baseRevision: created.summary.revision }), 'not-found');
    // A re-created flow never reuses an old revision.
    const again = await a.saveFlow({ flow, baseRevision: null });
    expect(again.summary.revision).not.toBe(created.summary.revision);
  });

  it('refuses an invalid document with the problems named', async () => {
    const a = make();
    const bad = { ...emptyFlow(newId('flow'), 'Bad'), root: ['missing-step'] };
    const err = await expectBackendError(a.saveFlow({ flow: bad, baseRevision: null }), 'invalid');
    expect(err.message).toContain('cannot be loaded');
    expect((await a.listFlows()).total).toBe(0);
  });

  it('refuses a stored document that no longer loads, readably', async () => {
    const a = make();
    const flow = emptyFlow(newId('flow'), 'Damaged');
    await a.saveFlow({ flow, baseRevision: null });
    await a.db.flows.update(flow.id, { flow: { schemaVersion: 1, id: flow.id, name: 5 } });
    const err = await expectBackendError(a.getFlow(flow.id), 'invalid');
    expect(err.message).toContain('Damaged');
  });

  it('reports malformed imports per file and writes nothing of them', async () => {
    const a = make();
    const good = emptyFlow(newId('flow'), 'Good one');
    const enc = new TextEncoder();
    const file = (name: string, data: unknown) => ({ name, mime: 'application/json', data: enc.encode(typeof data === 'string' ? data : JSON.stringify(data)) });
    const badStep = { ...emptyFlow(newId('flow'), 'Bad bundle member'), root: ['nope'] };
    const report = await a.importFiles!(
      [
        file('good.json', { format: 'flowbench/flow', version: 1, flow: good }),
        file('bundle.json', { format: 'flowbench/bundle', version: 1, flows: [emptyFlow(newId('flow'), 'Would be fine'), badStep], folders: [] }),
        file('future.json', { format: 'flowbench/flow', version: 9, flow: good }),
        file('other.json', { hello: 'world' }),
        file('empty.json', ''),
        { name: 'junk.zip', mime: 'application/zip', data: new Uint8Array([1, 2, 3]) },
      ],
      { folderId: null },
    );
    expect(report.map((e) => [e.file, e.status])).toEqual([
      ['good.json', 'imported'],
      ['bundle.json', 'error'],
      ['future.json', 'error'],
      ['other.json', 'error'],
      ['empty.json', 'error'],
      ['junk.zip', 'error'],
    ]);
    expect(report[1]!.message).toContain('flow 2');
    expect(report[2]!.message).toContain('newer Flowbench');
    const names = (await a.listFlows()).items.map((s) => s.name);
    expect(names).toEqual(['Good one']);
    // The same file again is recognised as already there.
    const again = await a.importFiles!([file('good.json', { format: 'flowbench/flow', version: 1, flow: good })], { folderId: null });
    expect(again[0]).toMatchObject({ status: 'skipped', flowId: good.id });
    // A changed copy with the same id comes in under a new id.
    const changed = await a.importFiles!([file('good.json', { format: 'flowbench/flow', version: 1, flow: { ...good, name: 'Changed' } })], { folderId: null });
    expect(changed[0]!.status).toBe('imported');
    expect(changed[0]!.flowId).not.toBe(good.id);
  });

  it('keeps folder paths through a ZIP export and import, and imports bare v0 documents', async () => {
    const a = make();
    const top = await a.createFolder!('Top', null);
    const sub = await a.createFolder!('Sub', top.id);
    const deep = await a.saveFlow({ flow: emptyFlow(newId('flow'), 'Deep'), baseRevision: null, folderId: sub.id });
    const root = await a.saveFlow({ flow: emptyFlow(newId('flow'), 'Root'), baseRevision: null });
    const zip = await a.exportFlows!([deep.flow.id, root.flow.id], 'zip');
    const bundle = await a.exportFlows!([deep.flow.id, root.flow.id], 'json');

    const b = make();
    const target = await b.createFolder!('Imported', null);
    const report = await b.importFiles!([zip], { folderId: target.id });
    expect(report.map((e) => e.status)).toEqual(['imported', 'imported']);
    expect(report.map((e) => e.file).sort()).toEqual([`${zip.name}/Root.json`, `${zip.name}/Top/Sub/Deep.json`].sort());
    const folders = await b.listFolders!();
    const byName = (n: string) => folders.find((f) => f.name === n)!;
    expect(byName('Top').parentId).toBe(target.id);
    expect(byName('Sub').parentId).toBe(byName('Top').id);
    expect((await b.getFlow(deep.flow.id)).summary.folderId).toBe(byName('Sub').id);
    expect((await b.getFlow(root.flow.id)).summary.folderId).toBe(target.id);

    const c = make();
    expect((await c.importFiles!([bundle], { folderId: null })).map((e) => e.status)).toEqual(['imported', 'imported']);
    const cFolders = await c.listFolders!();
    expect((await c.getFlow(deep.flow.id)).summary.folderId).toBe(cFolders.find((f) => f.name === 'Sub')!.id);

    const v0 = { id: 'legacy', name: 'Legacy', steps: [{ id: 's1', kind: 'action', type: 'fake.log' }] };
    const legacy = await c.importFiles!([{ name: 'legacy.json', mime: 'application/json', data: new TextEncoder().encode(JSON.stringify(v0)) }], { folderId: null });
    expect(legacy[0]).toMatchObject({ status: 'imported', flowId: 'legacy' });
    expect((await c.getFlow('legacy')).flow.schemaVersion).toBe(2);
  });

  it('zip-slip: entry names and folder names cannot climb out, on import and on export', async () => {
    const a = make();
    const flow = emptyFlow(newId('flow'), 'Evil');
    const zip = zipSync({ '../../etc/evil.json': strToU8(JSON.stringify({ format: 'flowbench/flow', version: 1, flow })) });
    const report = await a.importFiles!([{ name: 'x.zip', mime: 'application/zip', data: zip }], { folderId: null });
    expect(report[0]).toMatchObject({ status: 'imported', file: 'x.zip/etc/evil.json' });
    const names = (await a.listFolders!()).map((f) => f.name);
    expect(names).toEqual(['etc']);
    const dots = await a.createFolder!('..', null);
    const inDots = await a.saveFlow({ flow: emptyFlow(newId('flow'), '../x'), baseRevision: null, folderId: dots.id });
    const out = await a.exportFlows!([inDots.flow.id], 'zip');
    const paths = Object.keys(unzipSync(out.data));
    expect(paths).toEqual(['__/.._x.json']);
  });

  it('a ZIP bomb or a malformed folder list is refused with a readable message', async () => {
    const a = make();
    const bomb = zipSync({ 'zeros.json': new Uint8Array(24 * 1024 * 1024) }, { level: 9 });
    const report = await a.importFiles!([{ name: 'bomb.zip', mime: 'application/zip', data: bomb }], { folderId: null });
    expect(report[0]).toMatchObject({ status: 'error' });
    expect(report[0]!.message).toMatch(/too large to import: .*expands to more than 20 MB/);
    const bundle = { format: 'flowbench/bundle', version: 1, flows: [], folders: [{ id: 'f', name: { toString: null }, parentId: null, flowIds: [] }] };
    const bad = await a.importFiles!([{ name: 'b.json', mime: 'application/json', data: strToU8(JSON.stringify(bundle)) }], { folderId: null });
    expect(bad[0]).toMatchObject({ status: 'error', message: 'folders.0.name: expected a string' });
  });

  it('records a run in full even when the consumer stops reading', async () => {
    const a = make(freshName(), createFakeEngine({ stepDelayMs: 2 }));
    const flow = slowFlow();
    await a.saveFlow({ flow, baseRevision: null });
    const handle = await a.startRun!({ flowId: flow.id, inputs: {} });
    for await (const e of handle.events) if (e.type === 'step-started') break;
    await a.whenIdle();
    const events = await a.getRunEvents!(handle.runId);
    expectWellFormedRun(events, handle.runId);
    expect(events.filter((e) => e.type === 'step-finished')).toHaveLength(5);
    expect((await a.listRuns!(flow.id)).items[0]).toMatchObject({ id: handle.runId, status: 'succeeded', trigger: 'manual' });
  });

  it('ends a run with run-finished when the engine crashes', async () => {
    const engine = createFakeEngine();
    engine.start = (req) => ({
      async *[Symbol.asyncIterator]() {
        yield { runId: req.runId, seq: 0, at: Date.now(), type: 'run-started' as const, flowId: req.flow.id, inputs: {}, trigger: 'manual' };
        throw new Error('worker died');
      },
    });
    const a = make(freshName(), engine);
    const flow = slowFlow();
    await a.saveFlow({ flow, baseRevision: null });
    const handle = await a.startRun!({ flowId: flow.id, inputs: {} });
    const seen = [];
    for await (const e of handle.events) seen.push(e);
    expectWellFormedRun(seen, handle.runId);
    expect(seen.at(-1)).toMatchObject({ type: 'run-finished', status: 'failed', error: { message: 'The engine failed: worker died' } });
    expect((await a.listRuns!(flow.id)).items[0]).toMatchObject({ status: 'failed', error: 'The engine failed: worker died' });
  });

  it('records a failed run when the engine cannot even start', async () => {
    const engine = createFakeEngine();
    engine.start = () => {
      throw new Error('no worker');
    };
    const a = make(freshName(), engine);
    const flow = slowFlow();
    await a.saveFlow({ flow, baseRevision: null });
    const handle = await a.startRun!({ flowId: flow.id, inputs: {} });
    const seen = [];
    for await (const e of handle.events) seen.push(e);
    expectWellFormedRun(seen, handle.runId);
    expect(seen[1]).toMatchObject({ type: 'run-finished', status: 'failed', error: { message: 'The engine failed: no worker' } });
    expect((await a.listRuns!(flow.id)).items[0]).toMatchObject({ status: 'failed' });
  });

  it('stores many events in few transactions and lists runs newest first with status filter', async () => {
    const engine = createFakeEngine({ loopIterations: 400 });
    const a = make(freshName(), engine);
    const flow = emptyFlow(newId('flow'), 'Loop');
    flow.steps = {
      loop: { id: 'loop', kind: 'loop', type: 'fake.loop', title: 'Loop', params: {}, branches: { body: ['body'] } },
      body: { id: 'body', kind: 'action', type: 'fake.log', title: 'Body', params: {} },
    };
    flow.root = ['loop'];
    await a.saveFlow({ flow, baseRevision: null });
    const transactions = vi.spyOn(a.db, 'transaction');
    const handle = await a.startRun!({ flowId: flow.id, inputs: {}, trigger: 'test' });
    let n = 0;
    for await (const _ of handle.events) n++;
    // 1205 events; one transaction per event would be 1205.
    expect(transactions.mock.calls.length).toBeLessThan(20);
    transactions.mockRestore();
    // run-started, loop started + log + finished, 400 x (started, log, finished), run-finished
    expect(n).toBe(1 + 3 + 400 * 3 + 1);
    expect(await a.getRunEvents!(handle.runId)).toHaveLength(n);
    expect((await a.listRuns!(flow.id, { status: 'failed' })).items).toEqual([]);
    expect((await a.listRuns!(flow.id, { status: 'succeeded' })).items.map((r) => r.id)).toEqual([handle.runId]);
  });

  it('runs an unsaved draft and a stored version', async () => {
    const engine = createFakeEngine();
    const a = make(freshName(), engine);
    const flow = slowFlow();
    const saved = await a.saveFlow({ flow, baseRevision: null });
    const v = await a.createVersion!(flow.id, { note: 'v' });
    await a.saveFlow({ flow: { ...flow, name: 'Draft name' }, baseRevision: saved.summary.revision });
    for await (const _ of (await a.startRun!({ flowId: flow.id, inputs: {}, versionId: v.id })).events);
    expect(engine.started.at(-1)!.flow.name).toBe('Slow');
    for await (const _ of (await a.startRun!({ flowId: flow.id, inputs: {}, flow: { ...flow, name: 'Unsaved' } })).events);
    expect(engine.started.at(-1)!.flow.name).toBe('Unsaved');
    await expectBackendError(a.startRun!({ flowId: 'nope', inputs: {} }), 'not-found');
  });

  it('deleting a flow removes its versions and runs', async () => {
    const a = make();
    const flow = slowFlow();
    await a.saveFlow({ flow, baseRevision: null });
    await a.createVersion!(flow.id, { note: 'v' });
    const run = await a.startRun!({ flowId: flow.id, inputs: {} });
    for await (const _ of run.events);
    await a.deleteFlow(flow.id);
    expect(await a.db.versions.count()).toBe(0);
    expect(await a.db.runs.count()).toBe(0);
    expect(await a.db.runEvents.count()).toBe(0);
    await expectBackendError(a.getRunEvents!(run.runId), 'not-found');
  });

  it('refuses folder moves that would make a cycle', async () => {
    const a = make();
    const top = await a.createFolder!('Top', null);
    const sub = await a.createFolder!('Sub', top.id);
    await expectBackendError(a.updateFolder!(top.id, { parentId: sub.id }), 'invalid');
    await expectBackendError(a.deleteFolder!(top.id, { mode: 'move', moveTo: sub.id }), 'invalid');
    await expectBackendError(a.createFolder!('Orphan', 'no-such-folder'), 'not-found');
  });

  it('reports storage failures as BackendErrors, and tests steps through the engine', async () => {
    const a = make();
    const result = await a.testStep!({ flow: slowFlow(), stepId: 'nope', sample: { steps: {}, inputs: {} } });
    expect(result.ok).toBe(false);
    a.db.close();
    const err = await expectBackendError(a.listFlows(), 'unavailable');
    expect(err.message).toContain('Reload the page');
  });

  it('reverting a never-published flow says why', async () => {
    const a = make();
    const flow = slowFlow();
    await a.saveFlow({ flow, baseRevision: null });
    const err = await expectBackendError(a.revertDraft!(flow.id), 'invalid');
    expect(err.message).toContain('never been published');
  });
});
