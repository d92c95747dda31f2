import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertStep } from '../../model/ops';
import { renameStep } from '../../model/ops-fields';
import { viasocketSyntax } from '../../model/references/viasocket';
import { emptyFlow, type Flow } from '../../model/flow';
import { startViasocketRig, type ViasocketTestRig } from '../../../server/viasocket/test-rig';
import { expectBackendError } from '../contract/contract-suite';
import { BackendError } from '../types';
import type { PartialSaveDetails } from './adapter';
import { eventsOfLog } from './run-trace';

let rig: ViasocketTestRig;
beforeEach(async () => {
  let n = 0;
  rig = await startViasocketRig({}, { newStepId: () => `funcTest${String(n++).padStart(4, '0')}` });
});
afterEach(async () => {
  await rig.close();
});

/** JS_Code -> Check (ifBlock: Yes | No), Yes reads JS_Code's output. */
function draft(): Flow {
  let flow = emptyFlow('draft', 'Orders', 'viasocket');
  flow = insertStep(flow, { id: 'code', kind: 'action', type: 'function', title: 'JS_Code', params: { code: 'return { data: { total: context.req.body?.total ?? 0 } };' } }, { parent: null, branch: null, index: 0 });
  flow = insertStep(flow, { id: 'check', kind: 'if', type: 'ifBlock', title: 'Check', params: { condition: 'context.res.JS_Code?.data?.total > 10' }, branches: { then: [], else: [] } }, { parent: null, branch: null, index: 1 });
  flow = insertStep(flow, { id: 'yes', kind: 'action', type: 'function', title: 'Yes', params: { code: 'return { data: { big: `${context.res.JS_Code?.data?.total}` } };' } }, { parent: 'check', branch: 'then', index: 0 });
  flow = insertStep(flow, { id: 'no', kind: 'action', type: 'function', title: 'No', params: { code: 'return { data: { small: true } };' } }, { parent: 'check', branch: 'else', index: 0 });
  return flow;
}

