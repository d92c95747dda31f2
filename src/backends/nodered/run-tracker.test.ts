import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../trace';
import type { CommsMessage } from './comms';
import { RunTracker, TRACE_TOPIC, type RunTrackerOptions } from './run-tracker';

/** A tracker on a hand-driven clock: `tick(ms)` fires the timers that are due. */
function rig(opts: Partial<RunTrackerOptions> = {}) {
  let now = 1000;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let next = 1;
  const tracker = new RunTracker({
    runId: 'r1',
    flowId: 'tab',
    trigger: 'manual',
    inputs: {},
    triggerNodeId: 'inj',
    stepIds: new Set(['inj', 'fn', 'dbg', 'slow']),
    scopeIds: new Set(['tab']),
    plugin: true,
    quietMs: 100,
    maxMs: 10_000,
    now: () => now,
    setTimer: (fn, ms) => {
      const id = next++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimer: (h) => {
      timers = timers.filter((t) => t.id !== h);
    },
    ...opts,
  });
  const events: TraceEvent[] = [];
  const drain = (async () => {
    for await (const e of tracker.events) events.push(e);
  })();
  const tick = (ms: number) => {
    now += ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      due.fn();
    }
  };
  const trace = (data: Record<string, unknown>): CommsMessage => ({ topic: TRACE_TOPIC, data: { v: 1, at: now, ...data } });
  return { tracker, events, drain, tick, trace, send: (m: CommsMessage) => tracker.handle(m) };
}

