/** HTTP-level tests of the vFlow test server: shapes, status codes, codes, headers, CORS, faults. */
import { strToU8, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startVflowServer, type VflowServer, type VflowServerOptions } from './server';

interface Envelope<T = Record<string, unknown>> {
  code: number;
  message: string;
  data: T;
  details?: Record<string, unknown>;
}

let server: VflowServer;
let token = '';

async function boot(opts: VflowServerOptions = {}): Promise<void> {
  server = await startVflowServer({ port: 0, stepDelayMs: 15, delayScale: 0.05, rateLimits: false, ...opts });
  const r = await call('POST', '/auth/token', { body: { deviceId: 'dev-1', deviceName: 'Test', timestamp: Date.now() }, auth: false });
  token = String(r.body.data.token);
}

async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  opts: { body?: unknown; auth?: boolean | string; headers?: Record<string, string>; raw?: BodyInit } = {},
): Promise<{ status: number; body: Envelope<T>; headers: Headers }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.auth !== false) headers.authorization = `Bearer ${typeof opts.auth === 'string' ? opts.auth : token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.apiUrl}${path}`, { method, headers, body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Envelope<T>, headers: res.headers };
}

async function waitFor(id: string, limitMs = 10_000): Promise<Envelope> {
  const end = Date.now() + limitMs;
  for (;;) {
    const r = await call('GET', `/executions/${id}`);
    if (r.body.data.status !== 'running' || Date.now() > end) return r.body;
    await new Promise((res) => setTimeout(res, 20));
  }
}

beforeEach(async () => {
  await boot();
});
afterEach(async () => {
  await server.close();
});

describe('vFlow test server: auth', () => {
  it('issues, verifies, refreshes and revokes tokens with the document codes', async () => {
    const t = await call('POST', '/auth/token', { body: { deviceId: 'd', deviceName: 'n' }, auth: false });
    expect(t.status).toBe(200);
    expect(t.body).toMatchObject({ code: 0, message: 'success', data: { expiresIn: 3600, tokenType: 'Bearer', deviceInfo: { brand: 'Xiaomi' } } });
    const { token: access, refreshToken } = t.body.data as { token: string; refreshToken: string };
    expect((await call('POST', '/auth/token', { body: { deviceName: 'n' }, auth: false })).body.code).toBe(1002);
    const v = await call('GET', '/auth/verify', { auth: access });
    expect(v.body.data).toMatchObject({ valid: true, deviceInfo: { apiLevel: 34 } });
    expect(Number(v.body.data.expiresAt)).toBeLessThan(1e11); // seconds, as in the document
    expect((await call('GET', '/workflows', { auth: false })).body).toMatchObject({ code: 6001 });
    expect((await call('GET', '/workflows', { auth: 'nonsense' })).status).toBe(401);
    expect((await call('GET', '/workflows', { auth: refreshToken })).body.code).toBe(6001);
    server.state.expireTokens();
    const expired = await call('GET', '/workflows', { auth: access });
    expect([expired.status, expired.body.code]).toEqual([401, 6002]);
    const refreshed = await call('POST', '/auth/refresh', { auth: refreshToken });
    expect(refreshed.body.data).toMatchObject({ expiresIn: 3600 });
    const fresh = String(refreshed.body.data.token);
    expect((await call('GET', '/workflows', { auth: fresh })).status).toBe(200);
    expect((await call('POST', '/auth/refresh', { auth: access })).status).toBe(401);
    expect((await call('POST', '/auth/revoke', { auth: fresh })).body).toEqual({ code: 0, message: 'Token revoked successfully', data: null });
    expect((await call('GET', '/workflows', { auth: fresh })).body.code).toBe(6001);
    expect((await call('POST', '/auth/refresh', { auth: refreshToken })).status).toBe(401);
  });

  it('lets the token lifetime be configured', async () => {
    await server.close();
    await boot({ tokenExpiresIn: 0.2 });
    await new Promise((r) => setTimeout(r, 250));
    expect((await call('GET', '/workflows')).body.code).toBe(6002);
  });
});

