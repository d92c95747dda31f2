import { describe, expect, it } from 'vitest';
import {
  applyEvents,
  initialRunState,
  isEdgeExecuted,
  iterationOf,
  listAt,
  listSlice,
  listToArray,
  reduceRun,
  runStateFrom,
  type RunState,
} from './run-state';
import type { TraceEvent } from './trace';

/** Builds events of one run with increasing seq and time. */
function script(runId = 'r1') {
  let seq = 0;
  let at = 1000;
  const events: TraceEvent[] = [];
  const base = () => ({ runId, seq: seq++, at: (at += 10) });
  const api = {
    events,
    runStarted: () => (events.push({ ...base(), type: 'run-started', flowId: 'f1', inputs: { a: 1 }, trigger: 'manual' }), api),
    started: (stepId: string, iteration: number[] = [], inputs: Record<string, unknown> = {}) => (
      events.push({ ...base(), type: 'step-started', stepId, iteration, inputs }), api
    ),
    finished: (stepId: string, iteration: number[] = [], extra: Partial<Extract<TraceEvent, { type: 'step-finished' }>> = {}) => (
      events.push({ ...base(), type: 'step-finished', stepId, iteration, status: 'succeeded', durationMs: 5, ...extra }), api
    ),
    log: (message: string, level: 'info' | 'warn' | 'error' | 'debug' = 'info', stepId?: string) => (
      events.push({ ...base(), type: 'log', level, message, ...(stepId ? { stepId } : {}) }), api
    ),
    runFinished: (status: 'succeeded' | 'failed' | 'cancelled' = 'succeeded', extra: Record<string, unknown> = {}) => (
      events.push({ ...base(), type: 'run-finished', status, durationMs: 100, ...extra }), api
    ),
  };
  return api;
}

