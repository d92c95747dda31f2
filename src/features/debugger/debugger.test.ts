/**
 * The debugger end to end below the UI: the editor's run controller on the real local adapter (in-process
 * engine, fake IndexedDB), breakpoints and pins from the debugger store, commands through the session, partial
 * runs reusing the last run; and the pure parts (watches, pin validation, what a backend without debug gets).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessEngineRunner } from '../../backends/local/engine/in-process-runner';
import { createLocalAdapter, type LocalAdapter } from '../../backends/local/local-adapter';
import { blockFlow, fn, loopStep, s } from '../../backends/local/engine/test-flows';
import { runStateFrom } from '../../backends/run-state';
import type { TraceEvent } from '../../backends/trace';
import { createEditorStore } from '../../editor/store';
import { localSyntax } from '../../model/references/dialects';
import { startEditorRun } from '../runs/run-controller';
import { runViewOf, showPastRun } from '../runs/run-view';
import { debuggerOf, pinOutput, setBreakpointCondition, toggleBreakpoint } from './debugger-store';
import { DebuggerPersistence } from './debugger-persistence';
import { parsePin } from './pin-schema';
import { ignoredPins, prepareDebugRun } from './run-options';
import { livePause, sendDebugCommand } from './session';
import { evaluateWatch } from './watch';

let n = 0;
const adapters: LocalAdapter[] = [];
afterEach(async () => {
  for (const a of adapters.splice(0)) await a.dispose?.();
});

async function setup(flow = blockFlow([loopStep('L', { count: 3 }, [s('log', 'core.log', { message: 'round {{steps.L.index}}' })]), s('after', 'core.text_template', { template: 'after {{steps.log.message}}' })])) {
  const adapter = createLocalAdapter({ dbName: `dbg-${Date.now()}-${n++}`, engine: createInProcessEngineRunner() });
  adapters.push(adapter);
  const saved = await adapter.saveFlow({ flow, baseRevision: null });
  const store = createEditorStore({ flow: saved.flow, baseRevision: saved.summary.revision });
  return { adapter, store, dbg: debuggerOf(store) };
}

/** Resolves once the live run is paused somewhere new. */
function nextPause(store: ReturnType<typeof createEditorStore>, seen: Set<string>) {
  const view = runViewOf(store);
  return new Promise<string>((resolve) => {
    const check = () => {
      const p = livePause(store);
      const key = p ? `${p.stepId}@${p.iteration.join('.')}@${p.at}` : null;
      if (p && key && !seen.has(key)) {
        seen.add(key);
        unsub();
        resolve(`${p.stepId}@${p.iteration.join('.')}`);
      }
    };
    const unsub = view.subscribe(check);
    check();
  });
}

