import { afterEach, describe, expect, it } from 'vitest';
import { exampleFlow } from '../../../server/automaticworker/fixtures';
import { collectEvents, startAmwRig, type AmwTestRig } from '../../../server/automaticworker/test-rig';
import { expectBackendError, expectWellFormedRun } from '../contract/contract-suite';
import { runStateFrom } from '../run-state';
import type { TraceEvent } from '../trace';
import { BackendError } from '../types';
import { createAmwAdapter } from './adapter';

let rig: AmwTestRig;
afterEach(async () => {
  await rig?.close();
});

const stored = (id: number) => {
  const { updated_at: _u, ...rest } = rig.server.state.flows().get(id)!;
  return JSON.stringify(rest);
};

/** A stored flow's content: everything but the server-owned fields. */
const content = (id: number) => {
  const { id: _i, created_at: _c, updated_at: _u, ...rest } = rig.server.state.flows().get(id)!;
  return JSON.stringify(rest);
};

function stepIds(events: TraceEvent[], type: 'step-started' | 'step-finished', status?: string): string[] {
  return events.filter((e) => e.type === type && (!status || (e.type === 'step-finished' && e.status === status))).map((e) => (e as { stepId: string }).stepId);
}

describe('AutoMaticWorker adapter', () => {
  it('opens and saves the example flow unchanged: the server keeps exactly what it had', async () => {
    rig = await startAmwRig();
    const before = stored(1);
    const got = await rig.adapter.getFlow('1');
    expect(got.flow.structure).toBe('graph');
    expect(got.summary).toMatchObject({ id: '1', name: '数据处理流程', stepCount: 7, modifiedAt: Date.parse('2023-05-16T08:45:12Z') });
    await rig.adapter.saveFlow({ flow: got.flow, baseRevision: got.summary.revision });
    expect(stored(1)).toBe(before);
    const put = rig.calls.find((c) => c.method === 'PUT')!;
    const { id: _i, created_at: _c, updated_at: _u, ...content } = exampleFlow();
    expect(put.body).toBe(JSON.stringify(content));
  });

  it('refuses a stale save with the current copy, even within the same second', async () => {
    rig = await startAmwRig();
    const got = await rig.adapter.getFlow('2');
    const first = await rig.adapter.saveFlow({ flow: { ...got.flow, name: 'first' }, baseRevision: got.summary.revision });
    const err = await expectBackendError(rig.adapter.saveFlow({ flow: { ...got.flow, name: 'second' }, baseRevision: got.summary.revision }), 'conflict');
    expect(err.current?.summary.revision).toBe(first.summary.revision);
  });

  it('shows the server validation details in a typed error and loses nothing', async () => {
    rig = await startAmwRig();
    const got = await rig.adapter.getFlow('2');
    const broken = { ...got.flow, steps: { ...got.flow.steps, tax: { ...got.flow.steps.tax!, type: 'no_such_type' } } };
    const err = await expectBackendError(rig.adapter.saveFlow({ flow: broken, baseRevision: got.summary.revision }), 'invalid');
    expect(err.serverCode).toBe('invalid_input');
    expect(err.serverMessage).toBe('提供的输入数据无效');
    expect(err.details).toMatchObject({ status: 400, server: { 'nodes[1].type': '未知的节点类型: no_such_type' } });
    expect(err.message).toContain('提供的输入数据无效');
    // The message (what the UI shows) names the node that failed validation.
    expect(err.message).toContain('nodes[1].type: 未知的节点类型: no_such_type');
    expect((await rig.adapter.getFlow('2')).flow).toEqual(got.flow);
  });

  it('maps node types to JSON Schema modules with outputs from output_schema', async () => {
    rig = await startAmwRig();
    const modules = await rig.adapter.listModules();
    expect(modules.length).toBeGreaterThanOrEqual(10);
    const http = await rig.adapter.getModule('http_request');
    expect(http.inputSchema).toEqual({ source: 'json-schema', schema: expect.objectContaining({ required: ['url'] }) });
    expect(http.outputs.map((o) => [o.id, o.type])).toEqual([
      ['status_code', 'number'],
      ['headers', 'object'],
      ['body', 'object'],
    ]);
    expect(http.extensions?.automaticworker).toMatchObject({ exampleUsage: { output: { status_code: 200 } } });
    expect(modules.find((m) => m.id === 'condition')!.kind).toBe('if');
    expect((await rig.adapter.listCategories()).map((c) => c.id)).toContain('网络');
    await expectBackendError(rig.adapter.getModule('nope'), 'not-found');
  });

  it('runs async: queued, polled to the end, the failing node named; history rebuilds the same trace', async () => {
    rig = await startAmwRig();
    const handle = await rig.adapter.startRun!({ flowId: '1', inputs: { csv: 'a,b\n1,2' }, trigger: 'manual' });
    const events = await collectEvents(handle.events);
    expectWellFormedRun(events, handle.runId);
    expect(JSON.parse(rig.calls.find((c) => c.method === 'POST' && c.url.endsWith('/execute'))!.body!)).toEqual({ input_data: { csv: 'a,b\n1,2' }, async: true });
    expect(stepIds(events, 'step-finished', 'succeeded')).toEqual(['node1', 'node2', 'node3', 'node4']);
    expect(stepIds(events, 'step-finished', 'skipped')).toEqual(['node6']);
    // The run stops at the failing node: the end node never ran.
    expect(stepIds(events, 'step-started')).not.toContain('node7');
    const failed = events.find((e) => e.type === 'step-finished' && e.status === 'failed');
    expect(failed).toMatchObject({ stepId: 'node5', error: { code: 'smtp_not_configured' } });
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'failed', error: { stepId: 'node5', code: 'smtp_not_configured' } });
    expect(events.find((e) => e.type === 'step-finished' && e.stepId === 'node3')).toMatchObject({ ports: ['true'], branch: 'then', outputs: { result: true } });
    expect(runStateFrom(events).status).toBe('failed');
    expect(await rig.adapter.getRunEvents!(handle.runId)).toEqual(events);
    // A fresh adapter (another session) rebuilds it from the server alone.
    const other = createAmwAdapter({ baseUrl: rig.server.url, username: 'admin', password: 'admin123' });
    expect(await other.getRunEvents!(handle.runId)).toEqual(events);
  });

  it('runs sync, follows the false port, and pages history with the status filter', async () => {
    rig = await startAmwRig({}, { runMode: 'sync' });
    const ok = await collectEvents((await rig.adapter.startRun!({ flowId: '2', inputs: { amount: 10 } })).events);
    expect(ok.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded', outputs: { total: 11.3 } });
    expect(stepIds(ok, 'step-finished', 'succeeded')).toEqual(['start', 'tax', 'big', 'note', 'end']);
    expect(JSON.parse(rig.calls.find((c) => c.url.endsWith('/execute'))!.body!)).toEqual({ input_data: { amount: 10 } });
    for (let i = 0; i < 3; i++) await collectEvents((await rig.adapter.startRun!({ flowId: '2', inputs: { amount: i } })).events);
    await collectEvents((await rig.adapter.startRun!({ flowId: '2', inputs: { amount: 'x' } })).events);
    const page = await rig.adapter.listRuns!('2', { limit: 2, offset: 2 });
    expect(page.total).toBe(5);
    expect(page.items).toHaveLength(2);
    expect(rig.calls.at(-1)!.url).toContain('page=2&per_page=2');
    const all = await rig.adapter.listRuns!('2', { limit: 5 });
    const shifted = await rig.adapter.listRuns!('2', { limit: 2, offset: 1 });
    expect(shifted.items.map((r) => r.id)).toEqual(all.items.slice(1, 3).map((r) => r.id));
    const failed = await rig.adapter.listRuns!('2', { status: 'failed' });
    expect(failed.items.map((r) => r.status)).toEqual(['failed']);
    expect((await rig.adapter.listRuns!('2', { status: 'cancelled' })).items).toEqual([]);
  });

  it('keeps polling through a cut response and 500s, and ends with a typed error when they persist', async () => {
    // 20 failed polls in a row (about a second) are tolerated: room for the test to lift the fault.
    rig = await startAmwRig({ stepDelayMs: 30 }, { maxPollErrors: 20 });
    const handle = await rig.adapter.startRun!({ flowId: '2', inputs: { amount: 1 } });
    rig.server.setFaults({ cutOn: '/executions/' });
    const events: TraceEvent[] = [];
    const it = handle.events[Symbol.asyncIterator]();
    const pending = it.next();
    await expect.poll(() => rig.calls.filter((c) => c.url.includes('/executions/')).length).toBeGreaterThan(2);
    rig.server.setFaults({});
    for (let r = await pending; !r.done; r = await it.next()) events.push(r.value);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded' });

    const again = await rig.adapter.startRun!({ flowId: '2', inputs: { amount: 1 } });
    rig.server.setFaults({ status500On: '/executions/' });
    const err = await collectEvents(again.events).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).code).toBe('internal');
    expect((err as BackendError).serverCode).toBe('internal_error');
  });

  it('waits out a 429 using X-RateLimit-Reset, then gives a typed rate-limited error', async () => {
    rig = await startAmwRig({}, { rateLimit: { maxRetries: 1, maxWaitMs: 5000 } });
    await rig.adapter.listModules();
    rig.server.setFaults({ rateLimitOn: '/flows$' });
    const err = await expectBackendError(rig.adapter.listFlows(), 'rate-limited');
    expect(err.retryable).toBe(true);
    expect(rig.calls.filter((c) => c.url.endsWith('/api/flows'))).toHaveLength(2);
  });

  it('answers malformed bodies and bad flows with internal errors', async () => {
    rig = await startAmwRig();
    rig.server.setFaults({ malformedOn: '/node-types' });
    await expectBackendError(rig.adapter.listModules(), 'internal');
    rig.server.setFaults({});
    rig.server.state.flows().get(2)!.nodes = 'broken' as never;
    await expectBackendError(rig.adapter.getFlow('2'), 'internal');
  });

  it('signs in again when the token expired', async () => {
    rig = await startAmwRig({ tokenExpiresIn: 3600 });
    await rig.adapter.listFlows();
    const signIns = () => rig.calls.filter((c) => c.url.endsWith('/auth/token')).length;
    expect(signIns()).toBe(1);
    await fetch(`${rig.server.url}/__admin/expire-tokens`, { method: 'POST' });
    await rig.adapter.getFlow('1');
    expect(signIns()).toBe(2);
    expect(rig.calls.some((c) => c.status === 401)).toBe(true);
    for (const c of rig.calls) expect(c.url).not.toContain('eyJ');
  });

  it('renews a short-lived token before it expires (no 401 on the way)', async () => {
    rig = await startAmwRig({ tokenExpiresIn: 1 });
    const signIns = () => rig.calls.filter((c) => c.url.endsWith('/auth/token')).length;
    await expect
      .poll(async () => {
        await rig.adapter.listModules().catch(() => undefined);
        await rig.adapter.getFlow('1');
        return signIns();
      }, { timeout: 10_000, interval: 100 })
      .toBeGreaterThan(1);
    expect(rig.calls.filter((c) => c.status === 401)).toEqual([]);
  });

  it('asks for the password when it is not kept, and says so when nobody answers', async () => {
    rig = await startAmwRig();
    const asked: string[] = [];
    const adapter = createAmwAdapter({ baseUrl: rig.server.url, username: 'admin', askPassword: async () => (asked.push('asked'), 'admin123') });
    await adapter.listFlows();
    expect(asked).toEqual(['asked']);
    const silent = createAmwAdapter({ baseUrl: `${rig.server.url}/api/v1`, username: 'admin' });
    const err = await expectBackendError(silent.listFlows(), 'unauthorized');
    expect(err.details).toEqual({ needsPassword: true });
    const wrong = createAmwAdapter({ baseUrl: rig.server.url, username: 'admin', password: 'bad' });
    expect((await expectBackendError(wrong.listFlows(), 'unauthorized')).serverCode).toBe('invalid_credentials');
  });

  it('asks again with the server\'s reason while an asked-for password is refused; a cancel ends it', async () => {
    rig = await startAmwRig();
    const problems: Array<string | undefined> = [];
    const answers = ['wrong', 'admin123'];
    const adapter = createAmwAdapter({ baseUrl: rig.server.url, username: 'admin', askPassword: async (problem) => (problems.push(problem), answers.shift() ?? null) });
    await adapter.listFlows();
    expect(problems).toHaveLength(2);
    expect(problems[0]).toBeUndefined();
    expect(problems[1]).toBeTruthy();
    const cancelled = createAmwAdapter({ baseUrl: rig.server.url, username: 'admin', askPassword: async () => null });
    expect((await expectBackendError(cancelled.listFlows(), 'unauthorized')).details).toEqual({ needsPassword: true });
  });

  it('starts a new flow from start and end nodes, which the server accepts (an empty flow it refuses)', async () => {
    rig = await startAmwRig();
    const flow = await rig.adapter.newFlowTemplate!({ id: 'local-1', name: 'fresh' });
    expect(flow.structure).toBe('graph');
    expect(Object.values(flow.steps).map((s) => [s.type, s.title])).toEqual([
      ['start', '开始'],
      ['end', '结束'],
    ]);
    const saved = await rig.adapter.saveFlow({ flow, baseRevision: null });
    const doc = rig.server.state.flows().get(Number(saved.summary.id))!;
    expect(doc.nodes.map((n) => n.type)).toEqual(['start', 'end']);
    expect(doc.edges).toEqual([{ id: 'edge1', source: 'start', target: 'end' }]);
    // The editor's local id keeps working for the rest of the session.
    expect((await rig.adapter.getFlow('local-1')).summary.id).toBe(saved.summary.id);
    const empty = { ...flow, steps: {}, root: [], edges: [] };
    await expectBackendError(rig.adapter.saveFlow({ flow: empty, baseRevision: null }), 'invalid');
  });

  it('offers its Python and JSON exports and its webhooks through the generic adapter fields', async () => {
    rig = await startAmwRig();
    expect(rig.adapter.flowExports!.formats.map((f) => [f.id, f.language])).toEqual([
      ['python', 'python'],
      ['json', 'json'],
    ]);
    const py = await rig.adapter.flowExports!.exportFlow('1', 'python');
    expect(py.name).toBe('flow_1.py');
    await expectBackendError(rig.adapter.flowExports!.exportFlow('1', 'yaml'), 'unsupported');
    const hooks = rig.adapter.webhooks!;
    // One service object, not a new one per read (the dialog reads it on every render).
    expect(rig.adapter.webhooks).toBe(hooks);
    expect(hooks.events).toEqual(['flow.executed', 'flow.failed']);
    const { webhook, secret } = await hooks.create({ url: 'http://127.0.0.1:9/h', events: ['flow.executed'], secret: 's3cret' });
    expect(secret).toBe('s3cret');
    expect(await hooks.list()).toEqual([webhook]);
    await hooks.delete(webhook.id);
    expect(await hooks.list()).toEqual([]);
  });

  it("exports Python and JSON with the server's file names", async () => {
    rig = await startAmwRig();
    const py = await rig.adapter.exportFlow('2', 'python');
    expect(py.name).toBe('flow_2.py');
    expect(new TextDecoder().decode(py.data)).toContain('def main(');
    const json = await rig.adapter.exportFlow('2', 'json');
    expect(json.name).toBe('flow_2.json');
    expect(JSON.parse(new TextDecoder().decode(json.data)).name).toBe('订单金额计算');
  });

  it('lists, creates (secret shown once) and deletes webhooks', async () => {
    rig = await startAmwRig();
    const { webhook, secret } = await rig.adapter.createWebhook({ url: 'http://127.0.0.1:9/hook', events: ['flow.failed'] });
    expect(secret).toMatch(/^[0-9a-f]{48}$/);
    expect(await rig.adapter.listWebhooks()).toEqual([webhook]);
    expect(JSON.stringify(await rig.adapter.listWebhooks())).not.toContain(secret);
    await rig.adapter.deleteWebhook(webhook.id);
    expect(await rig.adapter.listWebhooks()).toEqual([]);
    await expectBackendError(rig.adapter.createWebhook({ url: 'nope', events: [] }), 'invalid');
  });

  it("imports the server's own JSON export and a Flowbench file edited after export", async () => {
    rig = await startAmwRig();
    const native = await rig.adapter.exportFlow('1', 'json');
    const flowFile = await rig.adapter.exportFlows!(['2'], 'json');
    const doc = JSON.parse(new TextDecoder().decode(flowFile.data)) as { flow: { name: string } };
    doc.flow.name = 'edited after export';
    const edited = { name: 'edited.json', mime: 'application/json', data: new TextEncoder().encode(JSON.stringify(doc)) };
    const report = await rig.adapter.importFiles!([native, edited], { folderId: null });
    expect(report.map((r) => r.status)).toEqual(['imported', 'imported']);
    const [a, b] = await Promise.all(report.map((r) => rig.adapter.getFlow(r.flowId!)));
    // The native document is uploaded as it was: the stored content equals flow 1's.
    expect(content(Number(a!.summary.id))).toBe(content(1));
    expect(b!.flow.name).toBe('edited after export');
    expect(Object.keys(b!.flow.steps)).toEqual(['start', 'tax', 'big', 'warn', 'note', 'end']);
  });
});
