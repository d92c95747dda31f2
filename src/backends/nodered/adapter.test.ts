/**
 * The adapter against the real engine (node-red@4.1.15, no adminAuth, trace plugin installed): one engine
 * for the file. See auth.test.ts for adminAuth and a Node-RED without the plugin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeRedEngine } from '../../../server/nodered/engine';
import { runStateFrom } from '../run-state';
import type { TraceEvent } from '../trace';
import { BackendError } from '../types';
import { expectBackendError } from '../contract/contract-suite';
import type { NodeRedAdapter } from './adapter';
import realistic from './fixtures/realistic-flows.json';
import type { NodeObject } from './schemas';
import { adapterFor, collect, deployDirect, engine, rawFlows, traceFlows } from './test-rig';

let red: NodeRedEngine;
let adapter: NodeRedAdapter;

beforeAll(async () => {
  red = await engine();
  adapter = adapterFor(red.url);
}, 90_000);
afterAll(async () => {
  adapter?.dispose?.();
  await red?.stop();
});

type Ev<T extends TraceEvent['type']> = Extract<TraceEvent, { type: T }>;

describe('Node-RED adapter (real engine)', () => {
  it('opens and saves every flow of a real-world configuration unchanged: GET /flows stays byte-identical', async () => {
    await deployDirect(red.url, realistic as NodeObject[]);
    const before = await rawFlows(red.url);
    const page = await adapter.listFlows();
    expect(page.items.map((s) => s.name)).toEqual(['Orders', 'Maintenance (off)', 'Normalise']);
    expect(page.items.find((s) => s.name === 'Maintenance (off)')!.enabled).toBe(false);
    for (const summary of page.items) {
      const { flow, summary: s } = await adapter.getFlow(summary.id);
      await adapter.saveFlow({ flow, baseRevision: s.revision });
    }
    expect(await rawFlows(red.url)).toBe(before);
  });

  it('edits one tab and changes nothing else, global config nodes included', async () => {
    await deployDirect(red.url, realistic as NodeObject[]);
    const before = JSON.parse(await rawFlows(red.url)) as { flows: NodeObject[] };
    const { flow, summary } = await adapter.getFlow('a1b2c3d4e5f60001');
    const sw = flow.steps['b100000000000004']!;
    flow.steps[sw.id] = { ...sw, title: 'by amount', position: { x: 150, y: 270 } };
    const saved = await adapter.saveFlow({ flow, baseRevision: summary.revision });
    expect(saved.summary.revision).not.toBe(summary.revision);
    const after = JSON.parse(await rawFlows(red.url)) as { flows: NodeObject[] };
    const changed = after.flows.filter((o, i) => JSON.stringify(o) !== JSON.stringify(before.flows[i]));
    expect(changed.map((o) => o.id)).toEqual(['b100000000000004']);
    expect(changed[0]).toMatchObject({ name: 'by amount', x: 150, y: 270 });
    expect(after.flows.length).toBe(before.flows.length);
  });

  it('adds and removes nodes and wires from port i', async () => {
    await deployDirect(red.url, traceFlows());
    const { flow, summary } = await adapter.getFlow('tab-trace');
    flow.steps.newdbg = { id: 'newdbg', kind: 'action', type: 'debug', title: 'second out', params: { active: true, tosidebar: true, complete: 'payload', targetType: 'msg' }, position: { x: 700, y: 200 } };
    flow.root = [...flow.root, 'newdbg'];
    flow.edges.push({ id: 'e-new', source: 'fn1', sourcePort: '0', target: 'newdbg', targetPort: 'in' });
    delete flow.steps.inj2;
    flow.root = flow.root.filter((id) => id !== 'inj2');
    await adapter.saveFlow({ flow, baseRevision: summary.revision });
    const stored = (JSON.parse(await rawFlows(red.url)) as { flows: NodeObject[] }).flows;
    expect(stored.find((o) => o.id === 'fn1')!.wires).toEqual([['dbg1', 'newdbg'], ['fn2']]);
    expect(stored.find((o) => o.id === 'newdbg')).toMatchObject({ type: 'debug', z: 'tab-trace', name: 'second out', wires: [] });
    expect(stored.some((o) => o.id === 'inj2')).toBe(false);
  });

  it('answers a save from a stale copy with a conflict carrying Node-RED\'s current copy, and merges deploys of other tabs', async () => {
    await deployDirect(red.url, [...(realistic as NodeObject[])]);
    const mine = await adapter.getFlow('a1b2c3d4e5f60001');
    // Someone deploys a change to another tab: no conflict, their change survives our save.
    const other = (JSON.parse(await rawFlows(red.url)) as { flows: NodeObject[] }).flows.map((o) => (o.id === 'b200000000000007' ? { ...o, name: 'cleanup (theirs)' } : o));
    await deployDirect(red.url, other);
    const renamed = { ...mine.flow, name: 'Orders (mine)' };
    const first = await adapter.saveFlow({ flow: renamed, baseRevision: mine.summary.revision });
    let stored = (JSON.parse(await rawFlows(red.url)) as { flows: NodeObject[] }).flows;
    expect(stored.find((o) => o.id === 'b200000000000007')!.name).toBe('cleanup (theirs)');
    expect(stored.find((o) => o.id === 'a1b2c3d4e5f60001')!.label).toBe('Orders (mine)');
    // Now someone changes this very tab: the next save from the old copy is refused.
    await deployDirect(red.url, stored.map((o) => (o.id === 'b100000000000002' ? { ...o, name: 'parse (theirs)' } : o)));
    const err = await expectBackendError(adapter.saveFlow({ flow: { ...first.flow, name: 'Orders (again)' }, baseRevision: first.summary.revision }), 'conflict');
    expect(err.current?.flow.steps['b100000000000002']!.title).toBe('parse (theirs)');
    stored = (JSON.parse(await rawFlows(red.url)) as { flows: NodeObject[] }).flows;
    expect(stored.find((o) => o.id === 'a1b2c3d4e5f60001')!.label).toBe('Orders (mine)');
    // Keep mine: a forced save.
    await adapter.saveFlow({ flow: { ...first.flow, name: 'Orders (forced)' }, baseRevision: first.summary.revision, force: true });
    stored = (JSON.parse(await rawFlows(red.url)) as { flows: NodeObject[] }).flows;
    expect(stored.find((o) => o.id === 'a1b2c3d4e5f60001')!.label).toBe('Orders (forced)');
  });

  it('with conflictScope "global", any deploy since opening is a conflict (Node-RED\'s own rule)', async () => {
    await deployDirect(red.url, realistic as NodeObject[]);
    const strict = adapterFor(red.url, { conflictScope: 'global' });
    const mine = await strict.getFlow('a1b2c3d4e5f60001');
    const current = (JSON.parse(await rawFlows(red.url)) as { flows: NodeObject[] }).flows;
    await deployDirect(red.url, current.map((o) => (o.id === 'b200000000000007' ? { ...o, name: 'x' } : o)));
    await expectBackendError(strict.saveFlow({ flow: mine.flow, baseRevision: mine.summary.revision }), 'conflict');
    strict.dispose?.();
  });

  it('creates, disables and deletes a tab', async () => {
    await deployDirect(red.url, traceFlows());
    const template = (await adapter.getFlow('tab-trace')).flow;
    const created = await adapter.saveFlow({ flow: { ...template, id: 'tab-trace', name: 'Copy' }, baseRevision: null });
    expect(created.flow.id).not.toBe('tab-trace');
    await adapter.setFlowEnabled!(created.flow.id, false);
    expect((await adapter.getFlow(created.flow.id)).summary.enabled).toBe(false);
    await adapter.deleteFlow(created.flow.id);
    await expectBackendError(adapter.getFlow(created.flow.id), 'not-found');
    expect((await adapter.listFlows()).items.map((s) => s.id)).toEqual(['tab-trace']);
  });

  it('lists the palette from GET /nodes with forms for the core nodes', async () => {
    const modules = await adapter.listModules();
    const ids = modules.map((m) => m.id);
    for (const t of ['inject', 'debug', 'function', 'change', 'switch', 'template', 'delay', 'trigger', 'http in', 'http request', 'http response', 'split', 'join', 'range', 'json', 'link in', 'link out', 'link call', 'catch', 'status', 'complete', 'comment']) {
      expect(ids, t).toContain(t);
    }
    const sw = await adapter.getModule('switch');
    expect(sw.inputSchema.source).toBe('json-schema');
    const props = (sw.inputSchema as unknown as { schema: { properties: Record<string, { type?: string; items?: unknown }> } }).schema.properties;
    expect(props.rules!.type).toBe('array');
    expect(props.rules!.items).toMatchObject({ type: 'object' });
    const fn = await adapter.getModule('function');
    expect((fn.inputSchema as unknown as { schema: { properties: Record<string, { contentMediaType?: string }> } }).schema.properties.func!.contentMediaType).toBe('application/javascript');
    expect((await adapter.getModule('inject')).kind).toBe('trigger');
    await expectBackendError(adapter.getModule('no-such-node-type'), 'not-found');
    expect((await adapter.listCategories()).map((c) => c.id)).toContain('common');
  });

  it('runs a flow by pressing its inject node and traces every execution, port and error', async () => {
    await deployDirect(red.url, traceFlows());
    const handle = await adapter.startRun!({ flowId: 'tab-trace', inputs: {}, trigger: 'manual' });
    const events = await collect(handle.events);
    expect(events[0]!.type).toBe('run-started');
    const finished = events.at(-1) as Ev<'run-finished'>;
    expect(finished.type).toBe('run-finished');
    expect(finished.status).toBe('failed');
    expect(finished.error).toMatchObject({ message: 'boom 6', stepId: 'fn2' });
    const steps = events.filter((e): e is Ev<'step-finished'> => e.type === 'step-finished');
    expect(steps.map((s) => [s.stepId, s.status, s.ports])).toEqual([
      ['inj1', 'succeeded', ['0']],
      ['fn1', 'succeeded', ['1']],
      ['fn2', 'failed', []],
    ]);
    expect(steps[1]!.outputs).toMatchObject({ 1: { payload: 6 } });
    expect(steps.every((s) => s.messageId === steps[0]!.messageId)).toBe(true);
    const started = events.find((e): e is Ev<'step-started'> => e.type === 'step-started' && e.stepId === 'fn1')!;
    expect(started.inputs).toMatchObject({ msg: { payload: 3 } });
    const logs = events.filter((e): e is Ev<'log'> => e.type === 'log');
    expect(logs.some((l) => l.stepId === 'fn1' && l.message === 'status: got 3')).toBe(true);
    expect(logs.some((l) => l.level === 'error' && l.stepId === 'fn2' && l.message.includes('boom 6'))).toBe(true);
    for (let i = 1; i < events.length; i++) expect(events[i]!.seq).toBeGreaterThan(events[i - 1]!.seq);
    const state = runStateFrom(events);
    expect(state.status).toBe('failed');
    // History keeps it for replay and compare.
    expect(await adapter.getRunEvents!(handle.runId)).toEqual(events);
    expect((await adapter.listRuns!('tab-trace')).items[0]).toMatchObject({ id: handle.runId, status: 'failed' });
    // The node's status, for its node on the canvas.
    expect(events.some((e) => e.type === 'step-status' && e.stepId === 'fn1' && e.text === 'got 3')).toBe(true);
    // Recorded in the browser (IndexedDB): a new adapter for the same connection, as after a reload, has it.
    const reloaded = adapterFor(red.url);
    try {
      expect(await reloaded.getRunEvents!(handle.runId)).toEqual(events);
      expect((await reloaded.listRuns!('tab-trace')).items.map((r) => r.id)).toContain(handle.runId);
      await reloaded.deleteRun!(handle.runId);
      await expectBackendError(reloaded.getRunEvents!(handle.runId), 'not-found');
    } finally {
      reloaded.dispose?.();
    }
  });

  it('runs a chosen trigger; the second output path succeeds with debug output in the logs', async () => {
    const handle = await adapter.startRun!({ flowId: 'tab-trace', inputs: { node: 'inj2' }, trigger: 'manual' });
    const events = await collect(handle.events);
    const finished = events.at(-1) as Ev<'run-finished'>;
    expect(finished.status).toBe('succeeded');
    const steps = events.filter((e): e is Ev<'step-finished'> => e.type === 'step-finished');
    expect(steps.map((s) => [s.stepId, s.ports])).toEqual([
      ['inj2', ['0']],
      ['fn1', ['0']],
      ['dbg1', []],
    ]);
    expect(events.some((e) => e.type === 'log' && e.stepId === 'dbg1' && e.message === 'out: 1')).toBe(true);
  });

  it('counts a node that runs twice in one run as two iterations', async () => {
    const tab = 'tab-twice';
    await deployDirect(red.url, [
      { id: tab, type: 'tab', label: 'Twice', disabled: false, info: '' },
      { id: 'i', type: 'inject', z: tab, name: '', props: [{ p: 'payload' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', payload: '', payloadType: 'date', x: 100, y: 100, wires: [['a', 'b']] },
      { id: 'a', type: 'change', z: tab, name: 'a', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'A', tot: 'str' }], x: 300, y: 80, wires: [['d']] },
      { id: 'b', type: 'change', z: tab, name: 'b', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'B', tot: 'str' }], x: 300, y: 120, wires: [['d']] },
      { id: 'd', type: 'debug', z: tab, name: 'd', active: true, tosidebar: true, console: false, tostatus: false, complete: 'payload', targetType: 'msg', x: 500, y: 100, wires: [] },
    ] as NodeObject[]);
    const events = await collect((await adapter.startRun!({ flowId: tab, inputs: {} })).events);
    if (process.env.DEBUG_TRACE) console.log(JSON.stringify(events, null, 1));
    const d = events.filter((e): e is Ev<'step-finished'> => e.type === 'step-finished' && e.stepId === 'd');
    expect(d.map((e) => e.iteration)).toEqual([[0], [1]]);
    expect((events.at(-1) as Ev<'run-finished'>).status).toBe('succeeded');
  });

  it('refuses to run a flow without a trigger, and a node that is not deployed', async () => {
    await expectBackendError(adapter.startRun!({ flowId: 'nope', inputs: {} }), 'not-found');
    const err = await expectBackendError(adapter.startRun!({ flowId: 'tab-twice', inputs: { node: 'd' } }), 'invalid');
    expect(err.message).toContain('"d"');
  });

  it('cancels a run that is still waiting', async () => {
    const tab = 'tab-slow';
    await deployDirect(red.url, [
      { id: tab, type: 'tab', label: 'Slow', disabled: false, info: '' },
      { id: 'i', type: 'inject', z: tab, name: '', props: [{ p: 'payload' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', payload: '', payloadType: 'date', x: 100, y: 100, wires: [['w']] },
      { id: 'w', type: 'delay', z: tab, name: 'wait', pauseType: 'delay', timeout: '20', timeoutUnits: 'seconds', rate: '1', nbRateUnits: '1', rateUnits: 'second', randomFirst: '1', randomLast: '5', randomUnits: 'seconds', drop: false, allowrate: false, outputs: 1, x: 300, y: 100, wires: [[]] },
    ] as NodeObject[]);
    const handle = await adapter.startRun!({ flowId: tab, inputs: {} });
    const events: TraceEvent[] = [];
    for await (const e of handle.events) {
      events.push(e);
      if (e.type === 'step-started' && e.stepId === 'w') await adapter.cancelRun!(handle.runId);
    }
    expect((events.at(-1) as Ev<'run-finished'>).status).toBe('cancelled');
    expect(events.find((e): e is Ev<'step-finished'> => e.type === 'step-finished' && e.stepId === 'w')!.status).toBe('failed');
  });

  it('reports a server that is gone as a retryable network error', async () => {
    const gone = adapterFor('http://127.0.0.1:9', { timeoutMs: 5000 });
    const err = await expectBackendError(gone.listFlows(), 'network');
    expect(err.retryable).toBe(true);
    expect(err).toBeInstanceOf(BackendError);
  });

  it('reports a malformed answer as an internal error and writes nothing', async () => {
    const fake = adapterFor('http://127.0.0.1:1', {
      fetch: async () => new Response(JSON.stringify({ rev: 5, flows: 'no' }), { status: 200, headers: { 'content-type': 'application/json' } }),
    });
    const err = await expectBackendError(fake.listFlows(), 'internal');
    expect(err.message).toContain('unexpected shape');
  });
});