describe('RunTracker', () => {
  it('follows the trigger\'s message, ends after the quiet period', async () => {
    const r = rig();
    r.send(r.trace({ kind: 'receive', node: 'inj', msgid: 'm1', msg: { _msgid: 'm1' } }));
    r.send(r.trace({ kind: 'send', node: 'inj', msgid: 'm1', port: 0, to: 'fn', msg: { payload: 1 } }));
    r.send(r.trace({ kind: 'complete', node: 'inj', msgid: 'm1' }));
    // Another message nobody asked for (a timer elsewhere) is not part of the run.
    r.send(r.trace({ kind: 'receive', node: 'fn', msgid: 'other' }));
    r.send(r.trace({ kind: 'receive', node: 'fn', msgid: 'm1' }));
    r.tick(30);
    r.send(r.trace({ kind: 'send', node: 'fn', msgid: 'new-id', port: 1, to: 'dbg', msg: { payload: 2 } }));
    r.send(r.trace({ kind: 'complete', node: 'fn', msgid: 'm1' }));
    r.send(r.trace({ kind: 'receive', node: 'dbg', msgid: 'new-id' }));
    r.send(r.trace({ kind: 'complete', node: 'dbg', msgid: 'new-id' }));
    r.tick(99);
    expect(r.tracker.finished).toBe(false);
    r.tick(1);
    await r.drain;
    const finished = r.events.filter((e) => e.type === 'step-finished');
    expect(finished.map((e) => e.type === 'step-finished' && [e.stepId, e.ports, e.durationMs])).toEqual([
      ['inj', ['0'], 0],
      ['fn', ['1'], 30],
      ['dbg', [], 0],
    ]);
    expect(r.events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded' });
    expect(r.events.map((e) => e.seq)).toEqual(r.events.map((_, i) => i));
  });

  it('keeps waiting while an execution is open, and ends failed with the first error', async () => {
    const r = rig();
    r.send(r.trace({ kind: 'receive', node: 'inj', msgid: 'm' }));
    r.send(r.trace({ kind: 'send', node: 'inj', msgid: 'm', port: 0 }));
    r.send(r.trace({ kind: 'complete', node: 'inj', msgid: 'm' }));
    r.send(r.trace({ kind: 'receive', node: 'slow', msgid: 'm' }));
    r.tick(500);
    expect(r.tracker.finished).toBe(false);
    r.send(r.trace({ kind: 'complete', node: 'slow', msgid: 'm', error: { message: 'gave up' } }));
    r.tick(100);
    await r.drain;
    expect(r.events.at(-1)).toMatchObject({ type: 'run-finished', status: 'failed', error: { message: 'gave up', stepId: 'slow' } });
    expect(r.events.some((e) => e.type === 'log' && e.level === 'error' && e.stepId === 'slow')).toBe(true);
  });

  it('ignores malformed frames and foreign topics; debug and status of the flow become logs', async () => {
    const r = rig();
    r.send({ topic: TRACE_TOPIC, data: { kind: 'explode' } });
    r.send({ topic: TRACE_TOPIC, data: 'nonsense' });
    r.send({ topic: 'notification/node/added', data: [{}] });
    r.send({ topic: 'debug', data: { id: 'dbg', z: 'tab', name: 'out', msg: '{"a":1}', format: 'Object' } });
    r.send({ topic: 'debug', data: { id: 'elsewhere', z: 'other-tab', msg: 'not ours' } });
    r.send({ topic: 'debug', data: { id: 'fn', z: 'tab', level: 20, msg: '{"__enc__":true,"type":"error","data":{"name":"TypeError","message":"x is undefined"}}' } });
    r.send({ topic: 'status/fn', data: { text: 'working', fill: 'blue' } });
    r.send({ topic: 'status/fn', data: {} });
    r.tick(100);
    await r.drain;
    const logs = r.events.filter((e) => e.type === 'log').map((e) => e.type === 'log' && [e.level, e.stepId, e.message]);
    expect(logs).toEqual([
      ['info', 'dbg', 'out: {"a":1}'],
      ['error', 'fn', 'debug: TypeError: x is undefined'],
      ['debug', 'fn', 'status: working'],
      ['debug', 'fn', 'status cleared'],
    ]);
    // The status itself, for the node on the canvas.
    expect(r.events.filter((e) => e.type === 'step-status').map((e) => e.type === 'step-status' && [e.stepId, e.text, e.fill])).toEqual([
      ['fn', 'working', 'blue'],
      ['fn', '', undefined],
    ]);
  });

  it('without the plugin says what it adds; a trigger that cannot be pressed fails the run', async () => {
    const r = rig({ plugin: false });
    r.tracker.fail('Node-RED has no deployed node "inj"');
    await r.drain;
    expect(r.events.map((e) => e.type)).toEqual(['run-started', 'log', 'log', 'run-finished']);
    expect(r.events[1]).toMatchObject({ message: expect.stringContaining('trace plugin') });
    expect(r.events.at(-1)).toMatchObject({ status: 'failed', error: { message: 'Node-RED has no deployed node "inj"' } });
  });

  it('cancels: open executions end failed, nothing after run-finished', async () => {
    const r = rig();
    r.send(r.trace({ kind: 'receive', node: 'inj', msgid: 'm' }));
    r.send(r.trace({ kind: 'send', node: 'inj', msgid: 'm', port: 0 }));
    r.send(r.trace({ kind: 'complete', node: 'inj', msgid: 'm' }));
    r.send(r.trace({ kind: 'receive', node: 'slow', msgid: 'm' }));
    r.tracker.cancel();
    r.send(r.trace({ kind: 'complete', node: 'slow', msgid: 'm' }));
    await r.drain;
    expect(r.events.at(-2)).toMatchObject({ type: 'step-finished', stepId: 'slow', status: 'failed' });
    expect(r.events.at(-1)).toMatchObject({ type: 'run-finished', status: 'cancelled' });
  });

  it('times out after maxMs', async () => {
    const r = rig({ maxMs: 1000 });
    r.send(r.trace({ kind: 'receive', node: 'inj', msgid: 'm' }));
    for (let i = 0; i < 12; i++) {
      r.tick(90);
      r.send(r.trace({ kind: 'send', node: 'inj', msgid: 'm', port: 0 }));
    }
    await r.drain;
    expect(r.events.at(-1)).toMatchObject({ type: 'run-finished', status: 'timeout' });
  });
});
