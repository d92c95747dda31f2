/**
 * Issue 14: the adapter against the document, not against our own server. Each block is one point of the
 * issue, run against `server/vflow` in its strict (literal) default configuration.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { emptyFlow, type Flow } from '../../model/flow';
import { expectBackendError } from '../contract/contract-suite';
import type { TraceEvent } from '../trace';
import { createVflowAdapter } from './adapter';
import { fieldsForModule } from '../../forms/model/fieldsForModule';
import { validateParams } from '../../forms/validation/validateParams';
import { collectEvents, startRig, type VflowTestRig } from '../../../server/vflow/test-rig';

let rig: VflowTestRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

async function use(...args: Parameters<typeof startRig>): Promise<VflowTestRig> {
  rig = await startRig(...args);
  return rig;
}

function tokenOf(r: VflowTestRig): string {
  return r.calls.map((c) => c.authorization).filter((a): a is string => !!a).at(-1) ?? '';
}

async function raw(r: VflowTestRig, method: string, path: string, body?: unknown): Promise<{ status: number; body: { code: number; data: Record<string, unknown> } }> {
  const res = await fetch(`${r.server.apiUrl}${path}`, {
    method,
    headers: { authorization: tokenOf(r), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { code: number; data: Record<string, unknown> } };
}

const writes = (r: VflowTestRig) => r.calls.filter((c) => c.method !== 'GET' && !c.url.includes('/auth/'));

function flowOf(id: string, name: string, steps: Flow['steps'], root: string[]): Flow {
  return { ...emptyFlow(id, name, 'vflow'), steps, root };
}

type Finished = Extract<TraceEvent, { type: 'step-finished' }>;
const finished = (events: TraceEvent[]) => events.filter((e): e is Finished => e.type === 'step-finished');

describe('1. saving sends only documented fields', () => {
  it('an unchanged open-and-save of the document example stores exactly what it had', async () => {
    const r = await use();
    const id = '550e8400-e29b-41d4-a716-446655440000';
    const got = await r.adapter.getFlow(id);
    const before = (await raw(r, 'GET', `/workflows/${id}`)).body.data;
    await r.adapter.saveFlow({ flow: got.flow, baseRevision: got.summary.revision });
    const after = (await raw(r, 'GET', `/workflows/${id}`)).body.data;
    expect(JSON.stringify({ ...after, modifiedAt: 0 })).toBe(JSON.stringify({ ...before, modifiedAt: 0 }));
  });

  it('keeps step titles, positions, notes and inputs inside metadata, and clears them there', async () => {
    const r = await use();
    const flow = flowOf('fb-1', 'Titled', { s1: { id: 's1', kind: 'action', type: 'log', title: 'Say hi', params: { message: 'hi' }, position: { x: 3, y: 4 } } }, ['s1']);
    flow.notes = [{ id: 'n1', text: 'remember', position: { x: 0, y: 0 } }];
    flow.inputs = [{ id: 'who', label: 'Who', type: 'string' }];
    const created = await r.adapter.saveFlow({ flow, baseRevision: null });
    expect(created.flow.steps.s1).toMatchObject({ title: 'Say hi', position: { x: 3, y: 4 } });
    expect(created.flow.notes).toEqual(flow.notes);
    expect(created.flow.inputs).toEqual(flow.inputs);
    const stored = (await raw(r, 'GET', `/workflows/${created.flow.id}`)).body.data;
    const documented = ['id', 'name', 'description', 'isEnabled', 'isFavorite', 'folderId', 'order', 'steps', 'triggerConfig', 'modifiedAt', 'version', 'maxExecutionTime', 'metadata', 'tags'];
    expect(Object.keys(stored).filter((k) => !documented.includes(k))).toEqual([]);
    for (const row of stored.steps as Array<Record<string, unknown>>) expect(Object.keys(row).sort()).toEqual(['id', 'indentationLevel', 'moduleId', 'parameters']);

    const untitled = { ...created.flow, notes: [], inputs: [], steps: { s1: { ...created.flow.steps.s1!, title: '', position: undefined } } };
    delete untitled.steps.s1.position;
    const saved = await r.adapter.saveFlow({ flow: untitled, baseRevision: created.summary.revision });
    expect(saved.flow.steps.s1!.title).toBe('');
    expect(saved.flow.notes).toEqual([]);
    const cleared = (await raw(r, 'GET', `/workflows/${created.flow.id}`)).body.data;
    expect(JSON.stringify(cleared)).not.toContain('flowbench');
  });
});

describe('2. per-step outputs, loop counts, inputs, marker rows', () => {
  const loopFlow = (): Flow => {
    const flow = flowOf(
      'out-1',
      'Outputs',
      {
        d: { id: 'd', kind: 'action', type: 'delay', title: '', params: { duration: 20 } },
        l: { id: 'l', kind: 'loop', type: 'loop', title: '', params: { count: 3 }, branches: { body: ['v'] } },
        v: { id: 'v', kind: 'action', type: 'set_variable', title: '', params: { name: 'x', value: '{{who}}' } },
        c: { id: 'c', kind: 'if', type: 'if_condition', title: '', params: { condition: '1 > 2' }, branches: { then: ['t'] } },
        t: { id: 't', kind: 'action', type: 'log', title: '', params: { message: 'never' } },
      },
      ['d', 'l', 'c'],
    );
    flow.inputs = [{ id: 'who', label: 'Who', type: 'string' }];
    return flow;
  };

  it('reads outputs from the details of "Completed step", counts loop iterations, hides marker rows, keeps inputs', async () => {
    const r = await use();
    const saved = await r.adapter.saveFlow({ flow: loopFlow(), baseRevision: null });
    const handle = await r.adapter.startRun!({ flowId: saved.flow.id, flow: saved.flow, inputs: { who: 'Ada' }, trigger: 'manual' });
    const events = await collectEvents(handle.events);
    const done = finished(events);
    for (const e of done.filter((x) => x.status === 'succeeded')) expect(e.outputs, e.stepId).toBeDefined();
    expect(done.find((e) => e.stepId === 'd')!.outputs).toMatchObject({ actualDuration: expect.any(Number) });
    expect(done.filter((e) => e.stepId === 'v').map((e) => e.outputs)).toEqual([{ value: 'Ada' }, { value: 'Ada' }, { value: 'Ada' }]);
    expect(done.find((e) => e.stepId === 'l')!.branch).toBe('3');
    expect(done.find((e) => e.stepId === 'c')).toMatchObject({ branch: 'else', outputs: { result: false } });
    const lines = events.filter((e) => e.type === 'log').map((e) => (e as { message: string }).message);
    expect(lines.some((m) => /endif|endloop/.test(m))).toBe(false);

    const replay = await r.adapter.getRunEvents!(handle.runId);
    expect(replay).toEqual(events);
    // Another browser (no memory of the run) finds the inputs among the run's variables.
    const fresh = createVflowAdapter({ baseUrl: r.server.url, deviceId: 'other-device', pollIntervalMs: 20 });
    const again = await fresh.getRunEvents!(handle.runId);
    expect(again[0]).toMatchObject({ type: 'run-started', inputs: { who: 'Ada' } });
    fresh.dispose?.();
  });

  it('still reads a server that nests outputs under details.outputs', async () => {
    const r = await use({ logStyle: 'nested' });
    const saved = await r.adapter.saveFlow({ flow: loopFlow(), baseRevision: null });
    const handle = await r.adapter.startRun!({ flowId: saved.flow.id, flow: saved.flow, inputs: { who: 'Bo' }, trigger: 'manual' });
    const done = finished(await collectEvents(handle.events));
    expect(done.find((e) => e.stepId === 'd')!.outputs).toMatchObject({ actualDuration: expect.any(Number) });
    expect(done.find((e) => e.stepId === 'l')!.branch).toBe('3');
  });
});

describe('3. else branches only where the catalog declares an else module', () => {
  const withElse = (): Flow =>
    flowOf(
      'else-1',
      'Has else',
      {
        c: { id: 'c', kind: 'if', type: 'if_condition', title: 'Check', params: { condition: 'true' }, branches: { then: ['a'], else: ['b'] } },
        a: { id: 'a', kind: 'action', type: 'log', title: '', params: { message: 'a' } },
        b: { id: 'b', kind: 'action', type: 'log', title: '', params: { message: 'b' } },
      },
      ['c'],
    );

  it('the server refuses an else row unless its catalog declares one', async () => {
    const r = await use({ elseModule: false });
    await r.adapter.listFlows();
    const rows = [
      { id: 'c', moduleId: 'if_condition', indentationLevel: 0, parameters: { condition: { type: 'string', value: 'true' } } },
      { id: 'e', moduleId: 'else', indentationLevel: 0, parameters: {} },
      { id: 'x', moduleId: 'endif', indentationLevel: 0, parameters: {} },
    ];
    const res = await raw(r, 'POST', '/workflows', { name: 'Raw else', steps: rows });
    expect([res.status, res.body.code]).toEqual([400, 2001]);
    expect((await raw(r, 'GET', '/modules')).body.data.modules).not.toContainEqual(expect.objectContaining({ id: 'else' }));
  });

  it('the adapter says so on the if module and refuses, before any write, to save an else', async () => {
    const r = await use({ elseModule: false });
    const ifModule = (await r.adapter.listModules()).find((m) => m.id === 'if_condition')!;
    expect(ifModule.extensions).toMatchObject({ elseBranch: false, vflow: { elseModule: null } });
    expect(ifModule.ports?.outputs.map((p) => p.id)).toEqual(['true']);
    expect(r.adapter.capabilities.elseBranch).toBe(false);
    const before = writes(r).length;
    const err = await expectBackendError(r.adapter.saveFlow({ flow: withElse(), baseRevision: null }), 'invalid');
    expect(err.message).toContain('"Check"');
    expect(err.details).toMatchObject({ stepId: 'c' });
    expect(writes(r).length).toBe(before);
    // An else added and left empty has nothing to store: saved without it.
    const empty = withElse();
    empty.steps.c = { ...empty.steps.c!, branches: { then: ['a'], else: [] } };
    delete empty.steps.b;
    const saved = await r.adapter.saveFlow({ flow: empty, baseRevision: null });
    expect(saved.flow.steps.c!.branches?.else).toBeUndefined();

    const r2 = await startRig();
    try {
      expect((await r2.adapter.listModules()).find((m) => m.id === 'if_condition')!.extensions).toMatchObject({ elseBranch: true, vflow: { elseModule: 'else' } });
      expect((await r2.adapter.saveFlow({ flow: withElse(), baseRevision: null })).flow.steps.c!.branches?.else).toEqual(['b']);
    } finally {
      await r2.close();
    }
  });
});

describe('4. a response cut mid-body', () => {
  it('retries a GET whose body broke', async () => {
    const r = await use();
    await r.adapter.listFlows();
    r.server.setFaults({ cutResponseOn: '/workflows/wf-002$', cutResponseMethod: 'GET', cutResponseTimes: 1 });
    expect((await r.adapter.getFlow('wf-002')).flow.name).toBe('Greeting Check');
  });

  it('re-reads after a write whose answer broke: no "already exists", no conflict with itself', async () => {
    const r = await use();
    const flow = flowOf('cut-1', 'Cut create', { s: { id: 's', kind: 'action', type: 'log', title: '', params: { message: 'x' } } }, ['s']);
    r.server.setFaults({ cutResponseOn: '/workflows$', cutResponseMethod: 'POST', cutResponseTimes: 1 });
    const created = await r.adapter.saveFlow({ flow, baseRevision: null });
    expect(created.flow.name).toBe('Cut create');
    expect((await r.adapter.listFlows({ search: 'Cut create' })).items).toHaveLength(1);

    r.server.setFaults({ cutResponseOn: '/workflows/[^/]+$', cutResponseMethod: 'PUT', cutResponseTimes: 1 });
    const edited = await r.adapter.saveFlow({ flow: { ...created.flow, name: 'Cut edit' }, baseRevision: created.summary.revision });
    expect(edited.flow.name).toBe('Cut edit');
    const again = await r.adapter.saveFlow({ flow: { ...edited.flow, description: 'and again' }, baseRevision: edited.summary.revision });
    expect(again.flow.description).toBe('and again');

    r.server.setFaults({ cutResponseOn: '/workflows/[^/]+$', cutResponseMethod: 'DELETE', cutResponseTimes: 1 });
    await r.adapter.deleteFlow(created.flow.id);
    await expectBackendError(r.adapter.getFlow(created.flow.id), 'not-found');
  });
});

describe('5. deleting a folder and moving its contents', () => {
  it('keeps the subfolders, whatever the device does with moveWorkflowsTo', async () => {
    const r = await use();
    await r.adapter.deleteFolder!('folder-002', { mode: 'move', moveTo: 'folder-003' });
    const folders = await r.adapter.listFolders!();
    expect(folders.find((f) => f.id === 'folder-004')?.parentId).toBe('folder-003');
    expect((await r.adapter.listFlows({ folderId: 'folder-004' })).total).toBe(2);
    expect((await r.adapter.listFlows({ folderId: 'folder-003' })).items.map((s) => s.id)).toEqual(expect.arrayContaining(['wf-002', 'wf-003']));
  });
});

describe('6. no false conflicts after enable, disable, move and favourite', () => {
  it('saves over its own enable / move / favourite, and still sees a real conflict', async () => {
    const r = await use();
    const opened = await r.adapter.getFlow('wf-002');
    await r.adapter.setFlowEnabled!('wf-002', false);
    await r.adapter.moveFlow!('wf-002', 'folder-003');
    await r.adapter.setFlowFavourite!('wf-002', true);
    await r.adapter.batch('enable', ['wf-002']);
    const saved = await r.adapter.saveFlow({ flow: { ...opened.flow, description: 'edited after the toggles' }, baseRevision: opened.summary.revision });
    expect(saved.summary).toMatchObject({ folderId: 'folder-003', favourite: true, enabled: true });
    expect(saved.flow.description).toBe('edited after the toggles');

    await raw(r, 'PUT', '/workflows/wf-002', { name: 'Someone else' });
    const err = await expectBackendError(r.adapter.saveFlow({ flow: { ...saved.flow, description: 'mine' }, baseRevision: saved.summary.revision }), 'conflict');
    expect(err.current?.flow.name).toBe('Someone else');
  });
});

describe('7. rate limits while following a run', () => {
  const slow = (count: number): Flow =>
    flowOf(
      `slow-${count}`,
      `Slow ${count}`,
      {
        l: { id: 'l', kind: 'loop', type: 'loop', title: '', params: { count }, branches: { body: ['w'] } },
        w: { id: 'w', kind: 'action', type: 'delay', title: '', params: { duration: 2000 } },
      },
      ['l'],
    );

  async function follow(r: VflowTestRig, flow: Flow): Promise<TraceEvent[]> {
    const saved = await r.adapter.saveFlow({ flow, baseRevision: null });
    const handle = await r.adapter.startRun!({ flowId: saved.flow.id, flow: saved.flow, inputs: {}, trigger: 'manual' });
    return collectEvents(handle.events, 30_000);
  }

  it('paces polling by X-RateLimit-Remaining (one request per tick, incremental logs): no 429', async () => {
    const r = await use({ rateLimits: { query: 8, windowMs: 2000, auth: 100, modify: 100, execute: 100 } }, { pollIntervalMs: 20, rateLimit: { backgroundReserve: 2 } });
    const events = await follow(r, slow(12));
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded' });
    expect(finished(events).filter((e) => e.stepId === 'w')).toHaveLength(12);
    expect(r.calls.filter((c) => c.status === 429)).toHaveLength(0);
  });

  it('says "waiting for the rate limit" in the run instead of stalling silently', async () => {
    const r = await use({ rateLimits: { query: 5, windowMs: 1500, auth: 100, modify: 100, execute: 100 } }, { pollIntervalMs: 20, rateLimit: { backgroundReserve: 2 } });
    const events = await follow(r, slow(6));
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded' });
    expect(events.some((e) => e.type === 'log' && e.level === 'warn' && /waiting for the rate limit/i.test(e.message))).toBe(true);
    expect(r.calls.filter((c) => c.status === 429)).toHaveLength(0);
  });
});

describe('8. smaller ones', () => {
  it('the library counts steps as the editor does once a workflow was opened (endif is no step)', async () => {
    const r = await use();
    const id = '550e8400-e29b-41d4-a716-446655440000';
    await r.adapter.getFlow(id);
    expect((await r.adapter.listFlows({ search: 'wechat' })).items[0]).toMatchObject({ id, stepCount: 3 });
  });

  it("set_variable's value (type any) takes a number without \"Enter text.\"", async () => {
    const r = await use();
    const def = await r.adapter.getModule('set_variable');
    const fields = fieldsForModule(def);
    expect(validateParams(fields, { name: 'n', value: 5 })).toEqual({});
    expect(validateParams(fields, { name: 'n', value: 'five' })).toEqual({});
    expect(Object.keys(validateParams(fields, { name: 7, value: 5 }))).toEqual(['name']);
  });

  it('a workflow the device created under its own id is saved, run and listed by that id', async () => {
    const r = await use();
    const flow = flowOf('mine-1', 'Device id', { s: { id: 's', kind: 'action', type: 'log', title: '', params: { message: 'x' } } }, ['s']);
    const created = await r.adapter.saveFlow({ flow, baseRevision: null });
    expect(created.flow.id).not.toBe('mine-1');
    const handle = await r.adapter.startRun!({ flowId: 'mine-1', flow, inputs: {}, trigger: 'manual' });
    const events = await collectEvents(handle.events);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded' });
    expect(r.calls.some((c) => c.method === 'POST' && c.url.endsWith(`/workflows/${created.flow.id}/execute`))).toBe(true);
    const saved = await r.adapter.saveFlow({ flow: { ...flow, name: 'Device id (edited)' }, baseRevision: created.summary.revision });
    expect(saved.flow.id).toBe(created.flow.id);
    expect((await r.adapter.listRuns!('mine-1')).items).toHaveLength(1);
  });
});
