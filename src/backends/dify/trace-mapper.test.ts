/**
 * SSE → TraceEvent mapping from recorded streams: the seed document's own example, and streams recorded from
 * the test server (branch both ways, an iteration, a failing node), fed whole, in small split chunks and with
 * CRLF line endings, through the same `readSse` the adapter uses.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectWellFormedRun } from '../contract/contract-suite';
import { runStateFrom } from '../run-state';
import { readSse, sseJson } from '../transport';
import type { TraceEvent } from '../trace';
import { BackendError } from '../types';
import { emptyGraph, flowOfApp, mergeObservations } from './graph';
import { DifyTraceMapper, START_STEP_ID, type DifyTraceEvent, type StepChunkEvent } from './trace-mapper';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

type Chunking = 'whole' | 'split-7' | 'split-1' | 'crlf';

function bodyOf(text: string, chunking: Chunking): ReadableStream<Uint8Array> {
  const source = chunking === 'crlf' ? text.replace(/\n/g, '\r\n') : text;
  const bytes = new TextEncoder().encode(source);
  const size = chunking === 'split-7' ? 7 : chunking === 'split-1' ? 1 : bytes.length;
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += size) controller.enqueue(bytes.slice(i, i + size));
      controller.close();
    },
  });
}

async function mapStream(text: string, chunking: Chunking = 'whole'): Promise<{ events: DifyTraceEvent[]; mapper: DifyTraceMapper }> {
  const res = new Response(bodyOf(text, chunking), { headers: { 'content-type': 'text/event-stream' } });
  let t = 1_000;
  const mapper = new DifyTraceMapper({ flowId: 'flow-1', inputs: { q: 1 }, trigger: 'test', now: () => (t += 1) });
  const events: DifyTraceEvent[] = [];
  for await (const m of readSse(res)) events.push(...mapper.feed(sseJson(m)));
  return { events, mapper };
}

const plain = (events: DifyTraceEvent[]) => events.filter((e): e is TraceEvent => e.type !== 'step-chunk');
const chunks = (events: DifyTraceEvent[]) => events.filter((e): e is StepChunkEvent => e.type === 'step-chunk');
const finished = (events: DifyTraceEvent[], stepId: string) =>
  events.filter((e) => e.type === 'step-finished' && e.stepId === stepId) as Array<Extract<TraceEvent, { type: 'step-finished' }> & { metadata?: Record<string, unknown>; ports?: string[] }>;

describe('the seed document example stream', () => {
  it.each<Chunking>(['whole', 'split-7', 'split-1', 'crlf'])('maps to a well-formed run (%s)', async (chunking) => {
    const { events, mapper } = await mapStream(fixture('seed-example.sse'), chunking);
    expect(events.map((e) => e.type)).toEqual(['run-started', 'step-started', 'step-finished', 'run-finished']);
    expectWellFormedRun(plain(events), '5ad498-f0c7-4085-b384-88cbe6290');
    expect(mapper.taskId).toBe('5ad4cb98-f0c7-4085-b384-88c403be6290');
    const [started, , step, end] = events;
    expect(started).toMatchObject({ type: 'run-started', flowId: 'flow-1', inputs: { q: 1 }, trigger: 'test', seq: 0 });
    // The start node is the `start` step whatever Dify calls it.
    expect(step).toMatchObject({
      type: 'step-finished',
      stepId: START_STEP_ID,
      status: 'succeeded',
      durationMs: 324,
      outputs: {},
      metadata: { tokens: 63127864, cost: 2.378, currency: 'USD', index: 0 },
    });
    // `total_steps` is the string "1" in this example: accepted. The tts events after the end are ignored.
    expect(end).toMatchObject({ type: 'run-finished', status: 'succeeded', durationMs: 324, outputs: {} });
    expect(mapper.nodes.get(START_STEP_ID)).toEqual({ stepId: 'start', nodeId: 'dfjasklfjdslag', nodeType: 'start', title: 'Start' });
  });

  it('ignores a chat `message` event with no node running, and pings', async () => {
    const text =
      'event: ping\n\n' +
      'data: {"event": "message", "task_id": "900bbd43-dc0b-4383-a372-aa6e6c414227", "id": "663c5084-a254-4040-8ad3-51f2a3c1a77c", "answer": "Hi", "created_at": 1705398420}\n\n' +
      fixture('seed-example.sse');
    const { events } = await mapStream(text, 'split-7');
    expect(events.map((e) => e.type)).toEqual(['run-started', 'step-started', 'step-finished', 'run-finished']);
  });
});

describe('streams recorded from the test server', () => {
  it.each<Chunking>(['whole', 'split-7', 'crlf'])('if/else, formal branch: streamed text on the LLM node, the case that fired (%s)', async (chunking) => {
    const { events, mapper } = await mapStream(fixture('branch-formal.sse'), chunking);
    const run = plain(events);
    expectWellFormedRun(run, run[0]!.runId);
    const steps = run.filter((e) => e.type === 'step-started').map((e) => (e.type === 'step-started' ? e.stepId : ''));
    expect(steps).toEqual(['start', 'if-tone', 'llm-formal', 'end-branch']);
    const text = chunks(events).map((c) => c.text).join('');
    expect(chunks(events).every((c) => c.stepId === 'llm-formal')).toBe(true);
    const llm = finished(events, 'llm-formal')[0]!;
    expect(text).toBe((llm.outputs as { text: string }).text);
    expect(llm.metadata).toMatchObject({ currency: 'USD' });
    expect(typeof llm.metadata?.tokens).toBe('number');
    expect(llm.metadata?.processData).toMatchObject({ model_mode: 'chat' });
    expect(finished(events, 'if-tone')[0]!.ports).toEqual(['true']);
    expect([...mapper.edges.values()]).toEqual([
      { source: 'start', sourcePort: 'out', target: 'if-tone' },
      { source: 'if-tone', sourcePort: 'true', target: 'llm-formal' },
      { source: 'llm-formal', sourcePort: 'out', target: 'end-branch' },
    ]);
    // The reducer the UI uses folds it.
    expect(runStateFrom(run).status).toBe('succeeded');
  });

  it('accumulates the graph across runs that took different branches', async () => {
    const formal = await mapStream(fixture('branch-formal.sse'));
    const casual = await mapStream(fixture('branch-casual.sse'));
    let graph = mergeObservations(emptyGraph(), formal.mapper.nodes.values(), formal.mapper.edges.values());
    expect(graph.revision).toBe(1);
    graph = mergeObservations(graph, casual.mapper.nodes.values(), casual.mapper.edges.values());
    expect(graph.revision).toBe(2);
    const again = mergeObservations(graph, casual.mapper.nodes.values(), casual.mapper.edges.values());
    expect(again.revision).toBe(2);
    expect(Object.keys(graph.nodes).sort()).toEqual(['end-branch', 'if-tone', 'llm-formal', 'start', 'tpl-casual']);
    const flow = flowOfApp({ flowId: 'f', name: 'Tone', description: '', tags: [], inputs: [], extensions: {} }, graph);
    expect(flow.structure).toBe('graph');
    expect(flow.steps.start?.kind).toBe('trigger');
    expect(flow.edges.map((e) => `${e.source}->${e.target}`).sort()).toEqual(
      ['if-tone->llm-formal', 'if-tone->tpl-casual', 'llm-formal->end-branch', 'start->if-tone', 'tpl-casual->end-branch'].sort(),
    );
    expect(flow.extensions?.dify).toMatchObject({ readOnly: true, graphRevision: 2 });
    expect(flow.steps['if-tone']?.kind).toBe('if');
    expect(flow.edges.find((e) => e.target === 'tpl-casual')).toMatchObject({ sourcePort: 'false', targetPort: 'in' });
  });

  it('a node with elif or classifier cases gets one output port per case seen', () => {
    const nodes = [
      { stepId: 'start', nodeId: 'start', nodeType: 'start', title: 'Start' },
      { stepId: 'qc', nodeId: 'qc', nodeType: 'question-classifier', title: 'Topic?' },
      { stepId: 'a', nodeId: 'a', nodeType: 'llm', title: 'A' },
      { stepId: 'b', nodeId: 'b', nodeType: 'llm', title: 'B' },
    ];
    const edges = [
      { source: 'start', sourcePort: 'out', target: 'qc' },
      { source: 'qc', sourcePort: 'class-2', target: 'b' },
      { source: 'qc', sourcePort: 'class-1', target: 'a' },
    ];
    const flow = flowOfApp({ flowId: 'f', name: 'QC', description: '', tags: [], inputs: [], extensions: {} }, mergeObservations(emptyGraph(), nodes, edges));
    expect(flow.steps.qc).toMatchObject({ kind: 'action', ports: { inputs: [{ id: 'in' }], outputs: [{ id: 'class-1' }, { id: 'class-2' }] } });
    expect(flow.steps.a?.ports).toBeUndefined();
  });

  it.each<Chunking>(['whole', 'split-7'])('iteration: inner nodes per iteration index (%s)', async (chunking) => {
    const { events, mapper } = await mapStream(fixture('iteration.sse'), chunking);
    const run = plain(events);
    expectWellFormedRun(run, run[0]!.runId);
    const inner = run.filter((e) => e.type === 'step-started' && e.stepId === 'iter-upper');
    expect(inner.map((e) => (e.type === 'step-started' ? e.iteration : []))).toEqual([[0], [1]]);
    const group = finished(events, 'iter-each')[0]!;
    expect(group.iteration).toEqual([]);
    expect(group.outputs).toEqual({ output: ['X', 'Y'] });
    expect(mapper.nodes.get('iter-upper')?.parent).toBe('iter-each');
    const state = runStateFrom(run);
    expect(state.status).toBe('succeeded');
  });

  it('a failing node fails the step and the run, with the server words', async () => {
    const { events } = await mapStream(fixture('failing.sse'));
    const step = finished(events, 'http-weather')[0]!;
    expect(step.status).toBe('failed');
    expect(step.error?.message).toMatch(/maximum retries/);
    const end = events.at(-1)!;
    expect(end).toMatchObject({ type: 'run-finished', status: 'failed', error: { message: expect.stringMatching(/maximum retries/) } });
  });
});

describe('broken streams', () => {
  it('a stream cut in the middle of an event is a network error, after the events before it', async () => {
    const text = fixture('branch-formal.sse');
    const cut = text.slice(0, text.indexOf('"event":"node_started","task_id"', 600) + 20);
    const got: DifyTraceEvent[] = [];
    const mapper = new DifyTraceMapper({ flowId: 'f', inputs: {}, trigger: 't' });
    let error: unknown;
    try {
      for await (const m of readSse(new Response(bodyOf(cut, 'split-7'), { headers: { 'content-type': 'text/event-stream' } }), { isFinal: () => false })) {
        got.push(...mapper.feed(sseJson(m)));
      }
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).code).toBe('network');
    expect(got.map((e) => e.type)).toEqual(['run-started', 'step-started', 'step-finished']);
    // Recovery from the run detail closes what was open and ends the run.
    const tail = mapper.recover({ id: mapper.workflowRunId!, status: 'succeeded', outputs: { reply: 'ok' }, elapsed_time: 1.5 });
    const all = plain([...got, ...tail]);
    expectWellFormedRun(all, mapper.workflowRunId!);
    expect(all.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded', outputs: { reply: 'ok' }, durationMs: 1500 });
    expect(tail.some((e) => e.type === 'log')).toBe(true);
  });

  it('an `error` event ends the run as failed, closing open nodes', async () => {
    const text = fixture('branch-formal.sse');
    const upToLlm = text.slice(0, text.indexOf('data: {"event":"text_chunk"'));
    const stream = `${upToLlm}data: {"event": "error", "task_id": "t", "message": "Model quota exhausted", "code": "provider_quota_exceeded", "status": 400}\n\n`;
    const { events } = await mapStream(stream, 'crlf');
    const run = plain(events);
    expectWellFormedRun(run, run[0]!.runId);
    expect(finished(events, 'llm-formal')[0]).toMatchObject({ status: 'failed', error: { message: 'Model quota exhausted' } });
    expect(run.at(-1)).toMatchObject({ type: 'run-finished', status: 'failed', error: { message: 'Model quota exhausted', code: 'provider_quota_exceeded' } });
  });

  it('skips malformed events without throwing', () => {
    const mapper = new DifyTraceMapper({ flowId: 'f', inputs: {}, trigger: 't' });
    expect(mapper.feed(null)).toEqual([]);
    expect(mapper.feed({ event: 'node_started', data: { nope: 1 } })).toEqual([]);
    expect(mapper.feed({ event: 'agent_log', data: {} })).toEqual([]);
  });
});