describe('reduceRun', () => {
  it('follows a run from start to finish', () => {
    const { events } = script()
      .runStarted()
      .started('a', [], { url: 'x' })
      .log('hello', 'info', 'a')
      .finished('a', [], { outputs: { body: 1 } })
      .started('if1')
      .finished('if1', [], { branch: 'then' })
      .runFinished('succeeded', { outputs: { ok: true } });
    const s = runStateFrom(events);
    expect(s.runId).toBe('r1');
    expect(s.flowId).toBe('f1');
    expect(s.status).toBe('succeeded');
    expect(s.trigger).toBe('manual');
    expect(s.inputs).toEqual({ a: 1 });
    expect(s.startedAt).toBe(1010);
    expect(s.finishedAt).toBe(events.at(-1)!.at);
    expect(s.durationMs).toBe(100);
    expect(s.outputs).toEqual({ ok: true });
    expect(s.eventCount).toBe(events.length);
    expect(s.lastSeq).toBe(events.length - 1);
    expect(s.stepOrder).toEqual(['a', 'if1']);
    const a = s.steps.a!;
    expect(a.status).toBe('succeeded');
    expect(a.lastInputs).toEqual({ url: 'x' });
    expect(a.lastOutputs).toEqual({ body: 1 });
    expect(a.durationMs).toBe(5);
    expect(a.runCount).toBe(1);
    expect(iterationOf(a, [])?.outputs).toEqual({ body: 1 });
    expect(s.steps.if1!.branch).toBe('then');
    expect(s.branchesTaken.if1).toEqual(['then']);
    expect(listToArray(s.logs).map((l) => l.message)).toEqual(['hello']);
    expect(s.logCounts.info).toBe(1);
  });

  it('starts idle', () => {
    const s = initialRunState('r9');
    expect(s).toMatchObject({ runId: 'r9', status: 'idle', eventCount: 0, lastSeq: -1, startedAt: null });
    expect(s.logs.length).toBe(0);
  });

  it('ignores duplicate and out-of-order seq, and other runs, returning the same state', () => {
    const { events } = script().runStarted().started('a').finished('a');
    const s = runStateFrom(events);
    expect(reduceRun(s, events[1]!)).toBe(s);
    expect(reduceRun(s, { ...events[2]!, seq: 0 })).toBe(s);
    expect(reduceRun(s, { ...events[2]!, runId: 'other', seq: 99 })).toBe(s);
    const twice = applyEvents(initialRunState('r1'), [...events, ...events]);
    expect(twice.eventCount).toBe(events.length);
    expect(twice.steps.a!.runCount).toBe(1);
  });

  it('keeps a record per loop iteration, nested ones too', () => {
    const sc = script().runStarted();
    for (let i = 0; i < 3; i++) {
      sc.started('loop-child', [i], { i });
      sc.finished('loop-child', [i], { outputs: i * 10, status: i === 1 ? 'failed' : 'succeeded', ...(i === 1 ? { error: { message: 'boom' } } : {}) });
    }
    sc.started('inner', [0, 4]).finished('inner', [0, 4], { outputs: 'deep' });
    const s = runStateFrom(sc.events);
    const child = s.steps['loop-child']!;
    expect(child.runCount).toBe(3);
    expect(child.iterations.length).toBe(3);
    expect(iterationOf(child, [1])).toMatchObject({ status: 'failed', outputs: 10, error: { message: 'boom' }, inputs: { i: 1 } });
    expect(iterationOf(child, '2')?.outputs).toBe(20);
    expect(child.status).toBe('succeeded');
    expect(child.lastOutputs).toBe(20);
    expect(child.lastError).toBeUndefined();
    expect(child.totalDurationMs).toBe(15);
    expect(iterationOf(s.steps.inner!, [0, 4])?.outputs).toBe('deep');
    expect(iterationOf(s.steps.inner!, [0, 5])).toBeUndefined();
  });

  it('records a step-finished that had no step-started (skipped steps)', () => {
    const { events } = script().runStarted().finished('b', [], { status: 'skipped', durationMs: 0 });
    const s = runStateFrom(events);
    expect(s.steps.b).toMatchObject({ status: 'skipped', runCount: 0 });
    expect(s.steps.b!.iterations.length).toBe(1);
  });

  it('marks steps still running at the end of the run as cancelled', () => {
    const { events } = script().runStarted().started('a').runFinished('cancelled');
    const s = runStateFrom(events);
    expect(s.status).toBe('cancelled');
    expect(s.steps.a!.status).toBe('cancelled');
  });

  it('joins mid-run (polling) without a run-started', () => {
    const { events } = script().runStarted().started('a');
    const s = runStateFrom(events.slice(1));
    expect(s.status).toBe('running');
    expect(s.startedAt).toBe(events[1]!.at);
  });

  it('never mutates the state it is given, and shares what did not change', () => {
    const { events } = script().runStarted().started('a').finished('a').started('b').log('x');
    const before = runStateFrom(events.slice(0, 3));
    const snapshot = JSON.stringify({ ...before, logs: listToArray(before.logs) });
    const aBefore = before.steps.a;
    const after = applyEvents(before, events.slice(3));
    expect(JSON.stringify({ ...before, logs: listToArray(before.logs) })).toBe(snapshot);
    expect(after.steps.a).toBe(aBefore);
    expect(after.steps.b).toBeDefined();
    expect(after).not.toBe(before);
  });

  it('gives the same result whether events are applied one by one or batched', () => {
    const sc = script().runStarted();
    for (let i = 0; i < 600; i++) sc.started('s', [i]).log(`line ${i}`).finished('s', [i], { outputs: i, branch: i % 2 ? 'then' : 'else' });
    sc.runFinished();
    const one = sc.events.reduce(reduceRun, initialRunState('r1'));
    const batched = applyEvents(initialRunState('r1'), sc.events);
    const chunks: RunState[] = [];
    let s = initialRunState('r1');
    for (let i = 0; i < sc.events.length; i += 97) chunks.push((s = applyEvents(s, sc.events.slice(i, i + 97))));
    const norm = (x: RunState) =>
      JSON.stringify({ ...x, logs: listToArray(x.logs), steps: Object.fromEntries(Object.entries(x.steps).map(([k, v]) => [k, { ...v, iterations: listToArray(v.iterations) }])) });
    expect(norm(batched)).toBe(norm(one));
    expect(norm(s)).toBe(norm(one));
    expect(one.logs.length).toBe(600);
    expect(listAt(one.logs, 599)?.message).toBe('line 599');
    expect(listSlice(one.logs, 255, 258).map((l) => l.message)).toEqual(['line 255', 'line 256', 'line 257']);
    expect(one.branchesTaken.s).toEqual(['else', 'then']);
  });

  it('does not let an older state see records appended by a sibling state', () => {
    const { events } = script().runStarted().started('s', [0]).finished('s', [0]);
    const base = runStateFrom(events);
    const a = reduceRun(base, { runId: 'r1', seq: 3, at: 1, type: 'step-started', stepId: 's', iteration: [1], inputs: { who: 'a' } });
    const b = reduceRun(base, { runId: 'r1', seq: 3, at: 1, type: 'step-started', stepId: 's', iteration: [2], inputs: { who: 'b' } });
    expect(iterationOf(a.steps.s!, [1])?.inputs).toEqual({ who: 'a' });
    expect(iterationOf(a.steps.s!, [2])).toBeUndefined();
    expect(iterationOf(b.steps.s!, [1])).toBeUndefined();
    expect(iterationOf(base.steps.s!, [1])).toBeUndefined();
  });

  it('tells which edges the run went along', () => {
    const { events } = script().runStarted().started('if1').finished('if1', [], { branch: 'else' }).started('b').finished('b');
    const s = runStateFrom(events);
    expect(isEdgeExecuted(s, { source: 'if1', sourcePort: 'false', target: 'b', targetPort: 'in' })).toBe(true);
    expect(isEdgeExecuted(s, { source: 'if1', sourcePort: 'true', target: 'b', targetPort: 'in' })).toBe(false);
    expect(isEdgeExecuted(s, { source: 'if1', sourcePort: 'true', target: 'c', targetPort: 'in' })).toBe(false);
    expect(isEdgeExecuted(s, { source: 'b', sourcePort: 'out', target: 'if1', targetPort: 'in' })).toBe(true);
  });

  it('lights the edges of the output ports that fired, over every execution of a message-driven step', () => {
    const { events } = script()
      .runStarted()
      .started('sw', [0])
      .finished('sw', [0], { ports: ['1'], messageId: 'm1' })
      .started('b', [0])
      .finished('b', [0])
      .started('sw', [1])
      .finished('sw', [1], { ports: ['3'], messageId: 'm2' });
    const s = runStateFrom(events);
    expect(s.portsTaken.sw).toEqual(['1', '3']);
    expect(isEdgeExecuted(s, { source: 'sw', sourcePort: '1', target: 'b' })).toBe(true);
    expect(isEdgeExecuted(s, { source: 'sw', sourcePort: '0', target: 'b' })).toBe(false);
    expect(s.steps.sw!.runCount).toBe(2);
    expect(iterationOf(s.steps.sw!, [1])?.messageId).toBe('m2');
    expect(iterationOf(s.steps.sw!, [1])?.ports).toEqual(['3']);
  });

  it('streams chunks into the running step and folds them into its output', () => {
    const sc = script().runStarted().started('llm');
    for (const text of ['Hel', 'lo', ' world']) sc.events.push({ runId: 'r1', seq: sc.events.length, at: 2000 + sc.events.length, type: 'step-chunk', stepId: 'llm', iteration: [], text });
    const live = runStateFrom(sc.events);
    expect(live.steps.llm!.status).toBe('running');
    expect(live.steps.llm!.streamed).toBe('Hello world');
    expect(iterationOf(live.steps.llm!, [])?.streamed).toBe('Hello world');
    const done = runStateFrom(script().events.concat(sc.events, [{ runId: 'r1', seq: sc.events.length, at: 3000, type: 'step-finished', stepId: 'llm', iteration: [], status: 'succeeded', durationMs: 9 }]));
    expect(done.steps.llm!.lastOutputs).toBe('Hello world');
    // An engine that reports its own outputs keeps them.
    const own = runStateFrom([...sc.events, { runId: 'r1', seq: sc.events.length, at: 3000, type: 'step-finished', stepId: 'llm', iteration: [], status: 'succeeded', durationMs: 9, outputs: { text: 'Hello world!' } }]);
    expect(own.steps.llm!.lastOutputs).toEqual({ text: 'Hello world!' });
    expect(iterationOf(own.steps.llm!, [])?.streamed).toBe('Hello world');
  });

  it("keeps a step's latest status line until it is cleared", () => {
    const sc = script().runStarted().started('mq');
    const status = (text: string, fill?: string) => sc.events.push({ runId: 'r1', seq: sc.events.length, at: 2000 + sc.events.length, type: 'step-status', stepId: 'mq', text, ...(fill ? { fill, shape: 'dot' } : {}) });
    status('connecting', 'yellow');
    status('connected', 'green');
    const s = runStateFrom(sc.events);
    expect(s.steps.mq!.statusLine).toEqual({ text: 'connected', fill: 'green', shape: 'dot' });
    expect(s.steps.mq!.status).toBe('running');
    status('');
    expect(runStateFrom(sc.events).steps.mq!.statusLine).toBeUndefined();
  });

  it('sums step metadata on the step and on the run', () => {
    const { events } = script()
      .runStarted()
      .started('a')
      .finished('a', [], { metadata: { tokens: 10, cost: 0.002, currency: 'USD' } })
      .started('b')
      .finished('b', [], { metadata: { tokens: 5, cost: 0.001, currency: 'USD', model: 'x' } });
    const s = runStateFrom(events);
    expect(s.metadata.tokens).toBe(15);
    expect(s.metadata.cost).toBeCloseTo(0.003);
    expect(s.metadata.currency).toBe('USD');
    expect(s.steps.a!.metadata).toEqual({ tokens: 10, cost: 0.002, currency: 'USD' });
  });

  it('ingests 10k events per second cheaply, one by one and batched', () => {
    const sc = script().runStarted();
    // One loop of 20k iterations of a step, with a log each: the worst case for per-step growth.
    for (let i = 0; i < 20_000; i++) sc.started('body', [i], { i }).log(`iteration ${i}`, 'debug', 'body').finished('body', [i], { outputs: i });
    sc.runFinished();
    const t0 = performance.now();
    let s = initialRunState('r1');
    for (const e of sc.events) s = reduceRun(s, e);
    const oneByOne = performance.now() - t0;
    const t1 = performance.now();
    let t = initialRunState('r1');
    for (let i = 0; i < sc.events.length; i += 200) t = applyEvents(t, sc.events.slice(i, i + 200));
    const batched = performance.now() - t1;
    if (process.env.RUN_STATE_BENCH) console.log({ oneByOne, batched });
    expect(s.eventCount).toBe(60_002);
    expect(s.steps.body!.iterations.length).toBe(20_000);
    expect(iterationOf(t.steps.body!, [12_345])?.outputs).toBe(12_345);
    // ~0.4 s and ~0.2 s on an idle laptop. The bounds only catch quadratic behaviour (minutes), since a
    // shared CI machine can be many times slower; the structural test below pins the per-event cost.
    expect(oneByOne).toBeLessThan(15_000);
    expect(batched).toBeLessThan(15_000);
  });

  it('copies only the last chunk of a long list per event, never the list', () => {
    const sc = script().runStarted();
    for (let i = 0; i < 2000; i++) sc.started('body', [i]).log(`line ${i}`).finished('body', [i]);
    const before = runStateFrom(sc.events);
    const next = reduceRun(before, { runId: 'r1', seq: before.lastSeq + 1, at: 1, type: 'log', level: 'info', message: 'one more' });
    const n = before.logs.chunks.length;
    expect(n).toBeGreaterThan(5);
    for (let i = 0; i < n - 1; i++) expect(next.logs.chunks[i]).toBe(before.logs.chunks[i]);
    expect(next.logs.chunks[n - 1]).not.toBe(before.logs.chunks[n - 1]);
    expect(before.logs.length).toBe(2000);
    expect(next.logs.length).toBe(2001);
    const afterStep = reduceRun(next, { runId: 'r1', seq: next.lastSeq + 1, at: 2, type: 'step-started', stepId: 'body', iteration: [2000], inputs: {} });
    const its = afterStep.steps.body!.iterations;
    const old = before.steps.body!.iterations;
    for (let i = 0; i < old.chunks.length - 1; i++) expect(its.chunks[i]).toBe(old.chunks[i]);
    expect(afterStep.logs).toBe(next.logs);
  });
});
