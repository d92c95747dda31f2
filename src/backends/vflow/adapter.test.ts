import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import type { Flow } from '../../model/flow';
import { expectBackendError, expectWellFormedRun } from '../contract/contract-suite';
import type { TraceEvent } from '../trace';
import { BackendError } from '../types';
import { memoryTokenStore, VflowClient } from './client';
import { errorCodeForVflow } from './errors';
import { flowToWorkflow, catalogFrom } from './mapping';
import { workflowSchema } from './schemas';
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

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** GET with the adapter's own (recorded) token, for raw comparisons. */
async function rawDetail(r: VflowTestRig, id: string): Promise<Record<string, unknown>> {
  const token = r.calls.map((c) => c.authorization).filter((a): a is string => !!a).at(-1);
  const res = await fetch(`${r.server.apiUrl}/workflows/${encodeURIComponent(id)}`, { headers: { authorization: token ?? '' } });
  return ((await res.json()) as { data: Record<string, unknown> }).data;
}

type Started = Extract<TraceEvent, { type: 'step-started' }>;
type Finished = Extract<TraceEvent, { type: 'step-finished' }>;

function stepEvents(events: TraceEvent[], type: 'step-started', stepId: string): Started[];
function stepEvents(events: TraceEvent[], type: 'step-finished', stepId: string): Finished[];
function stepEvents(events: TraceEvent[], type: 'step-started' | 'step-finished', stepId: string): Array<Started | Finished> {
  return events.filter((e): e is Started | Finished => e.type === type && (e as Started).stepId === stepId);
}

describe('vFlow adapter: authentication', () => {
  it('connects on first use, sends the token only in the Authorization header, refreshes on 6002 and revokes', async () => {
    const r = await use();
    const page = await r.adapter.listFlows();
    expect(page.total).toBe(8);
    expect(r.calls[0]!.url).toMatch(/\/api\/v1\/auth\/token$/);
    expect(r.calls.some((c) => c.url.includes('eyJ'))).toBe(false);
    const token = r.calls[1]!.authorization;
    expect(token).toMatch(/^Bearer eyJ/);

    const v = await r.adapter.verify();
    expect(v.valid).toBe(true);
    expect(v.deviceInfo).toMatchObject({ brand: 'Xiaomi', apiLevel: 34 });
    expect(v.expiresAt).toBeGreaterThan(Date.now());

    // The server expires every token: the next call gets 6002, refreshes once and retries.
    await r.adapter.listModules();
    r.server.state.expireTokens();
    const n = r.calls.length;
    await r.adapter.getFlow('wf-002');
    const after = r.calls.slice(n).map((c) => `${c.method} ${c.url.replace(r.server.apiUrl, '')} ${c.status}`);
    expect(after).toEqual(['GET /workflows/wf-002 401', 'POST /auth/refresh 200', 'GET /workflows/wf-002 200']);
    expect(r.calls.at(-1)!.authorization).not.toBe(token);

    await r.adapter.revoke();
    await expectBackendError(r.adapter.listFlows(), 'unauthorized');
    await r.adapter.connect();
    expect((await r.adapter.listFlows()).total).toBe(8);
  });

  it('refreshes shortly before expiry, without a 401', async () => {
    const r = await use({ tokenExpiresIn: 1 });
    await r.adapter.listFlows();
    await new Promise((res) => setTimeout(res, 850));
    const n = r.calls.length;
    await r.adapter.listFlows();
    expect(r.calls.slice(n).map((c) => `${c.url.replace(r.server.apiUrl, '').split('?')[0]} ${c.status}`)).toEqual(['/auth/refresh 200', '/workflows 200']);
  });

  it('reconnects after an invalid (6001) token, keeps tokens out of errors and serialisation', async () => {
    const store = memoryTokenStore({ token: 'bogus', refreshToken: 'bogus', expiresAt: Date.now() + 3_600_000, refreshAt: Date.now() + 3_000_000 });
    const r = await use({}, { tokenStore: store });
    expect((await r.adapter.listFlows()).total).toBe(8);
    const t = await store.load();
    expect(t?.token).toMatch(/^eyJ/);
    const err = await expectBackendError(r.adapter.getFlow('nope'), 'not-found');
    expect(JSON.stringify({ m: err.message, d: err.details, s: err.serverMessage })).not.toContain(t!.token);
    expect(JSON.stringify(r.adapter)).not.toContain(t!.token);
    const client = new VflowClient({ baseUrl: r.server.apiUrl, tokenStore: store });
    expect(JSON.stringify(client)).not.toContain(t!.token);
  });

  it('does not auto-connect when told not to', async () => {
    const r = await use({}, { autoConnect: false });
    await expectBackendError(r.adapter.listFlows(), 'unauthorized');
    expect(r.calls).toHaveLength(0);
    await r.adapter.connect();
    expect((await r.adapter.listFlows()).total).toBe(8);
  });

  it('tests the connection: health first, then the token', async () => {
    const r = await use();
    const ok = await r.adapter.testConnection();
    expect(ok).toMatchObject({ ok: true, serverVersion: '1.0.0' });
    await r.server.close();
    const down = await r.adapter.testConnection();
    expect(down.ok).toBe(false);
    expect(down.stage).toBe('health');
    expect(down.error?.code).toBe('network');
    rig = null;
  });
});

