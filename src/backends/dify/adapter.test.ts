import { afterEach, describe, expect, it } from 'vitest';
import { fieldsForModule } from '../../forms/model/fieldsForModule';
import { restoreFlow } from '../../model/restore';
import { structuralIssues } from '../../model/validate-structure';
import { expectBackendError, expectWellFormedRun } from '../contract/contract-suite';
import type { TraceEvent } from '../trace';
import { collectEvents, startDifyRig, type DifyTestRig } from '../../../server/dify/test-rig';
import { flowIdOfKey, SERVER_RUN_TRIGGER_PREFIX, splitRunInputs } from './adapter';
import { startModuleIdOf } from './graph';
import { parseApiKeys, settingsProblems } from './settings';

let rig: DifyTestRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

async function use(...args: Parameters<typeof startDifyRig>): Promise<DifyTestRig> {
  rig = await startDifyRig(...args);
  return rig;
}

const flowOf = (r: DifyTestRig, slug: string) => flowIdOfKey(r.server.keyOf(slug));
const types = (events: TraceEvent[]) => events.map((e) => e.type as string);
const keysIn = (r: DifyTestRig, text: string) => r.server.apps.some((a) => text.includes(a.key));

describe('connect: one flow per API key', () => {
  it('lists every app named from the server, keys only in the Authorization header', async () => {
    const r = await use();
    const page = await r.adapter.listFlows();
    expect(page.items.map((s) => s.name)).toEqual(r.server.apps.map((a) => a.name));
    expect(page.items.every((s) => s.enabled)).toBe(true);
    expect((await r.adapter.listFlows({ search: 'router' })).items.map((s) => s.id)).toEqual([flowOf(r, 'branch')]);
    for (const call of r.calls) {
      expect(keysIn(r, call.url)).toBe(false);
      expect(call.authorization).toMatch(/^Bearer app-/);
    }
    expect(page.items.some((s) => keysIn(r, s.id))).toBe(false);
  });

  it('a wrong key is listed with the server words and refuses to open; settings are checked before any request', async () => {
    const r = await use({}, { apps: [{ apiKey: 'app-not-a-real-key' }, { apiKey: 'app-linear-7f3k2m9q' }] });
    const page = await r.adapter.listFlows();
    expect(page.items[0]).toMatchObject({ name: 'Dify app 1', enabled: false, description: 'Access token is invalid' });
    expect(page.items[1]!.name).toBe('Summariser');
    const err = await expectBackendError(r.adapter.getFlow(page.items[0]!.id), 'unauthorized');
    expect(err.message).not.toContain('app-not-a-real-key');
    expect((await r.adapter.testConnection()).ok).toBe(false);
    expect(parseApiKeys('Mine = app-a\n app-b ,app-a')).toEqual([{ apiKey: 'app-a', label: 'Mine' }, { apiKey: 'app-b' }]);
    expect(settingsProblems({ baseUrl: 'ftp:x', apiKeys: ',' })).toEqual({ baseUrl: 'connections:form.problems.urlScheme', apiKeys: 'settings.apiKeys.missing' });
  });

  it('opens an app as a read-only graph with its run form from GET /parameters', async () => {
    const r = await use();
    const id = flowOf(r, 'every-input');
    const { flow } = await r.adapter.getFlow(id);
    expect(flow.structure).toBe('graph');
    expect(Object.keys(flow.steps)).toEqual(['start']);
    expect(flow.inputs.map((i) => [i.id, i.type, i.required ?? false])).toEqual([
      ['name', 'string', true],
      ['notes', 'string', false],
      ['size', 'string', true],
      ['count', 'number', false],
      ['doc', 'json', false],
      ['attachments', 'json', false],
    ]);
    expect(r.adapter.capabilities.editFlows).toBe(false);
    await expectBackendError(r.adapter.saveFlow({ flow, baseRevision: null }), 'unsupported');
    await expectBackendError(r.adapter.deleteFlow(id), 'unsupported');
    // The start step's module carries the whole form (file inputs, image upload) for the SchemaForm path.
    const start = await r.adapter.getModule(flow.steps.start!.type);
    expect(start.id).toBe(startModuleIdOf(id));
    const fields = fieldsForModule(start);
    expect(fields.map((f) => [f.key, f.kind])).toEqual([
      ['name', 'text'],
      ['notes', 'text'],
      ['size', 'select'],
      ['count', 'number'],
      ['doc', 'file'],
      ['attachments', 'file'],
      ['files', 'file'],
    ]);
    expect(fields.find((f) => f.key === 'files')).toMatchObject({ numberLimit: 2, transferMethods: ['remote_url', 'local_file'] });
    expect(await r.adapter.runInputSchema(id)).toEqual(start.inputSchema);
  });
});