describe('the debugger through the editor run controller (local backend)', () => {
  it('pauses at a conditional breakpoint, takes edited inputs and step commands, and finishes', async () => {
    const { adapter, store, dbg } = await setup();
    toggleBreakpoint(dbg, 'log');
    setBreakpointCondition(dbg, 'log', '{{steps.L.index}} == 2');
    const seen = new Set<string>();
    const control = startEditorRun(adapter, store, {});
    expect(await nextPause(store, seen)).toBe('log@2');
    dbg.setState({ inputsDraft: { at: { stepId: 'log', iteration: [2] }, text: '{ "message": "edited" }' } });
    expect(sendDebugCommand(store, 'stepOver')).toEqual({ ok: true });
    expect(await nextPause(store, seen)).toBe('after@');
    expect(sendDebugCommand(store, 'continue')).toEqual({ ok: true });
    await control.done;
    const live = runViewOf(store).getState().live!;
    expect(live.status).toBe('succeeded');
    expect(live.steps.after?.lastOutputs).toEqual({ text: 'after edited' });
    expect(dbg.getState().session).toBeNull();
    // Nothing to send to once it ended.
    expect(sendDebugCommand(store, 'continue')).toEqual({ ok: false, reason: 'not-paused' });
  });

  it('refuses edited inputs that are not a JSON object, and stays paused', async () => {
    const { adapter, store, dbg } = await setup();
    toggleBreakpoint(dbg, 'after');
    const control = startEditorRun(adapter, store, {});
    await nextPause(store, new Set());
    dbg.setState({ inputsDraft: { at: { stepId: 'after', iteration: [] }, text: '{ not json' } });
    expect(sendDebugCommand(store, 'continue')).toMatchObject({ ok: false, reason: 'bad-inputs' });
    expect(livePause(store)?.stepId).toBe('after');
    expect(sendDebugCommand(store, 'stop')).toEqual({ ok: true });
    await control.done;
    expect(runViewOf(store).getState().live?.status).toBe('cancelled');
  });

  it('runs from a step reusing the last run (per iteration), pins skip steps, and history marks the run partial', async () => {
    const flow = blockFlow([fn('rand', 'return Math.random();'), s('tpl', 'core.text_template', { template: 'v={{steps.rand.result}}' })]);
    const { adapter, store, dbg } = await setup(flow);
    await startEditorRun(adapter, store, {}).done;
    const first = runViewOf(store).getState().live!;
    const value = (first.steps.tpl?.lastOutputs as { text: string }).text;

    dbg.setState({ pendingPartial: { stepId: 'tpl', mode: 'from' } });
    await startEditorRun(adapter, store, {}).done;
    const partial = runViewOf(store).getState().live!;
    expect(dbg.getState().pendingPartial).toBeNull();
    expect(partial.partial).toMatchObject({ fromStepId: 'tpl', sourceRunId: first.runId });
    expect(partial.steps.rand?.reused).toEqual({ source: 'run', runId: first.runId });
    expect((partial.steps.tpl?.lastOutputs as { text: string }).text).toBe(value);
    // The controller stops reading at run-finished; the record is written right after.
    await adapter.whenIdle();
    const history = await adapter.listRuns!(store.getState().flow.id);
    expect(history.items[0]?.partial).toMatchObject({ fromStepId: 'tpl', sourceRunId: first.runId });
    expect(history.items[1]?.partial).toBeUndefined();

    // A past run opened from history is the one a partial run reuses.
    showPastRun(store, { runId: first.runId, state: first, events: [] });
    dbg.setState({ pendingPartial: { stepId: 'tpl', mode: 'one' } });
    await startEditorRun(adapter, store, {}).done;
    const fromPast = runViewOf(store).getState().live!;
    expect(fromPast.partial).toMatchObject({ fromStepId: 'tpl', toStepId: 'tpl', mode: 'one', sourceRunId: first.runId });
    expect(fromPast.steps.rand?.reused).toEqual({ source: 'run', runId: first.runId });

    pinOutput(dbg, 'rand', { result: 7 }, 'typed');
    await startEditorRun(adapter, store, {}).done;
    const pinned = runViewOf(store).getState().live!;
    expect(pinned.steps.rand?.reused).toEqual({ source: 'pin' });
    expect(pinned.steps.tpl?.lastOutputs).toEqual({ text: 'v=7' });
  });
});

describe('what a backend without the debug capability gets', () => {
  it('no breakpoints, pins or partial runs are sent, and pinned steps are reported as ignored', () => {
    const store = createEditorStore({ flow: blockFlow([s('a', 'core.log', { message: 'x' })]), baseRevision: null });
    const dbg = debuggerOf(store);
    toggleBreakpoint(dbg, 'a');
    pinOutput(dbg, 'a', { message: 'p' }, 'typed');
    pinOutput(dbg, 'gone', 1, 'typed');
    dbg.setState({ pendingPartial: { stepId: 'a', mode: 'from' } });
    const plain = { id: 'plain', capabilities: { run: true } as never };
    expect(prepareDebugRun(store, plain)).toBeUndefined();
    expect(ignoredPins(store, plain)).toEqual(['a']);
    const local = { id: 'local', capabilities: { debug: { breakpoints: true, pins: true, partialRuns: true } } as never };
    expect(prepareDebugRun(store, local)).toEqual({ breakpoints: { a: {} }, pins: { a: { message: 'p' } } });
    expect(ignoredPins(store, local)).toEqual([]);
  });
});