describe('vFlow adapter: flows and folders', () => {
  it('lists with folder, search, tags, disabled, sort and paging', async () => {
    const r = await use();
    const a = r.adapter;
    expect((await a.listFlows({ folderId: 'folder-002' })).items.map((s) => s.id)).toEqual(['wf-002', 'wf-003']);
    expect((await a.listFlows({ folderId: null })).items.map((s) => s.id)).toEqual(['wf-005']);
    expect((await a.listFlows({ search: 'loop' })).items.map((s) => s.id).sort()).toEqual(['wf-003', 'wf-008']);
    expect((await a.listFlows({ tags: ['nightly'] })).items.map((s) => s.id).sort()).toEqual(['wf-004', 'wf-006']);
    expect((await a.listFlows({ includeDisabled: false })).items.some((s) => s.id === 'wf-005')).toBe(false);
    const byName = await a.listFlows({ sortBy: 'name', order: 'desc', limit: 3, offset: 1 });
    expect(byName.items.map((s) => s.name)).toEqual(['Nested Loops', 'Long Runner', 'Local Health Probe']);
    expect(byName).toMatchObject({ total: 8, limit: 3, offset: 1 });
    const wechat = (await a.listFlows({ search: 'wechat' })).items[0]!;
    // The device counts rows (endif included) until the workflow has been opened here.
    expect(wechat).toMatchObject({ enabled: true, favourite: true, tags: ['social', 'automation'], stepCount: 4, folderId: 'folder-001', revision: '1704067200000' });
  });

  it('every fixture comes back through the server and the mapping unchanged, and saving it changes nothing', async () => {
    const r = await use();
    const modules = await r.adapter.listModules();
    const catalog = catalogFrom(modules);
    for (const s of (await r.adapter.listFlows()).items) {
      const before = await rawDetail(r, s.id);
      const saved = await r.adapter.getFlow(s.id);
      const managed = Object.fromEntries(['isEnabled', 'isFavorite', 'folderId', 'order', 'modifiedAt'].filter((k) => k in before).map((k) => [k, before[k]]));
      expect(flowToWorkflow(saved.flow, catalog, { managed }), s.name).toStrictEqual(workflowSchema.parse(before));
      const again = await r.adapter.saveFlow({ flow: saved.flow, baseRevision: saved.summary.revision });
      expect(again.flow).toStrictEqual(saved.flow);
      const after = await rawDetail(r, s.id);
      expect({ ...after, modifiedAt: 0 }).toStrictEqual({ ...before, modifiedAt: 0 });
      expect(Number(after.modifiedAt)).toBeGreaterThan(Number(before.modifiedAt));
    }
  });

  it('creates, edits, duplicates, moves, enables and favourites', async () => {
    const r = await use({ clientIds: 'accept' });
    const a = r.adapter;
    const flow: Flow = {
      schemaVersion: 2, id: 'flow_new', name: 'Brand new', description: 'made here', tags: ['x'], structure: 'blocks',
      steps: { s1: { id: 's1', kind: 'action', type: 'log', title: 'Hello', params: { message: 'hi' } } },
      root: ['s1'], edges: [], notes: [], inputs: [], dialect: 'vflow',
    };
    const created = await a.saveFlow({ flow, baseRevision: null, folderId: 'folder-003' });
    expect(created.flow).toEqual(flow);
    expect(created.summary).toMatchObject({ id: 'flow_new', folderId: 'folder-003', enabled: true, favourite: false, stepCount: 1 });
    await expectBackendError(a.saveFlow({ flow, baseRevision: null }), 'conflict');

    const copy = await a.duplicateFlow!('flow_new', { name: 'Brand new copy', folderId: null });
    expect(copy.flow).toEqual({ ...flow, id: copy.flow.id, name: 'Brand new copy' });
    expect(copy.summary.folderId).toBeNull();

    await a.moveFlow!('flow_new', 'folder-001');
    await a.setFlowEnabled!('flow_new', false);
    await a.setFlowFavourite!('flow_new', true);
    const got = await a.getFlow('flow_new');
    expect(got.summary).toMatchObject({ folderId: 'folder-001', enabled: false, favourite: true });
    // A save from the (now stale) editor copy does not undo the move / disable / favourite.
    const saved = await a.saveFlow({ flow: { ...created.flow, name: 'Renamed' }, baseRevision: got.summary.revision });
    expect(saved.summary).toMatchObject({ name: 'Renamed', folderId: 'folder-001', enabled: false, favourite: true });

    const stale = await expectBackendError(a.saveFlow({ flow: { ...created.flow, name: 'Stale' }, baseRevision: got.summary.revision }), 'conflict');
    expect(stale.current?.flow.name).toBe('Renamed');
    expect((await a.saveFlow({ flow: { ...created.flow, name: 'Forced' }, baseRevision: got.summary.revision, force: true })).flow.name).toBe('Forced');

    const result = await a.batch('disable', ['wf-002', 'wf-005', 'missing']);
    expect(result).toEqual({ succeeded: ['wf-002'], failed: ['missing'], skipped: ['wf-005'] });
    expect((await a.batch('move', ['wf-002'], null)).succeeded).toEqual(['wf-002']);

    await a.deleteFlow('flow_new');
    await expectBackendError(a.getFlow('flow_new'), 'not-found');
    await expectBackendError(a.deleteFlow('flow_new'), 'not-found');
  });

  it('manages nested folders and deletes them three ways', async () => {
    const r = await use();
    const a = r.adapter;
    const folders = await a.listFolders!();
    expect(folders.map((f) => [f.id, f.parentId]).sort()).toEqual([
      ['folder-001', null], ['folder-002', 'folder-001'], ['folder-003', null], ['folder-004', 'folder-002'],
    ]);
    expect(folders.find((f) => f.id === 'folder-001')!.extensions).toEqual({ vflow: { workflowCount: 1, subfolderCount: 1 } });
    const top = await a.createFolder!('Top', null);
    const child = await a.createFolder!('Child', top.id);
    expect(child.parentId).toBe(top.id);
    expect((await a.updateFolder!(child.id, { name: 'Kid', parentId: 'folder-003', order: 4 })).toString()).toBeDefined();
    expect((await a.listFolders!()).find((f) => f.id === child.id)).toMatchObject({ name: 'Kid', parentId: 'folder-003', order: 4 });
    await expectBackendError(a.createFolder!('x', 'no-such-folder'), 'not-found');
    await expectBackendError(a.updateFolder!('folder-001', { parentId: 'folder-004' }), 'invalid');
    await expectBackendError(a.createFolder!('Kid', 'folder-003'), 'conflict');

    // move contents to the root: workflows and subfolders
    await a.deleteFolder!('folder-002', { mode: 'move', moveTo: null });
    expect((await a.getFlow('wf-002')).summary.folderId).toBeNull();
    expect((await a.listFolders!()).find((f) => f.id === 'folder-004')?.parentId).toBeNull();
    // move contents to a folder
    await a.deleteFolder!('folder-004', { mode: 'move', moveTo: 'folder-001' });
    expect((await a.getFlow('wf-006')).summary.folderId).toBe('folder-001');
    // delete everything in it
    await a.deleteFolder!('folder-001', { mode: 'delete' });
    await expectBackendError(a.getFlow('wf-006'), 'not-found');
    await expectBackendError(a.deleteFolder!('folder-001', { mode: 'delete' }), 'not-found');
  });

  it('keeps the in-memory edit when a save fails with a 500, and saves it once the server recovers', async () => {
    const r = await use();
    const saved = await r.adapter.getFlow('wf-002');
    const edited = deepFreeze({ ...saved.flow, name: 'Edited offline', steps: { ...saved.flow.steps, 'step-004': { ...saved.flow.steps['step-004']!, params: { message: 'changed', level: 'info' } } } });
    const copy = structuredClone(edited);
    r.server.setFaults({ status500On: 'PUT|/workflows/wf-002$' });
    const err = await expectBackendError(r.adapter.saveFlow({ flow: edited, baseRevision: saved.summary.revision }), 'internal');
    expect(err.serverCode).toBe(9001);
    expect(err.serverMessage).toBe('Internal server error');
    expect(err.message).toMatch(/HTTP 500/);
    expect(edited).toEqual(copy);
    r.server.setFaults({});
    expect((await r.adapter.getFlow('wf-002')).flow.name).toBe('Greeting Check');
    const ok = await r.adapter.saveFlow({ flow: edited, baseRevision: saved.summary.revision });
    expect(ok.flow).toEqual(copy);
  });
});