describe('streaming runs', () => {
  it('streams a linear run: text chunks on the LLM node, metadata, the graph drawn from predecessors', async () => {
    const r = await use();
    const id = flowOf(r, 'linear');
    const handle = await r.adapter.startRun!({ flowId: id, inputs: { query: 'tides' }, trigger: 'manual' });
    const events = await collectEvents(handle.events);
    const run = events.filter((e) => (e.type as string) !== 'step-chunk');
    expectWellFormedRun(run, handle.runId);
    const chunkEvents = events.filter((e) => (e.type as string) === 'step-chunk') as unknown as Array<{ stepId: string; text: string }>;
    expect(chunkEvents.length).toBeGreaterThan(3);
    expect(chunkEvents.map((c) => c.text).join('')).toBe('Summary of "tides": it is short and clear.');
    const llm = events.find((e) => e.type === 'step-finished' && e.stepId === '1711527768326') as unknown as { metadata: Record<string, unknown> };
    expect(llm.metadata).toMatchObject({ currency: 'USD' });
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded', outputs: { text: 'Summary of "tides": it is short and clear.' } });
    expect(r.server.runs.get(handle.runId)?.user).toBe('vitest');

    const { flow } = await r.adapter.getFlow(id);
    expect(Object.keys(flow.steps).sort()).toEqual(['1711527768326', '1711527790021', 'start']);
    expect(flow.edges.map((e) => `${e.source}->${e.target}`)).toEqual(['start->1711527768326', '1711527768326->1711527790021']);
    expect(flow.steps['1711527768326']).toMatchObject({ title: 'Summarise', type: 'dify.llm' });
    // Laid out top to bottom by elk.
    const ys = ['start', '1711527768326', '1711527790021'].map((s) => flow.steps[s]!.position!.y);
    expect(ys[0]).toBeLessThan(ys[1]!);
    expect(ys[1]).toBeLessThan(ys[2]!);
    expect(await r.adapter.getRunEvents!(handle.runId)).toEqual(events);
  });

  it('grows the picture as runs take different branches', async () => {
    const r = await use();
    const id = flowOf(r, 'branch');
    const a = await r.adapter.startRun!({ flowId: id, inputs: { message: 'hi', tone: 'formal' } });
    await collectEvents(a.events);
    expect(Object.keys((await r.adapter.getFlow(id)).flow.steps).sort()).toEqual(['end-branch', 'if-tone', 'llm-formal', 'start']);
    const b = await r.adapter.startRun!({ flowId: id, inputs: { message: 'hi', tone: 'casual' } });
    const events = await collectEvents(b.events);
    const ifDone = events.find((e) => e.type === 'step-finished' && e.stepId === 'if-tone') as unknown as { ports: string[] };
    expect(ifDone.ports).toEqual(['false']);
    const { flow, summary } = await r.adapter.getFlow(id);
    expect(Object.keys(flow.steps).sort()).toEqual(['end-branch', 'if-tone', 'llm-formal', 'start', 'tpl-casual']);
    expect(flow.edges).toHaveLength(5);
    expect(summary.revision).toBe('graph-2');
    // The if/else step is an `if` (true/false ports), and its edges leave from the case that ran.
    expect(flow.steps['if-tone']).toMatchObject({ kind: 'if', title: 'Formal?' });
    expect(flow.edges.filter((e) => e.source === 'if-tone').map((e) => [e.sourcePort, e.target]).sort()).toEqual([
      ['false', 'tpl-casual'],
      ['true', 'llm-formal'],
    ]);
    // A valid document for the editor: it restores unchanged and has no structural issue.
    expect(restoreFlow(JSON.parse(JSON.stringify(flow)))).toEqual(flow);
    expect(structuralIssues(flow)).toEqual([]);
  });

  it('draws the nodes of a run still streaming: getFlow during the run has what it reported so far', async () => {
    const r = await use();
    const id = flowOf(r, 'branch');
    const run = await r.adapter.startRun!({ flowId: id, inputs: { message: 'hi', tone: 'casual' } });
    const seen: string[][] = [];
    for await (const e of run.events) {
      if (e.type === 'step-started') seen.push(Object.keys((await r.adapter.getFlow(id)).flow.steps).sort());
      if (e.type === 'run-finished') break;
    }
    // Each node is in the picture once its node_started arrived, before the run was recorded.
    expect(seen[0]).toEqual(['start']);
    expect(seen).toContainEqual(['if-tone', 'start', 'tpl-casual']);
    const { flow, summary } = await r.adapter.getFlow(id);
    expect(Object.keys(flow.steps).sort()).toEqual(['end-branch', 'if-tone', 'start', 'tpl-casual']);
    // Recorded once: the run counts once per node, whatever was drawn meanwhile.
    expect(flow.steps['tpl-casual']!.extensions).toMatchObject({ dify: { runs: 1 } });
    expect(summary.revision).toBe('graph-1');
  });

  it('stops a slow run with the same user', async () => {
    const r = await use({ chunkMs: 5 });
    const id = flowOf(r, 'slow');
    const handle = await r.adapter.startRun!({ flowId: id, inputs: {} });
    const events: TraceEvent[] = [];
    let stopped = false;
    for await (const e of handle.events) {
      events.push(e);
      if (!stopped && (e.type as string) === 'step-chunk') {
        stopped = true;
        await r.adapter.cancelRun!(handle.runId);
      }
    }
    expect(stopped).toBe(true);
    expectWellFormedRun(events.filter((e) => (e.type as string) !== 'step-chunk'), handle.runId);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'cancelled' });
    expect(events.find((e) => e.type === 'step-finished' && e.stepId === 'llm-story')).toMatchObject({ status: 'cancelled' });
    expect(r.server.runs.get(handle.runId)?.status).toBe('stopped');
    const stop = r.calls.find((c) => c.url.includes('/stop'));
    expect(stop?.url).toContain(`/workflows/tasks/${r.server.runs.get(handle.runId)!.taskId}/stop`);
  });

  it('a stream cut mid-event says so, then takes the final status from GET /workflows/run/:id', async () => {
    const r = await use({ faults: { cutStreamAfterEvents: 4 } });
    const handle = await r.adapter.startRun!({ flowId: flowOf(r, 'branch'), inputs: { message: 'hi', tone: 'casual' } });
    const events = await collectEvents(handle.events);
    expectWellFormedRun(events, handle.runId);
    const warn = events.find((e) => e.type === 'log' && e.level === 'warn');
    expect(warn && warn.type === 'log' && warn.message).toMatch(/lost mid-run/);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded', outputs: { reply: 'hey! hi :)' } });
    expect(r.calls.some((c) => c.url.endsWith(`/workflows/run/${handle.runId}`))).toBe(true);
  });

  it('a stream that goes silent (no pings) is treated as lost and recovers the final status', async () => {
    const r = await use({ faults: { stallStreamAfterEvents: 3 }, pingMs: 50 }, { idleTimeoutMs: 400 });
    const handle = await r.adapter.startRun!({ flowId: flowOf(r, 'branch'), inputs: { message: 'hi', tone: 'formal' } });
    const events = await collectEvents(handle.events);
    expectWellFormedRun(events, handle.runId);
    const warn = events.find((e) => e.type === 'log' && e.level === 'warn');
    expect(warn && warn.type === 'log' && warn.message).toMatch(/No event from the server/);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded' });
  });

  it('an `error` event in the stream fails the run with the server words', async () => {
    const r = await use({ faults: { errorEventAfterEvents: 3 } });
    const handle = await r.adapter.startRun!({ flowId: flowOf(r, 'linear'), inputs: { query: 'x' } });
    const events = await collectEvents(handle.events);
    expectWellFormedRun(events.filter((e) => (e.type as string) !== 'step-chunk'), handle.runId);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'failed', error: { message: 'Injected failure while streaming.', code: 'internal_server_error' } });
  });

  it('an iteration and a failing node', async () => {
    const r = await use();
    const it1 = await r.adapter.startRun!({ flowId: flowOf(r, 'iteration'), inputs: { items: 'a,b,c' } });
    const ev1 = await collectEvents(it1.events);
    expect(ev1.filter((e) => e.type === 'step-finished' && e.stepId === 'iter-upper').map((e) => (e.type === 'step-finished' ? e.iteration : []))).toEqual([[0], [1], [2]]);
    const fail = await r.adapter.startRun!({ flowId: flowOf(r, 'failing'), inputs: {} });
    const ev2 = await collectEvents(fail.events);
    expect(ev2.find((e) => e.type === 'step-finished' && e.stepId === 'http-weather')).toMatchObject({ status: 'failed' });
    expect(ev2.at(-1)).toMatchObject({ type: 'run-finished', status: 'failed' });
  });

  it('blocking mode gives the result without node events', async () => {
    const r = await use({}, { responseMode: 'blocking' });
    const handle = await r.adapter.startRun!({ flowId: flowOf(r, 'linear'), inputs: { query: 'q' } });
    const events = await collectEvents(handle.events);
    expect(types(events)).toEqual(['run-started', 'log', 'run-finished']);
    expect(events.at(-1)).toMatchObject({ status: 'succeeded', outputs: { text: 'Summary of "q": it is short and clear.' } });
  });
});