const stepCalls = (rig: ViasocketTestRig) => rig.calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${new URL(c.url).pathname}`);

describe('viaSocket adapter', () => {
  it('creates a script and its steps with the calls the API wants', async () => {
    const saved = await rig.adapter.saveFlow({ flow: draft(), baseRevision: null });
    const id = saved.flow.id;
    expect(id).toMatch(/^scri/);
    expect(stepCalls(rig)).toEqual([
      'POST /projects/proj54490/scripts',
      `POST /scripts/proj54490/${id}/stepv2`,
      `PUT /scripts/${id}/stepv2/JS_Code`,
      `POST /scripts/proj54490/${id}/stepv2`,
      `PUT /scripts/${id}/stepv2/Check`,
      `POST /scripts/proj54490/${id}/stepv2`,
      `PUT /scripts/${id}/stepv2/Yes`,
      `POST /scripts/proj54490/${id}/stepv2`,
      `PUT /scripts/${id}/stepv2/No`,
    ]);
    expect(rig.calls.filter((c) => c.method === 'POST' && c.url.endsWith('/stepv2')).map((c) => c.body)).toEqual([
      { type: 'function', title: 'JS_Code', orderGroup: 'root', position: 0, stepId: 'funcTest0000' },
      { type: 'ifBlock', title: 'Check', orderGroup: 'root', position: 1, stepId: 'funcTest0001' },
      { type: 'function', title: 'Yes', orderGroup: 'Check', position: 0, stepId: 'funcTest0002' },
      { type: 'function', title: 'No', orderGroup: 'Check_else', position: 0, stepId: 'funcTest0003' },
    ]);
    expect(saved.flow.root).toEqual(['funcTest0000', 'funcTest0001']);
    expect(saved.flow.steps.funcTest0001!.branches).toEqual({ then: ['funcTest0002'], else: ['funcTest0003'] });
  });

  it('saves an unchanged flow without a single write, and the server keeps its bytes', async () => {
    const saved = await rig.adapter.saveFlow({ flow: draft(), baseRevision: null });
    const before = JSON.stringify(rig.server.store.scripts.get(saved.flow.id));
    rig.calls.length = 0;
    const again = await rig.adapter.saveFlow({ flow: (await rig.adapter.getFlow(saved.flow.id)).flow, baseRevision: saved.summary.revision });
    expect(stepCalls(rig)).toEqual([]);
    expect(JSON.stringify(rig.server.store.scripts.get(saved.flow.id))).toBe(before);
    expect(again.summary.revision).toBe(saved.summary.revision);
  });

  it('renames a referenced step: PUT by the old title, references follow, the run still works', async () => {
    const saved = await rig.adapter.saveFlow({ flow: draft(), baseRevision: null });
    const id = saved.flow.id;
    const renamed = renameStep(saved.flow, 'funcTest0000', 'Compute', viasocketSyntax);
    expect(renamed.steps.funcTest0002!.params.code).toContain('context.res.Compute?.data?.total');
    rig.calls.length = 0;
    await rig.adapter.saveFlow({ flow: renamed, baseRevision: saved.summary.revision });
    expect(stepCalls(rig)).toEqual([`PUT /scripts/${id}/stepv2/JS_Code`, `PUT /scripts/${id}/stepv2/Check`, `PUT /scripts/${id}/stepv2/Yes`]);
    expect(rig.calls.find((c) => c.url.endsWith('/stepv2/JS_Code'))!.body).toMatchObject({ title: 'Compute', stepId: 'funcTest0000' });
    // The ifBlock's condition is plain JavaScript: the adapter makes it follow the rename too.
    expect(rig.calls.find((c) => c.url.endsWith('/stepv2/Check'))!.body).toMatchObject({ code: 'context.res.Compute?.data?.total > 10' });
    const run = await rig.adapter.startRun({ flowId: id, inputs: { total: 42 } });
    const events = [];
    for await (const e of run.events) events.push(e);
    const yes = events.find((e) => e.type === 'step-finished' && e.stepId === 'funcTest0002');
    expect(yes).toMatchObject({ status: 'succeeded', outputs: { data: { big: '42' } } });
    expect(events.find((e) => e.type === 'step-finished' && e.stepId === 'funcTest0001')).toMatchObject({ branch: 'then' });
  });

  it('a save that fails half-way says what landed, and the next save sends only the rest', async () => {
    const saved = await rig.adapter.saveFlow({ flow: emptyFlow('x', 'Half', 'viasocket'), baseRevision: null });
    const edit = { ...draft(), id: saved.flow.id, name: 'Half' };
    // The second step create fails with a 500.
    rig.server.setFaults({ status500On: '^POST /scripts/.*/stepv2$', status500After: 1, status500Times: 1 });
    const err = await expectBackendError(rig.adapter.saveFlow({ flow: edit, baseRevision: saved.summary.revision }), 'internal');
    const details = err.details as PartialSaveDetails;
    expect(details.kind).toBe('partial-save');
    expect(details.landed).toEqual(['create step "JS_Code"', 'configure step "JS_Code"']);
    expect(details.failed).toBe('create step "Check"');
    expect(details.notSent).toHaveLength(5);
    expect(err.message).toMatch(/Saved 2 of 8 changes/);
    expect(Object.values(details.current!.flow.steps).map((s) => s.title)).toEqual(['JS_Code']);
    // The user saves the same draft again (the editor kept it, with its original base revision).
    rig.calls.length = 0;
    const done = await rig.adapter.saveFlow({ flow: edit, baseRevision: saved.summary.revision });
    expect(stepCalls(rig).filter((c) => c.includes('stepv2'))).toHaveLength(6);
    expect(rig.calls.filter((c) => c.method === 'POST').map((c) => (c.body as { title: string }).title)).toEqual(['Check', 'Yes', 'No']);
    expect(Object.values(done.flow.steps).map((s) => s.title).sort()).toEqual(['Check', 'JS_Code', 'No', 'Yes']);
  });

  it('keeps working when the editor keeps its own step ids after a save (as autosave does)', async () => {
    const mine = structuredClone(draft());
    const saved = await rig.adapter.saveFlow({ flow: mine, baseRevision: null });
    mine.steps.yes!.params.code = 'return 1;';
    rig.calls.length = 0;
    const next = await rig.adapter.saveFlow({ flow: { ...mine, id: saved.flow.id }, baseRevision: saved.summary.revision });
    expect(stepCalls(rig)).toEqual([`PUT /scripts/${saved.flow.id}/stepv2/Yes`]);
    // A fresh adapter (a reload) has no id map: the steps are recognised by title and type.
    const { createViasocketAdapter } = await import('./adapter');
    const fresh = createViasocketAdapter({ baseUrl: rig.server.url, runUrl: rig.server.runUrl, token: rig.server.token });
    mine.steps.no!.params.code = 'return 2;';
    const again = await fresh.saveFlow({ flow: { ...mine, id: saved.flow.id }, baseRevision: next.summary.revision });
    expect(Object.keys(again.flow.steps).sort()).toEqual(Object.keys(saved.flow.steps).sort());
    expect(again.flow.steps.funcTest0003!.params.code).toBe('return 2;');
  });

  it('still refuses a save from a revision someone else moved on', async () => {
    const saved = await rig.adapter.saveFlow({ flow: draft(), baseRevision: null });
    await rig.adapter.saveFlow({ flow: { ...saved.flow, name: 'Other writer' }, baseRevision: saved.summary.revision });
    const err = await expectBackendError(rig.adapter.saveFlow({ flow: { ...saved.flow, description: 'mine' }, baseRevision: saved.summary.revision }), 'conflict');
    expect(err.current?.flow.name).toBe('Other writer');
  });

  it('refuses duplicate titles before sending anything', async () => {
    const flow = structuredClone(draft());
    flow.steps.no!.title = 'Yes';
    rig.calls.length = 0;
    await expectBackendError(rig.adapter.saveFlow({ flow, baseRevision: null }), 'invalid');
  });

  it('says when the token expired, with the server words', async () => {
    rig.server.setFaults({ expireToken: true });
    const err = await expectBackendError(rig.adapter.listFlows(), 'unauthorized');
    expect(err.serverMessage).toBe('Token expired');
    expect(err.serverCode).toBe('token-expired');
    expect(err.message).toMatch(/paste a new one/);
  });

  it('turns a cut response and a 500 into typed errors', async () => {
    const saved = await rig.adapter.saveFlow({ flow: draft(), baseRevision: null });
    rig.server.setFaults({ cutOn: '^GET /projects/' });
    const cut = await rig.adapter.getFlow(saved.flow.id).catch((e: unknown) => e);
    expect(cut).toBeInstanceOf(BackendError);
    rig.server.setFaults({ status500On: '^GET /scripts/' });
    const err = await expectBackendError(rig.adapter.getFlow(saved.flow.id), 'internal');
    expect(err.serverMessage).toBe('Internal Server Error');
  });

  it('publishes, edits, shows the published copy, and reverts', async () => {
    const saved = await rig.adapter.saveFlow({ flow: draft(), baseRevision: null });
    const id = saved.flow.id;
    expect(saved.summary.published).toBeNull();
    expect(saved.summary.draftDiffersFromPublished).toBeUndefined();
    await rig.adapter.publish(id);
    const live = await rig.adapter.getFlow(id);
    expect(live.summary.draftDiffersFromPublished).toBe(false);
    const edited = structuredClone(live.flow);
    edited.steps.funcTest0003!.params.code = 'return { data: { small: "edited" } };';
    const afterEdit = await rig.adapter.saveFlow({ flow: edited, baseRevision: live.summary.revision });
    // A change of function code alone is a difference from the published copy (the Revert button needs it).
    expect(afterEdit.summary.draftDiffersFromPublished).toBe(true);
    expect((await rig.adapter.getFlow(id)).summary.draftDiffersFromPublished).toBe(true);
    const published = await rig.adapter.getPublishedFlow(id);
    expect(published!.steps.funcTest0003!.params.code).toBe('return { data: { small: true } };');
    const reverted = await rig.adapter.revertDraft(id);
    expect(reverted.flow).toEqual(live.flow);
    expect(reverted.summary.draftDiffersFromPublished).toBe(false);
    expect(rig.calls.find((c) => c.url.endsWith('/revert'))!.body).toEqual({});
  });

  it('dry-runs the draft and reads the same run back from the logs', async () => {
    const saved = await rig.adapter.saveFlow({ flow: draft(), baseRevision: null });
    const handle = await rig.adapter.startRun({ flowId: saved.flow.id, inputs: { total: 3 } });
    const live = [];
    for await (const e of handle.events) live.push(e);
    expect(live.filter((e) => e.type === 'step-finished').map((e) => (e.type === 'step-finished' ? [e.stepId, e.status, e.branch] : null))).toEqual([
      ['funcTest0000', 'succeeded', undefined],
      ['funcTest0001', 'succeeded', 'else'],
      ['funcTest0003', 'succeeded', undefined],
    ]);
    expect(rig.calls.some((c) => c.method === 'POST' && new URL(c.url).origin === rig.server.runUrl && c.url.endsWith(`/func/${saved.flow.id}/test`))).toBe(true);
    const back = await rig.adapter.getRunEvents(handle.runId);
    expect(JSON.stringify(back)).toBe(JSON.stringify(live));
    const runs = await rig.adapter.listRuns(saved.flow.id);
    expect(runs.items[0]).toMatchObject({ id: handle.runId, status: 'succeeded', trigger: 'test' });
    const { logs } = await rig.adapter.logs(saved.flow.id, { key: 'small' });
    expect(logs).toHaveLength(1);
    expect(eventsOfLog(logs[0]!, 'draft')).toEqual(live);
  });

  it('runs the published webhook, which runs the published copy, not the draft', async () => {
    const saved = await rig.adapter.saveFlow({ flow: draft(), baseRevision: null });
    await expectBackendError(rig.adapter.startRun({ flowId: saved.flow.id, inputs: {}, versionId: 'published' }), 'not-found');
    await rig.adapter.publish(saved.flow.id);
    const live = await rig.adapter.getFlow(saved.flow.id);
    const edited = structuredClone(live.flow);
    edited.steps.funcTest0003!.params.code = 'return { data: { small: "draft only" } };';
    await rig.adapter.saveFlow({ flow: edited, baseRevision: live.summary.revision });
    const run = await rig.adapter.startRun({ flowId: saved.flow.id, inputs: { total: 1 }, versionId: 'published' });
    const events = [];
    for await (const e of run.events) events.push(e);
    expect(events[0]).toMatchObject({ type: 'run-started', trigger: 'webhook' });
    expect(events.find((e) => e.type === 'step-finished' && e.stepId === 'funcTest0003')).toMatchObject({ outputs: { data: { small: true } } });
    expect(rig.calls.some((c) => c.method === 'POST' && c.url === `${rig.server.runUrl}/func/${saved.flow.id}`)).toBe(true);
  });

  it('lists DbDash plugins and actions as modules with forms, and checks a plugin step\'s auth binding', async () => {
    const modules = await rig.adapter.listModules();
    const sheet = modules.find((m) => m.id === 'plugin:rowlpijbo5k1')!;
    expect(sheet.inputSchema).toMatchObject({ source: 'json-schema', schema: { properties: { sheet: { type: 'string' }, source: { contentMediaType: 'text/javascript' } }, required: ['sheet'] } });
    expect((await rig.adapter.getModule('plugin:rowlpijbo5k1')).name.text).toBe('List Sheet Rows');
    expect((await rig.adapter.searchPlugins('slack')).map((p) => p.rowid)).toEqual(['rowbu58rc']);
    let flow = emptyFlow('p', 'Plugins', 'viasocket');
    flow = insertStep(flow, { id: 'a', kind: 'action', type: 'plugin:rowlpijbo5k1', title: 'List_Sheet_Rows', params: { source: '', sheet: "${context.req.body?.['sheet']}", '_sheet-Type': 'string' } }, { parent: null, branch: null, index: 0 });
    flow = insertStep(flow, { id: 'b', kind: 'action', type: 'plugin:rowslk0send1', title: 'Tell', params: { source: '', channel: '#ops', text: 'rows: ${context.res.List_Sheet_Rows?.data?.rows?.length}' } }, { parent: null, branch: null, index: 1 });
    const saved = await rig.adapter.saveFlow({ flow, baseRevision: null });
    expect(rig.server.store.scripts.get(saved.flow.id)!.used_variables.plugin!.List_Sheet_Rows).toEqual({ sheet: "${context.req.body?.['sheet']}", '_sheet-Type': 'string' });
    expect(saved.flow.steps.funcTest0000!.params).toEqual({ source: '', sheet: "${context.req.body?.['sheet']}", '_sheet-Type': 'string' });
    expect(await rig.adapter.authBinding(saved.flow.id, 'funcTest0000')).toMatchObject({ pluginId: 'rowqm5xi2', authId: 'auth2HvM1Tij', valid: true });
    expect(await rig.adapter.authBinding(saved.flow.id, 'funcTest0001')).toMatchObject({ valid: false, reason: 'The refresh token was revoked by the provider.' });
    // The same in the shared terms the inspector shows.
    expect(await rig.adapter.stepAuthorization(saved.flow.id, 'funcTest0000')).toEqual({ account: 'Google account', valid: true });
    expect(await rig.adapter.stepAuthorization(saved.flow.id, 'funcTest0001')).toEqual({ account: 'Slack workspace', valid: false, problem: 'invalid', reason: 'The refresh token was revoked by the provider.' });
    const run = await rig.adapter.startRun({ flowId: saved.flow.id, inputs: { sheet: 'Orders' } });
    const events = [];
    for await (const e of run.events) events.push(e);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded', outputs: { data: { ok: true, channel: '#ops', text: 'rows: 3' } } });
  });

  it('maps projects to folders and moves a flow between them', async () => {
    const folders = await rig.adapter.listFolders();
    expect(folders.map((f) => [f.id, f.name])).toEqual([['proj54490', 'Main Project'], ['projWkXVDm0k', 'Draft Project']]);
    const saved = await rig.adapter.saveFlow({ flow: draft(), baseRevision: null });
    expect(saved.summary.folderId).toBe('proj54490');
    await rig.adapter.moveFlow(saved.flow.id, 'projWkXVDm0k');
    expect((await rig.adapter.listFlows({ folderId: 'projWkXVDm0k' })).items.map((s) => s.id)).toEqual([saved.flow.id]);
    expect((await rig.adapter.getFlow(saved.flow.id)).summary.folderId).toBe('projWkXVDm0k');
  });
});