describe('vFlow adapter: errors and faults', () => {
  it('maps every vFlow code', () => {
    const table: Array<[number, number, string]> = [
      [1001, 404, 'not-found'], [1002, 400, 'invalid'], [1003, 409, 'conflict'], [1003, 422, 'invalid'], [1003, 500, 'internal'],
      [1004, 409, 'conflict'], [2001, 404, 'not-found'], [2001, 400, 'invalid'], [2002, 400, 'invalid'], [3001, 404, 'not-found'],
      [3002, 400, 'conflict'], [5001, 404, 'not-found'], [5002, 409, 'conflict'], [6001, 401, 'unauthorized'], [6002, 401, 'unauthorized'],
      [6003, 403, 'forbidden'], [7001, 429, 'rate-limited'], [8001, 400, 'invalid'], [8002, 413, 'invalid'], [9001, 500, 'internal'], [9002, 503, 'unavailable'],
    ];
    for (const [code, status, want] of table) expect(errorCodeForVflow(code, status), `${code}/${status}`).toBe(want);
    expect(errorCodeForVflow(4242, 418)).toBeUndefined();
  });

  it('reports server errors with the code, the server words and the right ErrorCode', async () => {
    const r = await use();
    const a = r.adapter;
    const e1 = await expectBackendError(a.getFlow('missing'), 'not-found');
    expect(e1).toMatchObject({ serverCode: 1001, serverMessage: 'Workflow not found' });
    const e2 = await expectBackendError(a.getModule('missing'), 'not-found');
    expect(e2.serverCode).toBe(2001);
    const bad: Flow = { ...(await a.getFlow('wf-002')).flow, id: 'bad', name: '' };
    expect((await expectBackendError(a.saveFlow({ flow: bad, baseRevision: null }), 'invalid')).serverCode).toBe(1002);
    const unknownModule: Flow = { ...bad, id: 'bad2', name: 'unknown module', steps: { x: { id: 'x', kind: 'action', type: 'nope', title: '', params: {} } }, root: ['x'] };
    expect((await expectBackendError(a.saveFlow({ flow: unknownModule, baseRevision: null }), 'invalid')).serverCode).toBe(2001);
    expect((await expectBackendError(a.saveFlow({ flow: { ...bad, name: 'Greeting Check', id: 'dup' }, baseRevision: null }), 'conflict')).serverCode).toBe(1004);
    expect((await expectBackendError(a.startRun!({ flowId: 'wf-005', inputs: {} }), 'conflict')).message).toMatch(/enable/);
    // a required parameter missing: 422
    const noCond: Flow = { ...bad, id: 'nocond', name: 'No condition', steps: { c: { id: 'c', kind: 'if', type: 'if_condition', title: '', params: {}, branches: { then: [] } } }, root: ['c'] };
    await a.saveFlow({ flow: noCond, baseRevision: null });
    expect((await expectBackendError(a.startRun!({ flowId: 'nocond', inputs: {} }), 'invalid')).serverCode).toBe(2002);
    // 3002 and 5002 through the client (the adapter always says what to do with a folder's contents)
    const client = new VflowClient({ baseUrl: r.server.url });
    expect((await expectBackendError(client.request('DELETE', '/folders/folder-001'), 'conflict')).serverCode).toBe(3002);
    expect((await expectBackendError(a.listRuns!('wf-002', { status: 'succeeded' }).then(() => client.request('POST', '/executions/nope/stop')), 'not-found')).serverCode).toBe(5001);
    r.server.setFaults({ forbiddenOn: '/folders' });
    expect((await expectBackendError(a.listFolders!(), 'forbidden')).serverCode).toBe(6003);
    r.server.setFaults({ status503Rate: 1 });
    const e503 = await expectBackendError(a.listFolders!(), 'unavailable');
    expect(e503).toMatchObject({ serverCode: 9002, retryable: true });
  });

  it('waits for X-RateLimit-Reset on 429 and retries; gives up with rate-limited when the wait is too long', async () => {
    const r = await use({ rateLimits: { query: 3, windowMs: 400, auth: 100, modify: 100, execute: 100 } });
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) await r.adapter.listFolders!();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    // X-RateLimit-Remaining is honoured: the client waits for the reset instead of running into 429.
    expect(r.calls.filter((c) => c.status === 429)).toHaveLength(0);
    // A 429 all the same (the budget spent by someone else): wait for X-RateLimit-Reset and retry.
    r.server.setRateLimits({ query: 1, windowMs: 300, auth: 100, modify: 100, execute: 100 });
    const token = r.calls.map((c) => c.authorization).filter(Boolean).at(-1)!;
    await fetch(`${r.server.apiUrl}/folders`, { headers: { authorization: token } });
    await r.adapter.listFolders!();
    expect(r.calls.filter((c) => c.status === 429)).not.toHaveLength(0);

    const r2 = await startRig({ rateLimits: { query: 1, windowMs: 60_000, auth: 100, modify: 100, execute: 100 } }, { rateLimit: { maxWaitMs: 100 } });
    try {
      await r2.adapter.listFolders!();
      const err = await expectBackendError(r2.adapter.listFolders!(), 'rate-limited');
      expect(err.serverCode).toBe(7001);
      expect(err.retryable).toBe(true);
      expect((err.details as { server: { resetAt: number } }).server.resetAt).toBeGreaterThan(Date.now());
    } finally {
      await r2.close();
    }
  });

  it('turns a dropped connection into a network error', async () => {
    const r = await use();
    await r.adapter.listFlows();
    r.server.setFaults({ dropConnectionOn: '/workflows/wf-003$' });
    const err = await expectBackendError(r.adapter.getFlow('wf-003'), 'network');
    expect(err.retryable).toBe(true);
    expect((await r.adapter.getFlow('wf-002')).flow.id).toBe('wf-002');
  });

  it('turns malformed answers into clear internal errors, not crashes', async () => {
    const r = await use();
    await r.adapter.listFlows();
    r.server.setFaults({ malformedOn: '/workflows$' });
    expect((await expectBackendError(r.adapter.listFlows(), 'internal')).message).toMatch(/not JSON/);
    r.server.setFaults({ malformedOn: '/workflows', malformedKind: 'wrong-shape' });
    expect((await expectBackendError(r.adapter.listFlows(), 'internal')).message).toMatch(/unexpected shape: workflows/);
    expect((await expectBackendError(r.adapter.getFlow('wf-002'), 'internal')).message).toMatch(/unexpected shape/);
    r.server.setFaults({ malformedOn: '/folders', malformedKind: 'wrong-shape' });
    await expectBackendError(r.adapter.listFolders!(), 'internal');
    r.server.setFaults({});
    expect((await r.adapter.listFlows()).total).toBe(8);
  });

  it('slows down with slowMs and times out with timeoutMs', async () => {
    const r = await use({}, { timeoutMs: 150, getRetries: 0 });
    await r.adapter.listFlows();
    r.server.setFaults({ slowMs: 400 });
    await expectBackendError(r.adapter.listFolders!(), 'timeout');
  });
});