describe('vFlow test server: HTTP', () => {
  it('answers CORS preflights and puts CORS headers on every answer, errors included', async () => {
    const pre = await fetch(`${server.apiUrl}/workflows`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:4173', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:4173');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(pre.headers.get('access-control-allow-methods')).toMatch(/PUT/);
    const err = await call('GET', '/workflows/nope', { headers: { origin: 'http://127.0.0.1:4173' } });
    expect(err.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:4173');
    expect(err.headers.get('access-control-expose-headers')).toMatch(/X-RateLimit-Reset/);
    expect((await call('GET', '/nowhere')).status).toBe(404);
    expect((await call('PATCH', '/workflows')).status).toBe(405);
    const badJson = await call('POST', '/workflows', { raw: '{oops', headers: { 'content-type': 'application/json' } });
    expect([badJson.status, badJson.body.code]).toEqual([400, 1002]);
  });

  it('rate limits per endpoint type with X-RateLimit headers and 429 / 7001', async () => {
    server.setRateLimits({ query: 2, windowMs: 300 });
    const a = await call('GET', '/folders');
    expect(a.headers.get('x-ratelimit-limit')).toBe('2');
    expect(a.headers.get('x-ratelimit-remaining')).toBe('1');
    const reset = Number(a.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThan(Date.now());
    await call('GET', '/folders');
    const limited = await call('GET', '/folders');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 7001, message: 'Rate limit exceeded', data: null, details: { limit: 2, remaining: 0, resetAt: reset } });
    // Another endpoint type has its own budget.
    expect((await call('PUT', '/folders/folder-003', { body: { order: 3 } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, reset - Date.now()) + 10));
    expect((await call('GET', '/folders')).status).toBe(200);
  });

  it('injects faults through setFaults and POST /__admin/faults', async () => {
    const admin = (body: unknown) => fetch(`${server.url}/__admin/faults`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json() as Promise<Envelope>);
    expect((await admin({ status500Rate: 1 })).data).toEqual({ faults: { status500Rate: 1 } });
    const e = await call('GET', '/folders');
    expect([e.status, e.body.code, e.body.message]).toEqual([500, 9001, 'Internal server error']);
    await admin({ status503Rate: 1 });
    expect((await call('GET', '/folders')).body.code).toBe(9002);
    await admin({ forbiddenOn: '^/api/v1/folders' });
    expect((await call('GET', '/folders')).status).toBe(403);
    await admin({ dropConnectionOn: '/folders' });
    await expect(fetch(`${server.apiUrl}/folders`, { headers: { authorization: `Bearer ${token}` } })).rejects.toThrow();
    await admin({ slowMs: 120 });
    const t0 = Date.now();
    await call('GET', '/folders');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
    await admin({});
    expect((await call('GET', '/folders')).status).toBe(200);
    await fetch(`${server.url}/__admin/expire-tokens`, { method: 'POST' });
    expect((await call('GET', '/folders')).body.code).toBe(6002);
  });
});

describe('vFlow test server: workflows', () => {
  it('lists with every documented filter and the list item shape', async () => {
    const all = await call<{ workflows: Array<Record<string, unknown>>; total: number; limit: number; offset: number }>('GET', '/workflows');
    expect(all.body.data).toMatchObject({ total: 8, limit: 50, offset: 0 });
    const first = all.body.data.workflows.find((w) => w.id === '550e8400-e29b-41d4-a716-446655440000');
    expect(first).toEqual({
      id: '550e8400-e29b-41d4-a716-446655440000', name: 'Auto Reply WeChat', description: 'Automatically reply to WeChat messages', isEnabled: true, isFavorite: true,
      folderId: 'folder-001', order: 0, stepCount: 4, modifiedAt: 1704067200000, tags: ['social', 'automation'], version: '1.2.0',
      triggerConfig: { type: 'notification_received', packageName: 'com.tencent.mm' }, maxExecutionTime: 60, author: 'vFlow User', vFlowLevel: 2,
    });
    const q = async (qs: string) => (await call<{ workflows: Array<{ id: string }> }>('GET', `/workflows?${qs}`)).body.data.workflows.map((w) => w.id);
    expect(await q('folderId=folder-002')).toEqual(['wf-002', 'wf-003']);
    expect(await q('includeDisabled=false')).not.toContain('wf-005');
    expect(await q('sortBy=modifiedAt&order=desc&limit=2')).toEqual(['wf-008', 'wf-007']);
    expect(await q('sortBy=name&limit=2&offset=1')).toEqual(['550e8400-e29b-41d4-a716-446655440000', 'wf-004']);
    expect(await q('search=WECHAT')).toEqual(['550e8400-e29b-41d4-a716-446655440000']);
    expect((await q('tags=loops,network')).sort()).toEqual(['wf-003', 'wf-006']);
    expect((await call('GET', '/workflows?sortBy=color')).body.code).toBe(1002);
    expect((await call('GET', '/workflows?limit=-1')).status).toBe(400);
  });

  it('creates (201), updates, duplicates (201), enables, disables, batches and deletes', async () => {
    const created = await call('POST', '/workflows', { body: { name: 'My New Workflow', description: 'x', folderId: 'folder-001', steps: [], isEnabled: false, tags: ['automation'], maxExecutionTime: 60, triggerConfig: { type: 'manual' } } });
    expect(created.status).toBe(201);
    expect(created.body.message).toBe('Workflow created successfully');
    const id = String(created.body.data.id);
    expect((await call('GET', `/workflows/${id}`)).body.data).toMatchObject({ name: 'My New Workflow', metadata: { tags: ['automation'] }, isFavorite: false });
    expect((await call('POST', '/workflows', { body: { name: 'My New Workflow' } })).status).toBe(409);
    expect((await call('POST', '/workflows', { body: { name: 'Other', folderId: 'nope' } })).body.code).toBe(3001);
    expect((await call('POST', '/workflows', { body: { name: 'Bad step', steps: [{ id: 'a', moduleId: 'delay', indentationLevel: 0, parameters: { duration: 5 } }] } })).body.code).toBe(2002);
    expect((await call('POST', '/workflows', { body: { name: 'Open if', steps: [{ id: 'a', moduleId: 'if_condition', indentationLevel: 0, parameters: {} }] } })).body.code).toBe(1002);

    const upd = await call('PUT', `/workflows/${id}`, { body: { name: 'Renamed', color: 'red', steps: [{ id: 'step-001', moduleId: 'delay', indentationLevel: 0, parameters: { duration: { type: 'number', value: 1000 } } }] } });
    expect(upd.body).toMatchObject({ code: 0, message: 'Workflow updated successfully', data: { id } });
    expect((await call('GET', `/workflows/${id}`)).body.data).toMatchObject({ name: 'Renamed', color: 'red', description: 'x' });
    // No merge-patch rule in the document: a field sent as null is stored as null.
    await call('PUT', `/workflows/${id}`, { body: { color: null } });
    expect((await call('GET', `/workflows/${id}`)).body.data).toMatchObject({ color: null });
    expect((await call('PUT', '/workflows/nope', { body: {} })).status).toBe(404);

    const dup = await call('POST', `/workflows/${id}/duplicate`, { body: { newName: 'Copy of My Workflow', targetFolderId: 'folder-002' } });
    expect(dup.status).toBe(201);
    expect(dup.body.data).toMatchObject({ name: 'Copy of My Workflow' });
    const dup2 = await call('POST', `/workflows/${id}/duplicate`);
    expect(dup2.body.data.name).toBe('Copy of Renamed');

    expect((await call('POST', `/workflows/${id}/enable`)).body).toMatchObject({ message: 'Workflow enabled', data: { id, isEnabled: true } });
    expect((await call('POST', `/workflows/${id}/disable`)).body.data).toMatchObject({ isEnabled: false });
    const batch = await call('POST', '/workflows/batch', { body: { action: 'move', workflowIds: [id, 'nope'], targetFolderId: 'folder-003' } });
    expect(batch.body).toMatchObject({ message: 'Batch operation completed', data: { succeeded: [id], failed: ['nope'], skipped: [] } });
    expect((await call('POST', '/workflows/batch', { body: { action: 'move', workflowIds: [id] } })).status).toBe(400);
    expect((await call('POST', '/workflows/batch', { body: { action: 'explode', workflowIds: [] } })).status).toBe(400);
    const del = await call('DELETE', `/workflows/${id}`);
    expect(del.body).toMatchObject({ message: 'Workflow deleted successfully', data: { deleted: true } });
    expect((await call('DELETE', `/workflows/${id}`)).body.code).toBe(1001);
  });

  it('serves magic variables', async () => {
    const mv = await call<{ magicVariables: Array<Record<string, unknown>> }>('GET', '/workflows/wf-002/magic-variables');
    expect(mv.body.data.magicVariables).toContainEqual({ key: '{{step-005.result}}', label: '大小写转换 - 结果', type: 'string', stepId: 'step-005', stepName: '大小写转换', outputId: 'result', outputName: '结果', category: 'Steps' });
  });
});

describe('vFlow test server: execution', () => {
  it('runs asynchronously step by step: polling sees currentStep move, then outputs, variables and logs', async () => {
    const started = await call('POST', '/workflows/wf-003/execute', { body: { async: true, inputVariables: { myVar: { type: 'string', value: 'Hello World' } } } });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ message: 'Workflow execution started', data: { workflowId: 'wf-003', status: 'running' } });
    const id = String(started.body.data.executionId);
    expect(id).toMatch(/^exec-/);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const s = await call('GET', `/executions/${id}`);
      if (s.body.data.status !== 'running') break;
      const cur = s.body.data.currentStep as { id: string } | null;
      if (cur) seen.add(cur.id);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen.size).toBeGreaterThan(2);
    const done = await waitFor(id);
    expect(done.data).toMatchObject({ status: 'completed', totalSteps: 12, currentStep: null, workflowName: 'Nested Loops', error: null });
    expect((done.data.variables as Record<string, unknown>).counter).toEqual({ type: 'number', value: 6 });
    expect((done.data.variables as Record<string, unknown>).myVar).toEqual({ type: 'string', value: 'Hello World' });
    expect((done.data.outputs as Record<string, unknown>)['step-005']).toEqual({ result: { type: 'number', value: 6 } });
    expect(Number(done.data.duration)).toBeGreaterThan(0);

    const logs = await call<{ logs: Array<Record<string, unknown>>; total: number }>('GET', `/executions/${id}/logs`);
    expect(logs.body.data.logs[1]).toMatchObject({ level: 'info', stepIndex: 0, moduleId: 'trigger_manual', message: 'Starting step: trigger_manual' });
    const byStep = await call<{ logs: Array<Record<string, unknown>>; total: number }>('GET', `/executions/${id}/logs?stepIndex=4&limit=3`);
    expect(byStep.body.data.total).toBe(12);
    expect(byStep.body.data.logs).toHaveLength(3);
    expect(byStep.body.data.logs.every((l) => l.stepIndex === 4)).toBe(true);
    expect((await call<{ total: number }>('GET', `/executions/${id}/logs?level=error`)).body.data.total).toBe(0);
    expect((await call('GET', `/executions/${id}/logs?level=loud`)).status).toBe(400);
  });

  it('runs synchronously (200 with outputs; 1003 when the run fails) and refuses disabled or invalid workflows', async () => {
    const sync = await call('POST', '/workflows/wf-002/execute', { body: { async: false } });
    expect(sync.status).toBe(200);
    expect(sync.body).toMatchObject({ message: 'Workflow completed', data: { status: 'completed' } });
    expect((sync.body.data.outputs as Record<string, unknown>)['step-005']).toEqual({ result: { type: 'string', value: 'HELLO WORLD' } });
    const failed = await call('POST', '/workflows/wf-007/execute', { body: { async: false } });
    expect([failed.status, failed.body.code, failed.body.message]).toEqual([500, 1003, 'Something went wrong']);
    expect(failed.body.details).toMatchObject({ status: 'failed' });
    const disabled = await call('POST', '/workflows/wf-005/execute');
    expect([disabled.status, disabled.body.code]).toEqual([409, 1003]);
    expect((await call('POST', '/workflows/nope/execute')).status).toBe(404);
    await call('PUT', '/workflows/wf-002', { body: { steps: [{ id: 'a', moduleId: 'log', indentationLevel: 0, parameters: {} }] } });
    const invalid = await call('POST', '/workflows/wf-002/execute');
    expect([invalid.status, invalid.body.code]).toEqual([422, 2002]);
  });

  it('stops (200, then 409 / 5002), times out, and keeps and deletes history', async () => {
    await server.close();
    await boot({ stepDelayMs: 10, delayScale: 1 });
    const a = String((await call('POST', '/workflows/wf-008/execute')).body.data.executionId);
    await new Promise((r) => setTimeout(r, 80));
    const stop = await call('POST', `/executions/${a}/stop`);
    expect(stop.body).toMatchObject({ message: 'Execution stopped', data: { executionId: a, status: 'cancelled' } });
    expect((await call('GET', `/executions/${a}`)).body.data.status).toBe('cancelled');
    expect((await call('POST', `/executions/${a}/stop`)).body.code).toBe(5002);
    expect((await call('POST', '/executions/nope/stop')).body.code).toBe(5001);
    const b = String((await call('POST', '/workflows/wf-008/execute', { body: { timeout: 0.2 } })).body.data.executionId);
    expect((await waitFor(b)).data).toMatchObject({ status: 'timeout', error: 'Execution exceeded max execution time' });
    const c = String((await call('POST', '/workflows/wf-002/execute')).body.data.executionId);
    await waitFor(c);

    const list = await call<{ executions: Array<Record<string, unknown>>; total: number }>('GET', '/executions');
    expect(list.body.data.executions.map((e) => e.executionId)).toEqual([c, b, a]);
    expect(list.body.data.executions[0]).toMatchObject({ workflowId: 'wf-002', workflowName: 'Greeting Check', status: 'completed', triggeredBy: 'manual' });
    expect((await call<{ total: number }>('GET', '/executions?workflowId=wf-008&status=timeout')).body.data.total).toBe(1);
    expect((await call<{ total: number }>(`GET`, `/executions?startDate=${Date.now() + 60_000}`)).body.data.total).toBe(0);
    expect((await call('DELETE', '/executions')).status).toBe(400);
    expect((await call('DELETE', `/executions?executionId=${a}`)).body.data).toEqual({ deletedCount: 1 });
    expect((await call('DELETE', `/executions?executionId=${a}`)).body.code).toBe(5001);
    expect((await call('DELETE', '/executions?workflowId=wf-008')).body.data).toEqual({ deletedCount: 1 });
    expect((await call('DELETE', `/executions?olderThan=${Date.now() + 1}`)).body.data).toEqual({ deletedCount: 1 });
    expect((await call('GET', `/executions/${c}`)).body.code).toBe(5001);
  });
});

