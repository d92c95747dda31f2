import { describe, expect, it } from 'vitest';
import { expectWellFormedRun } from '../contract/contract-suite';
import { runStateFrom } from '../run-state';
import type { TraceEvent } from '../trace';
import { BuildTrace } from './build-trace';

function run(events: Array<{ event: string; data: unknown }>, end?: 'cancelled' | 'cut'): TraceEvent[] {
  let t = 1000;
  const trace = new BuildTrace('job-1', () => (t += 10));
  const out = [trace.start('flow-1', { input_value: 'hi' }, 'manual')];
  for (const e of events) out.push(...trace.push(e));
  if (!trace.done) out.push(...(end === 'cancelled' ? trace.finish('cancelled') : trace.finish('failed', { message: 'cut', code: 'network' })));
  return out;
}

const endVertex = (id: string, outputs: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  event: 'end_vertex',
  data: { build_data: { id, valid: true, inactivated_vertices: [], next_vertices_ids: [], top_level_vertices: [], params: '', data: { outputs, logs: {}, message: {}, artifacts: {}, timedelta: 0.25, duration: '250 ms', results: {} }, ...extra } },
});

describe('Langflow build events -> trace', () => {
  it('an upstream Langflow build (end_vertex only, no build_start) gives started and finished steps', () => {
    const events = run([
      { event: 'vertices_sorted', data: { ids: ['ChatInput-a'], to_run: ['ChatInput-a', 'OpenAIModel-b', 'ChatOutput-c'] } },
      endVertex('ChatInput-a', { message: { message: 'hi', type: 'message' } }),
      { event: 'add_message', data: { id: 'm1', text: '', sender_name: 'AI', properties: { source: { id: 'OpenAIModel-b' }, state: 'partial' } } },
      { event: 'token', data: { chunk: 'Hel', id: 'm1' } },
      { event: 'token', data: { chunk: 'lo', id: 'm1' } },
      endVertex('OpenAIModel-b', { text_output: { message: 'Hello', type: 'message' } }),
      endVertex('ChatOutput-c', { message: { message: 'Hello', type: 'message' } }),
      { event: 'end', data: {} },
    ]);
    expectWellFormedRun(events, 'job-1');
    const state = runStateFrom(events);
    expect(state.status).toBe('succeeded');
    const chunks = events.filter((e) => e.type === 'step-chunk');
    expect(chunks.map((c) => (c as { stepId: string }).stepId)).toEqual(['OpenAIModel-b', 'OpenAIModel-b']);
    const model = events.find((e) => e.type === 'step-finished' && e.stepId === 'OpenAIModel-b');
    expect(model).toMatchObject({ status: 'succeeded', durationMs: 250, outputs: { text_output: 'Hello' }, ports: ['text_output'], metadata: { tokens: 2 } });
  });

  it('tokens without a known message go to the running step; vertices never built end skipped', () => {
    const events = run([
      { event: 'vertices_sorted', data: { ids: ['a'], to_run: ['a', 'b', 'c'] } },
      { event: 'build_start', data: { id: 'a' } },
      { event: 'token', data: { chunk: 'x', id: 'unknown' } },
      endVertex('a', { true_result: { message: 'go', type: 'message' } }, { inactivated_vertices: ['c'] }),
      { event: 'build_end', data: { id: 'a' } },
      { event: 'build_start', data: { id: 'b' } },
      { event: 'build_end', data: { id: 'b' } },
      { event: 'end', data: {} },
    ]);
    expectWellFormedRun(events, 'job-1');
    expect(events.find((e) => e.type === 'step-chunk')).toMatchObject({ stepId: 'a', text: 'x' });
    expect(events.find((e) => e.type === 'step-finished' && e.stepId === 'b')).toMatchObject({ status: 'succeeded' });
    expect(events.find((e) => e.type === 'step-finished' && e.stepId === 'c')).toMatchObject({ status: 'skipped' });
  });

  it('an error names the failing component; the run fails with its reason', () => {
    const events = run([
      { event: 'vertices_sorted', data: { ids: ['a'], to_run: ['a', 'b'] } },
      { event: 'build_start', data: { id: 'a' } },
      {
        event: 'error',
        data: { text: 'Error building Component', properties: { source: { id: 'a', display_name: 'File' } }, content_blocks: [{ title: 'Error', contents: [{ type: 'error', reason: 'File not found: x.txt' }] }] },
      },
    ]);
    expectWellFormedRun(events, 'job-1');
    expect(events.find((e) => e.type === 'step-finished')).toMatchObject({ stepId: 'a', status: 'failed', error: { message: 'File not found: x.txt' } });
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'failed', error: { message: 'File not found: x.txt', stepId: 'a' } });
    expect(events.some((e) => e.type === 'step-finished' && e.stepId === 'b')).toBe(false);
  });

  it('a cancelled or cut stream closes open steps', () => {
    const cancelled = run([{ event: 'build_start', data: { id: 'a' } }], 'cancelled');
    expectWellFormedRun(cancelled, 'job-1');
    expect(cancelled.at(-2)).toMatchObject({ type: 'step-finished', stepId: 'a', status: 'cancelled' });
    expect(cancelled.at(-1)).toMatchObject({ type: 'run-finished', status: 'cancelled' });
    const cut = run([{ event: 'build_start', data: { id: 'a' } }], 'cut');
    expect(cut.at(-1)).toMatchObject({ type: 'run-finished', status: 'failed', error: { code: 'network' } });
  });
});