describe('vFlow adapter: modules, system', () => {
  it('lists categories and modules, and details a module with its input schema', async () => {
    const r = await use();
    const a = r.adapter;
    const cats = await a.listCategories();
    expect(cats.map((c) => c.id)).toEqual(['trigger', 'ui_interaction', 'logic', 'data', 'file', 'network', 'system', 'shizuku']);
    expect(cats[7]!.name).toEqual({ text: 'Shizuku' });
    const mods = await a.listModules();
    const byId = new Map(mods.map((m) => [m.id, m]));
    expect(byId.get('if_condition')).toMatchObject({ kind: 'if', blockBehavior: { blockType: 'if', endBlockId: 'endif' } });
    expect(byId.get('loop')!.kind).toBe('loop');
    expect(byId.get('trigger_manual')!.kind).toBe('trigger');
    expect(byId.get('endif')!.extensions).toMatchObject({ vflow: { structural: true } });
    const http = await a.getModule('http_request');
    // The document's input-schema for http_request leaves out `body`: the full inputs are used.
    expect(http.inputSchema.source).toBe('vflow-inputs');
    expect(http.outputs.map((o) => o.id)).toEqual(['statusCode', 'body', 'headers']);
    expect(http.name).toEqual({ text: 'HTTP请求', en: 'HTTP Request' });
    expect((http.extensions!.vflow as Record<string, unknown>).inputSchema).toHaveLength(4);
    const delay = await a.getModule('delay');
    expect(delay.inputSchema).toMatchObject({ source: 'vflow-input-schema', schema: [{ key: 'duration', type: 'number_slider' }] });
    expect(await a.getModule('delay')).toBe(delay);
    const mv = await a.magicVariables('wf-002');
    expect(mv.magicVariables.map((v) => v.key)).toContain('{{step-005.result}}');
    expect(mv.systemVariables.map((v) => v.key)).toEqual(['{{trigger.data}}', '{{current_time}}', '{{device_info}}']);
  });

  it('reads system info, stats and health', async () => {
    const r = await use();
    expect((await r.adapter.systemInfo()).device).toMatchObject({ brand: 'Xiaomi', model: 'Mi 14' });
    expect(await r.adapter.stats('all')).toMatchObject({ workflowCount: 8, enabledWorkflowCount: 7, folderCount: 4 });
    expect((await r.adapter.health()).status).toBe('healthy');
  });
});