describe('watch expressions', () => {
  const events: TraceEvent[] = [
    { runId: 'r', seq: 0, at: 0, type: 'run-started', flowId: 'f', inputs: { who: 'Ada' }, trigger: 'manual' },
    { runId: 'r', seq: 1, at: 0, type: 'step-started', stepId: 'a', iteration: [], inputs: {} },
    { runId: 'r', seq: 2, at: 0, type: 'step-finished', stepId: 'a', iteration: [], status: 'succeeded', outputs: { body: { items: [{ id: 4 }] } }, durationMs: 0 },
  ];
  const run = runStateFrom(events);
  const flow = { steps: { a: { id: 'a', kind: 'action' as const, type: 't', title: 'A', params: {} } } };
  it('gives the raw value of one reference, text for a template, and says what has no value', () => {
    expect(evaluateWatch('{{steps.a.body.items[0].id}}', run, flow, localSyntax)).toEqual({ ok: true, value: 4 });
    expect(evaluateWatch('{{inputs.who}} has {{steps.a.body.items}}', run, flow, localSyntax)).toEqual({ ok: true, value: 'Ada has [{"id":4}]' });
    expect(evaluateWatch('{{steps.b.x}}', run, flow, localSyntax)).toEqual({ ok: false, missing: ['{{steps.b.x}}'] });
    expect(evaluateWatch('{{steps.a.body.nope}}', null, flow, localSyntax)).toMatchObject({ ok: false });
    expect(evaluateWatch('plain text', run, flow, localSyntax)).toEqual({ ok: false, noReference: true });
  });
});

describe('typed pins', () => {
  const module = { outputs: [{ id: 'statusCode', type: 'number' as const, label: { text: 'Status' } }, { id: 'body', type: 'any' as const, label: { text: 'Body' } }] };
  it('are JSON that fits the module outputs; extra keys are allowed', () => {
    expect(parsePin('{ "statusCode": 200, "body": "x", "extra": 1 }', module)).toEqual({ ok: true, value: { statusCode: 200, body: 'x', extra: 1 } });
    expect(parsePin('{ "statusCode": "200" }', module)).toMatchObject({ ok: false, error: 'schema' });
    expect(parsePin('[1]', module)).toMatchObject({ ok: false, error: 'schema' });
    expect(parsePin('{ nope', module)).toMatchObject({ ok: false, error: 'json' });
    expect(parsePin('[1]', { outputs: [] })).toEqual({ ok: true, value: [1] });
  });
});

describe('debugger persistence', () => {
  it('keeps breakpoints, pins and watches per key, and reads nothing it cannot parse', async () => {
    const p = new DebuggerPersistence(`dbg-persist-${Date.now()}`);
    const data = { version: 1 as const, breakpoints: { a: { condition: 'x' } }, pins: { b: { value: { v: 1 }, from: 'typed' as const, at: 1 } }, watches: ['{{steps.a.x}}'] };
    await p.save('local::f1', data);
    expect(await p.load('local::f1')).toEqual(data);
    expect(await p.load('local::f2')).toBeNull();
    await p.save('local::f1', { version: 1, breakpoints: {}, pins: {}, watches: [] });
    expect(await p.load('local::f1')).toBeNull();
  });

  it('a store with a key loads what was kept, and keeps what changes', async () => {
    const persistence = new DebuggerPersistence(`dbg-store-${Date.now()}`);
    await persistence.save('k', { version: 1, breakpoints: { a: {} }, pins: {}, watches: [] });
    const store = createEditorStore({ flow: blockFlow([s('a', 'core.log', { message: 'x' })]), baseRevision: null });
    const dbg = debuggerOf(store, 'k', persistence);
    await expect.poll(() => dbg.getState().loaded).toBe(true);
    expect(dbg.getState().breakpoints).toEqual({ a: {} });
    dbg.setState({ watches: ['{{steps.a.message}}'] });
    await expect.poll(async () => (await persistence.load('k'))?.watches).toEqual(['{{steps.a.message}}']);
  });
});