describe('documented errors become typed errors with the server words', () => {
  it('invalid_param, app_unavailable, provider_quota_exceeded, 429, 500', async () => {
    const r = await use();
    const branch = flowOf(r, 'branch');
    let e = await expectBackendError(r.adapter.startRun!({ flowId: branch, inputs: { message: 'hi', tone: 'loud' } }), 'invalid');
    expect(e.serverCode).toBe('invalid_param');
    expect(e.serverMessage).toBe('tone in input form must be one of the following: ["formal","casual"]');
    e = await expectBackendError(r.adapter.startRun!({ flowId: branch, inputs: { tone: 'formal' } }), 'invalid');
    expect(e.serverMessage).toBe('message is required in input form');

    r.server.setFaults({ unavailableApps: ['branch'] });
    e = await expectBackendError(r.adapter.startRun!({ flowId: branch, inputs: { message: 'hi', tone: 'formal' } }), 'unavailable');
    expect([e.serverCode, e.retryable]).toEqual(['app_unavailable', false]);
    expect(e.message).toMatch(/^Dify refused the request \(app_unavailable\): App unavailable.*retrying will not help/);

    r.server.setFaults({ runErrorCode: { apps: ['branch'], code: 'provider_quota_exceeded', message: 'Your quota for Dify Hosted Model Provider has been exhausted.' } });
    e = await expectBackendError(r.adapter.startRun!({ flowId: branch, inputs: { message: 'hi', tone: 'formal' } }), 'rate-limited');
    expect([e.serverCode, e.retryable, e.serverMessage]).toEqual(['provider_quota_exceeded', false, 'Your quota for Dify Hosted Model Provider has been exhausted.']);

    r.server.setFaults({ runErrorCode: { apps: ['branch'], code: 'model_currently_not_support' } });
    await expectBackendError(r.adapter.startRun!({ flowId: branch, inputs: { message: 'hi', tone: 'formal' } }), 'unsupported');

    r.server.setFaults({ status429On: '^/workflows/logs' });
    e = await expectBackendError(r.adapter.listRuns!(branch), 'rate-limited');
    expect(e.retryable).toBe(true);
    r.server.setFaults({ status500On: '^/parameters' });
    e = await expectBackendError(r.adapter.getFlow(branch), 'internal');
    expect(e.serverMessage).toBe('Internal Server Error.');
    r.server.setFaults({ malformedOn: '^/parameters' });
    await expectBackendError(r.adapter.getFlow(branch), 'internal');
    r.server.setFaults({});
    await expectBackendError(r.adapter.getRunEvents!('no-such-run'), 'not-found');
    await expectBackendError(r.adapter.getFlow('dify-0000'), 'not-found');
    for (const call of r.calls) expect(keysIn(r, call.url)).toBe(false);
  });
});