describe('vFlow adapter: runs', () => {
  it('traces nested loops with an if inside, iteration by iteration, and rebuilds the same events from history', async () => {
    const r = await use();
    const handle = await r.adapter.startRun!({ flowId: 'wf-003', inputs: {}, trigger: 'manual' });
    const events = await collectEvents(handle.events);
    expectWellFormedRun(events, handle.runId);
    expect(events[0]).toMatchObject({ type: 'run-started', flowId: 'wf-003' });
    expect(stepEvents(events, 'step-started', 'step-005').map((e) => e.iteration)).toEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]);
    expect(stepEvents(events, 'step-finished', 'step-005').map((e) => e.outputs)).toEqual([1, 2, 3, 4, 5, 6].map((n) => ({ result: n })));
    expect(stepEvents(events, 'step-finished', 'step-007').map((e) => e.branch)).toEqual(['else', 'else', 'then', 'else', 'else', 'then']);
    expect(stepEvents(events, 'step-started', 'step-008').map((e) => e.iteration)).toEqual([[0, 2], [1, 2]]);
    expect(stepEvents(events, 'step-finished', 'step-004').map((e) => [e.iteration, e.branch])).toEqual([[[0], '3'], [[1], '3']]);
    expect(stepEvents(events, 'step-finished', 'step-003').map((e) => [e.iteration, e.branch])).toEqual([[[], '2']]);
    expect(events.filter((e) => e.type === 'log').map((e) => (e as { message: string }).message)).toContain('Counter is 6');
    const finished = events.at(-1)!;
    expect(finished).toMatchObject({ type: 'run-finished', status: 'succeeded' });
    expect((finished as { outputs: Record<string, unknown> }).outputs['step-006']).toEqual({ value: 6 });
    // A step never started before its enclosing loop, never finished after it.
    const idx = (pred: (e: TraceEvent) => boolean) => events.findIndex(pred);
    expect(idx((e) => e.type === 'step-started' && e.stepId === 'step-003')).toBeLessThan(idx((e) => e.type === 'step-started' && e.stepId === 'step-004'));
    expect(await r.adapter.getRunEvents!(handle.runId)).toEqual(events);
  });

  it('traces if / else, disabled steps as skipped, an HTTP call to 127.0.0.1, and inputs', async () => {
    const r = await use();
    const run = async (flowId: string, inputs: Record<string, unknown> = {}) => {
      const h = await r.adapter.startRun!({ flowId, inputs });
      const events = await collectEvents(h.events);
      expectWellFormedRun(events, h.runId);
      return events;
    };
    const greet = await run('wf-002', { who: 'me' });
    expect(greet[0]).toMatchObject({ type: 'run-started', inputs: { who: 'me' } });
    expect(stepEvents(greet, 'step-finished', 'step-003')[0]).toMatchObject({ branch: 'then', outputs: { result: true } });
    expect(stepEvents(greet, 'step-started', 'step-007')).toHaveLength(0);
    expect(stepEvents(greet, 'step-finished', 'step-005')[0]!.outputs).toEqual({ result: 'HELLO WORLD' });
    expect(stepEvents(greet, 'step-started', 'step-004')[0]!.inputs).toEqual({ message: 'Greeting found: hello world', level: 'info' });

    const disabled = await run('wf-004');
    expect(stepEvents(disabled, 'step-finished', 'step-003').map((e) => e.status)).toEqual(['skipped']);
    expect(stepEvents(disabled, 'step-finished', 'step-004').map((e) => e.status)).toEqual(['skipped']);
    expect(stepEvents(disabled, 'step-started', 'step-005')).toHaveLength(0);
    expect(stepEvents(disabled, 'step-finished', 'step-007').map((e) => e.status)).toEqual(['succeeded']);

    const probe = await run('wf-006');
    expect(stepEvents(probe, 'step-finished', 'step-002')[0]!.outputs).toMatchObject({ statusCode: 200 });
    expect(stepEvents(probe, 'step-finished', 'step-003')[0]!.branch).toBe('then');
  });

  it('traces a failing step and the failed run', async () => {
    const r = await use();
    const h = await r.adapter.startRun!({ flowId: 'wf-007', inputs: {} });
    const events = await collectEvents(h.events);
    expectWellFormedRun(events, h.runId);
    expect(stepEvents(events, 'step-finished', 'step-003')[0]).toMatchObject({ status: 'failed', error: { message: 'Something went wrong' } });
    expect(stepEvents(events, 'step-started', 'step-004')).toHaveLength(0);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'failed', error: { message: 'Something went wrong', stepId: 'step-003' } });
    const runs = await r.adapter.listRuns!('wf-007');
    expect(runs.items[0]).toMatchObject({ id: h.runId, status: 'failed', error: 'Something went wrong', trigger: 'manual' });
  });

  it('fails a run half-way with failExecutionMidway', async () => {
    const r = await use();
    r.server.setFaults({ failExecutionMidway: true });
    const h = await r.adapter.startRun!({ flowId: 'wf-002', inputs: {} });
    const events = await collectEvents(h.events);
    expectWellFormedRun(events, h.runId);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'failed', error: { message: 'Injected failure (failExecutionMidway)' } });
  });

  it('cancels a run, and times one out', async () => {
    const r = await use({ stepDelayMs: 10, delayScale: 1 });
    const h = await r.adapter.startRun!({ flowId: 'wf-008', inputs: {} });
    const events: TraceEvent[] = [];
    for await (const e of h.events) {
      events.push(e);
      if (e.type === 'step-started' && e.stepId === 'step-003' && e.iteration[0] === 1) await r.adapter.cancelRun!(h.runId);
    }
    expectWellFormedRun(events, h.runId);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'cancelled' });
    expect(stepEvents(events, 'step-finished', 'step-002')[0]!.status).toBe('cancelled');
    await r.adapter.cancelRun!(h.runId); // already stopped: no error
    await expectBackendError(r.adapter.cancelRun!('exec-nope'), 'not-found');
    expect(await r.adapter.getRunEvents!(h.runId)).toEqual(events);

    const timed = await startRig({ stepDelayMs: 10, delayScale: 1 }, { runTimeoutSeconds: 0.3, pollIntervalMs: 20 });
    try {
      const t = await timed.adapter.startRun!({ flowId: 'wf-008', inputs: {} });
      const ev = await collectEvents(t.events);
      expectWellFormedRun(ev, t.runId);
      expect(ev.at(-1)).toMatchObject({ type: 'run-finished', status: 'timeout', error: { code: 'timeout' } });
    } finally {
      await timed.close();
    }
  });

  it('sees every step even when polling is slower than the steps', async () => {
    const r = await use({ stepDelayMs: 5 }, { pollIntervalMs: 400 });
    const h = await r.adapter.startRun!({ flowId: 'wf-003', inputs: {} });
    const events = await collectEvents(h.events);
    expect(stepEvents(events, 'step-started', 'step-005')).toHaveLength(6);
  });

  it('in status mode, derives step events from currentStep changes', async () => {
    const r = await use({ stepDelayMs: 120 }, { stepEvents: 'status', pollIntervalMs: 15 });
    const h = await r.adapter.startRun!({ flowId: 'wf-002', inputs: {} });
    const events = await collectEvents(h.events);
    expectWellFormedRun(events, h.runId);
    const started = events.filter((e): e is Started => e.type === 'step-started').map((e) => e.stepId);
    expect(started).toEqual(['step-001', 'step-002', 'step-003', 'step-004', 'step-005', 'step-009']);
    expect(stepEvents(events, 'step-finished', 'step-005')[0]!.outputs).toEqual({ result: 'HELLO WORLD' });
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded' });
  });

  it('stops following a run when the caller aborts, without stopping the run', async () => {
    const r = await use({ stepDelayMs: 10, delayScale: 1 });
    const ctl = new AbortController();
    const h = await r.adapter.startRun!({ flowId: 'wf-008', inputs: {} }, ctl.signal);
    const seen: TraceEvent[] = [];
    await expectBackendError(
      (async () => {
        for await (const e of h.events) {
          seen.push(e);
          if (e.type === 'step-started') ctl.abort();
        }
      })(),
      'cancelled',
    );
    expect(seen[0]!.type).toBe('run-started');
    expect((await r.adapter.listRuns!('wf-008')).items[0]!.status).toBe('running');
    await r.adapter.cancelRun!(h.runId);
  });

  it('lists, filters and deletes run history', async () => {
    const r = await use();
    const ids: string[] = [];
    for (const flowId of ['wf-002', 'wf-007', 'wf-002']) {
      const h = await r.adapter.startRun!({ flowId, inputs: {} });
      await collectEvents(h.events);
      ids.push(h.runId);
    }
    const runs = await r.adapter.listRuns!('wf-002');
    expect(runs.items.map((x) => x.id)).toEqual([ids[2], ids[0]]);
    expect(runs.items[0]).toMatchObject({ flowId: 'wf-002', status: 'succeeded', trigger: 'manual' });
    expect((await r.adapter.listRuns!('wf-007', { status: 'failed' })).items).toHaveLength(1);
    expect((await r.adapter.listRuns!('wf-007', { status: 'succeeded' })).items).toHaveLength(0);
    expect((await r.adapter.listRuns!('wf-002', { limit: 1, offset: 1 })).items.map((x) => x.id)).toEqual([ids[0]]);
    await r.adapter.deleteRun!(ids[0]!);
    expect((await r.adapter.listRuns!('wf-002')).items.map((x) => x.id)).toEqual([ids[2]]);
    expect(await r.adapter.deleteRuns({ flowId: 'wf-002' })).toBe(1);
    await expectBackendError(r.adapter.getRunEvents!(ids[2]!), 'not-found');
  });
});