describe('vFlow test server: modules, folders, import/export, system', () => {
  it('serves categories, modules (filters), module detail and input-schema', async () => {
    expect(((await call<{ categories: unknown[] }>('GET', '/modules/categories')).body.data.categories)).toHaveLength(8);
    const logic = await call<{ modules: Array<{ id: string }> }>('GET', '/modules?category=logic');
    expect(logic.body.data.modules.map((m) => m.id)).toEqual(['if_condition', 'else', 'endif', 'loop', 'endloop', 'throw_error']);
    expect((await call<{ modules: Array<{ id: string }> }>('GET', '/modules?search=http')).body.data.modules.map((m) => m.id)).toEqual(['http_request']);
    const http = await call('GET', '/modules/http_request');
    expect(http.body.data).toMatchObject({ id: 'http_request', metadata: { helpUrl: 'https://docs.vflow.app/modules/http-request' }, blockBehavior: { blockType: 'none' } });
    expect((http.body.data.inputs as unknown[]).length).toBe(5);
    expect((await call<{ schema: Array<{ key: string }> }>('GET', '/modules/http_request/input-schema')).body.data.schema.map((s) => s.key)).toEqual(['url', 'method', 'timeout', 'headers']);
    expect((await call('GET', '/modules/nope')).body.code).toBe(2001);
    expect((await call('GET', '/modules/nope/input-schema')).status).toBe(404);
  });

  it('manages folders: parentId filter, detail, 201, 404, 409, and delete with 400 / 3002 when not empty', async () => {
    const children = await call<{ folders: Array<{ id: string }> }>('GET', '/folders?parentId=folder-001');
    expect(children.body.data.folders.map((f) => f.id)).toEqual(['folder-002']);
    const detail = await call('GET', '/folders/folder-002');
    expect(detail.body.data).toMatchObject({ workflowCount: 2, subfolderCount: 1, subfolders: [{ id: 'folder-004', name: 'Nightly', order: 0 }] });
    const created = await call('POST', '/folders', { body: { name: 'New Folder', parentId: 'folder-001', order: 0 } });
    expect(created.status).toBe(201);
    expect((await call('POST', '/folders', { body: { name: 'New Folder', parentId: 'folder-001' } })).status).toBe(409);
    expect((await call('POST', '/folders', { body: { name: 'X', parentId: 'nope' } })).body.code).toBe(3001);
    expect((await call('POST', '/folders', { body: { name: '' } })).status).toBe(400);
    const notEmpty = await call('DELETE', '/folders/folder-002');
    expect([notEmpty.status, notEmpty.body.code]).toEqual([400, 3002]);
    // moveWorkflowsTo moves workflows; the subfolder (folder-004, with its 2 workflows) goes with the folder.
    const moved = await call('DELETE', '/folders/folder-002?moveWorkflowsTo=folder-003');
    expect(moved.body.data).toMatchObject({ deleted: true, workflowsMoved: 2, workflowsDeleted: 2 });
    expect((await call('GET', '/folders/folder-004')).status).toBe(404);
    const gone = await call('DELETE', '/folders/folder-003?deleteWorkflows=true');
    expect(gone.body.data).toMatchObject({ workflowsDeleted: 4 });
    expect((await call('GET', '/folders/folder-004')).body.code).toBe(3001);
  });

  it('exports JSON and ZIP, imports JSON and ZIP (multipart) with skipped / errors, 8001 and 413 / 8002', async () => {
    const json = await call('GET', '/workflows/wf-002/export?format=json&includeSteps=false');
    expect(json.body.data).toMatchObject({ format: 'json', workflow: { id: 'wf-002' } });
    expect('steps' in (json.body.data.workflow as object)).toBe(false);
    const zipRes = await fetch(`${server.apiUrl}/workflows/wf-002/export?format=zip`, { headers: { authorization: `Bearer ${token}` } });
    expect(zipRes.headers.get('content-type')).toBe('application/zip');
    expect(zipRes.headers.get('content-disposition')).toBe('attachment; filename="Greeting Check.zip"');
    const batchZip = await fetch(`${server.apiUrl}/workflows/export-batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ workflowIds: ['wf-002', 'wf-003'], format: 'zip', includeSteps: true }),
    });
    expect(batchZip.headers.get('content-disposition')).toBe('attachment; filename="workflows-export.zip"');

    const upload = (path: string, name: string, data: Uint8Array | string, fields: Record<string, string> = {}) => {
      const form = new FormData();
      form.append('file', new Blob([data as BlobPart]), name);
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      return call(path === 'one' ? 'POST' : 'POST', path === 'one' ? '/workflows/import' : '/workflows/import-batch', { raw: form });
    };
    const exported = JSON.stringify(json.body.data);
    const skipped = await upload('one', 'g.json', exported);
    expect(skipped.body.data).toMatchObject({ imported: [], skipped: [{ name: 'Greeting Check', reason: 'Already exists' }], total: 1 });
    const overridden = await upload('one', 'g.json', exported, { override: 'true', folderId: 'folder-003' });
    expect(overridden.body).toMatchObject({ message: 'Workflow imported successfully', data: { imported: [{ workflowId: 'wf-002', name: 'Greeting Check' }] } });
    expect((await call('GET', '/workflows/wf-002')).body.data.folderId).toBe('folder-003');
    const zip = zipSync({
      'workflow1.json': strToU8(JSON.stringify({ workflow: { name: 'Workflow 1', steps: [] } })),
      'workflow2.json': strToU8(JSON.stringify({ name: 'Workflow 2', steps: [] })),
      'workflow3.json': strToU8(JSON.stringify({ workflow: { name: 'Greeting Check', steps: [] } })),
      'workflow4.json': strToU8('{not json'),
    });
    const batch = await upload('batch', 'all.zip', zip);
    expect(batch.body).toMatchObject({
      message: 'Batch import completed',
      data: {
        skipped: [{ name: 'Greeting Check', reason: 'Already exists' }],
        errors: [{ filename: 'workflow4.json', error: 'Invalid JSON format' }],
        total: 4, importedCount: 2, skippedCount: 1, errorCount: 1,
      },
    });
    const bad = await upload('one', 'x.bin', 'hello');
    expect([bad.status, bad.body.code]).toEqual([400, 8001]);
    expect((await upload('batch', 'x.json', exported)).body.code).toBe(8001);
    await server.close();
    await boot({ maxUploadBytes: 100 });
    const big = await upload('one', 'big.json', 'x'.repeat(500));
    expect([big.status, big.body.code]).toEqual([413, 8002]);
  });

  it('serves device info, stats and health (health without a token)', async () => {
    expect((await call('GET', '/system/info')).body.data).toMatchObject({ device: { sdkVersion: '1.0.0' }, capabilities: { hasShizuku: true }, server: { version: '1.0.0' } });
    const id = String((await call('POST', '/workflows/wf-002/execute')).body.data.executionId);
    await waitFor(id);
    expect((await call('GET', '/system/stats?period=all')).body.data).toMatchObject({ workflowCount: 8, totalExecutions: 1, successfulExecutions: 1, successRate: 1, topWorkflows: [{ workflowId: 'wf-002', executionCount: 1 }] });
    expect((await call('GET', '/system/stats?period=decade')).status).toBe(400);
    expect((await call('GET', '/system/health', { auth: false })).body).toMatchObject({ code: 0, message: 'healthy', data: { status: 'healthy' } });
  });
});