describe('files', () => {
  it('uploads through POST /files/upload and runs with upload_file_id and remote URLs', async () => {
    const r = await use();
    const id = flowOf(r, 'every-input');
    const doc = await r.adapter.uploadFile(id, new Blob(['hello'], { type: 'text/plain' }), 'notes.txt');
    const image = await r.adapter.uploadFile(id, new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' }), 'dot.png');
    expect(doc.name).toBe('notes.txt');
    const values = {
      name: 'Ada',
      size: 'L',
      count: 3,
      doc: { type: 'document', transfer_method: 'local_file', upload_file_id: doc.id, name: 'notes.txt' },
      attachments: [{ type: 'image', transfer_method: 'remote_url', url: 'https://example.invalid/a.png' }],
      files: [{ type: 'image', transfer_method: 'local_file', upload_file_id: image.id, name: 'dot.png' }],
    };
    expect(splitRunInputs(values).files).toEqual([{ type: 'image', transfer_method: 'local_file', upload_file_id: image.id }]);
    const handle = await r.adapter.startRun!({ flowId: id, inputs: values });
    const events = await collectEvents(handle.events);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded', outputs: { echo: { name: 'Ada', size: 'L', count: 3 } } });
    expect(r.server.runs.get(handle.runId)?.files).toEqual([{ type: 'image', transfer_method: 'local_file', upload_file_id: image.id }]);

    const big = new Blob([new Uint8Array(1024 * 1024 + 10)], { type: 'image/png' });
    const err = await expectBackendError(r.adapter.uploadFile(id, big, 'big.png'), 'invalid');
    expect(err.serverCode).toBe('file_too_large');
    await expectBackendError(r.adapter.uploadFile(id, new Blob(['MZ']), 'tool.exe'), 'invalid');
    const bad = await expectBackendError(
      r.adapter.startRun!({ flowId: id, inputs: { name: 'A', size: 'S', doc: { type: 'document', transfer_method: 'local_file', upload_file_id: 'nope' } } }),
      'invalid',
    );
    expect(bad.serverMessage).toMatch(/Invalid upload file id/);
  });
});

describe('history', () => {
  it('merges the server logs with the runs recorded here, and says which is which', async () => {
    const r = await use();
    const id = flowOf(r, 'branch');
    const mine = await r.adapter.startRun!({ flowId: id, inputs: { message: 'mine', tone: 'formal' }, trigger: 'manual' });
    const mineEvents = await collectEvents(mine.events);
    // A run started elsewhere (another client of the same app).
    const res = await fetch(`${r.server.apiUrl}/workflows/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${r.server.keyOf('branch')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: { message: 'theirs', tone: 'casual' }, response_mode: 'blocking', user: 'someone-else' }),
    });
    const theirs = ((await res.json()) as { workflow_run_id: string }).workflow_run_id;

    const page = await r.adapter.listRuns!(id);
    expect(page.items.map((s) => s.id).sort()).toEqual([mine.runId, theirs].sort());
    expect(page.total).toBe(2);
    expect(page.items.find((s) => s.id === mine.runId)?.trigger).toBe('manual');
    expect(page.items.find((s) => s.id === theirs)?.trigger).toBe(`${SERVER_RUN_TRIGGER_PREFIX}service-api`);
    expect(await r.adapter.getRunEvents!(mine.runId)).toEqual(mineEvents);
    const summaryOnly = await r.adapter.getRunEvents!(theirs);
    expect(types(summaryOnly)).toEqual(['run-started', 'log', 'run-finished']);
    expect(summaryOnly[0]).toMatchObject({ inputs: { message: 'theirs', tone: 'casual' } });

    const logs = await r.adapter.searchLogs(id, { keyword: 'theirs' });
    expect(logs.items.map((s) => s.id)).toEqual([theirs]);
    expect((await r.adapter.searchLogs(id, { status: 'failed' })).total).toBe(0);
    expect((await r.adapter.listRuns!(id, { status: 'failed' })).items).toEqual([]);
    const detail = await r.adapter.runDetail(id, theirs);
    expect(detail).toMatchObject({ status: 'succeeded', outputs: { reply: 'hey! theirs :)' }, totalSteps: 4 });
    expect(detail.startedAt).toBeGreaterThan(1e12);
  });
});