describe('vFlow adapter: import and export', () => {
  it('exports JSON (flow + vFlow workflow) and ZIP, imports them back with a per-file report', async () => {
    const r = await use();
    const a = r.adapter;
    const one = await a.exportFlows!(['wf-005'], 'json');
    const doc = JSON.parse(new TextDecoder().decode(one.data)) as { format: string; flow: Flow; workflow: Record<string, unknown> };
    expect(doc.format).toBe('flowbench/flow');
    expect(doc.flow.name).toBe('Unknown Fields');
    expect(doc.workflow.color).toBe('#ff8800');
    const zip = await a.exportFlows!(['wf-002', 'wf-003'], 'zip');
    expect(zip.name).toBe('workflows-export.zip');
    const entries = unzipSync(zip.data);
    expect(Object.keys(entries).sort()).toEqual(['Greeting Check.json', 'Nested Loops.json', 'manifest.json']);
    expect(JSON.parse(strFromU8(entries['Nested Loops.json']!)).workflow.id).toBe('wf-003');
    const single = await a.exportFlows!(['wf-003'], 'zip');
    expect(single.name).toBe('Nested Loops.zip');

    const original = (await a.getFlow('wf-005')).flow;
    await a.deleteFlow('wf-005');
    await a.deleteFlow('wf-002');
    await a.deleteFlow('wf-003');
    const enc = new TextEncoder();
    const files = [
      one,
      zip,
      { name: 'garbage.json', mime: 'application/json', data: enc.encode('{"nope') },
      { name: 'other.txt', mime: 'text/plain', data: enc.encode(JSON.stringify({ hello: 1 })) },
    ];
    const preview = await a.importFiles!(files, { folderId: null, dryRun: true });
    expect(preview.map((e) => e.status)).toEqual(['imported', 'imported', 'imported', 'error', 'error']);
    expect((await a.listFlows()).total).toBe(5);
    const report = await a.importFiles!(files, { folderId: null });
    expect(report.map((e) => [e.file, e.status])).toEqual([
      ['Unknown Fields.json', 'imported'],
      ['workflows-export.zip/Greeting Check.json', 'imported'],
      ['workflows-export.zip/Nested Loops.json', 'imported'],
      ['garbage.json', 'error'],
      ['other.txt', 'error'],
    ]);
    expect(report[0]!.flowId).toBe('wf-005');
    expect((await a.getFlow('wf-005')).flow).toEqual(original);
    expect((await a.getFlow('wf-003')).summary.folderId).toBeNull();
    const again = await a.importFiles!([one], { folderId: 'folder-003' });
    expect(again).toEqual([{ file: 'Unknown Fields.json', status: 'skipped', message: 'Already exists' }]);
    const over = await a.importFiles!([one], { folderId: 'folder-003', override: true } as { folderId: string });
    expect(over[0]).toMatchObject({ status: 'imported', flowId: 'wf-005' });
    expect((await a.getFlow('wf-005')).summary.folderId).toBe('folder-003');
  });

  it('imports a Flowbench flow written elsewhere (no vFlow workflow in the file)', async () => {
    const r = await use();
    const flow: Flow = {
      schemaVersion: 2, id: 'flow_elsewhere', name: 'Elsewhere', description: '', tags: [], structure: 'blocks',
      steps: { a: { id: 'a', kind: 'action', type: 'log', title: 'A', params: { message: 'x' }, position: { x: 3, y: 4 } } },
      root: ['a'], edges: [], notes: [], inputs: [], dialect: 'vflow',
    };
    const file = { name: 'e.json', mime: 'application/json', data: new TextEncoder().encode(JSON.stringify({ format: 'flowbench/flow', version: 1, flow })) };
    const report = await r.adapter.importFiles!([file], { folderId: 'folder-001' });
    expect(report).toEqual([{ file: 'e.json', status: 'imported', flowId: 'flow_elsewhere' }]);
    const got = await r.adapter.getFlow('flow_elsewhere');
    expect(got.flow).toEqual(flow);
    expect(got.summary).toMatchObject({ folderId: 'folder-001', enabled: true });
  });

  it('reports a file the server refuses', async () => {
    const r = await use({ maxUploadBytes: 2000 });
    const big = (await r.adapter.getFlow('wf-002')).flow;
    big.description = 'x'.repeat(5000);
    const file = { name: 'big.json', mime: 'application/json', data: new TextEncoder().encode(JSON.stringify({ format: 'flowbench/flow', version: 1, flow: { ...big, id: 'big', name: 'Big' } })) };
    const report = await r.adapter.importFiles!([file], { folderId: null });
    expect(report[0]).toMatchObject({ status: 'error' });
    expect(report[0]!.message).toMatch(/413|File size exceeded/);
  });
});

describe('vFlow adapter: registry factory', () => {
  it('builds from plain settings and refuses bad ones', async () => {
    const { vflowBackendFactory } = await import('./index');
    expect(() => vflowBackendFactory({})).toThrow(BackendError);
    const a = vflowBackendFactory({ baseUrl: 'http://127.0.0.1:1/api/v1', deviceName: 'x' });
    expect(a.id).toBe('vflow');
    expect(a.capabilities).toMatchObject({ versions: false, run: true, structures: ['blocks'] });
    expect(a.referenceSyntax.dialect).toBe('vflow');
  });
});
