import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startViasocketServer, TEST_TOKEN, type ViasocketServer } from './server';

// The test reads answers field by field; a loose type keeps that short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

let server: ViasocketServer;
beforeEach(async () => {
  server = await startViasocketServer({ delayScale: 0.001, stepTimeoutMs: 300 });
});
afterEach(async () => {
  await server.close();
});

async function call(method: string, path: string, body?: unknown, opts: { run?: boolean; token?: string | null } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token !== null) headers.proxy_auth_token = opts.token ?? TEST_TOKEN;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${opts.run ? server.runUrl : server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Loose) : undefined };
}

async function newScript(title = 'Flow') {
  const r = await call('POST', '/projects/proj54490/scripts', { title, type: 'flow' });
  expect(r.status).toBe(200);
  return r.body.data.id as string;
}

describe('viaSocket test server', () => {
  it('needs the proxy_auth_token header, and says when it expired', async () => {
    expect((await call('GET', '/orgs/user-org/details', undefined, { token: null })).status).toBe(401);
    expect((await call('GET', '/orgs/user-org/details', undefined, { token: 'nope' })).body).toEqual({ success: false, message: 'Unauthorized' });
    const details = await call('GET', '/orgs/user-org/details');
    expect(details.body.data).toMatchObject({ id: 54490, user_id: 78404 });
    server.setFaults({ expireToken: true });
    expect(await call('GET', '/orgs/user-org/details')).toEqual({ status: 401, body: { success: false, message: 'Token expired' } });
  });

  it('creates a script with a scri id and lists it under its project', async () => {
    const id = await newScript('Hello');
    expect(id).toMatch(/^scri[A-Za-z0-9]{8}$/);
    const projects = await call('GET', '/orgs/54490/projects?type=flow&bringflows=true');
    const main = projects.body.data.find((p: Loose) => p.id === 'proj54490');
    expect(main.flows.map((f: Loose) => f.title)).toEqual(['Hello']);
    const got = await call('GET', `/projects/proj54490/scripts/${id}?type=flow`);
    expect(got.body.data.json_script).toMatchObject({ identifier: id, order: { root: [] } });
  });

  it('creates steps by POST stepv2, updates and deletes them by title, refuses long or short stepIds', async () => {
    const id = await newScript();
    const bad = await call('POST', `/scripts/proj54490/${id}/stepv2`, { type: 'function', title: 'JS_Code', orderGroup: 'root', position: 0, stepId: 'funcTooLong12345' });
    expect(bad).toEqual({ status: 400, body: { success: false, message: 'value too long for type character varying(12)' } });
    expect((await call('POST', `/scripts/proj54490/${id}/stepv2`, { type: 'function', title: 'JS_Code', orderGroup: 'root', position: 0, stepId: 'funcuwdWpIHH' })).status).toBe(200);
    expect((await call('POST', `/scripts/proj54490/${id}/stepv2`, { type: 'function', title: 'JS_Code', orderGroup: 'root', position: 1, stepId: 'funcuwdWpIHI' })).body.message).toMatch(/already exists/);
    const put = await call('PUT', `/scripts/${id}/stepv2/JS_Code`, { type: 'function', code: 'return 1;', org_id: '54490', project_id: 'proj54490', calculateDetailedVariables: false, auth_id: null, action_id: null, stepId: 'funcuwdWpIHH', dynamicVariables: {}, title: 'Renamed' });
    expect(put.status).toBe(200);
    const fns = await call('GET', `/scripts/${id}/functions/`);
    expect(fns.body.data).toMatchObject([{ id: 'funcuwdWpIHH', title: 'Renamed', code: 'return 1;' }]);
    expect((await call('GET', `/scripts/${id}/functions/short`)).body.message).toBe('"identifier" length must be at least 12 characters long');
    expect((await call('DELETE', `/scripts/${id}/stepv2/JS_Code`)).status).toBe(404);
    expect((await call('DELETE', `/scripts/${id}/stepv2/Renamed`)).status).toBe(200);
  });

  it('answers the routes the seed found missing with "Route does not exist"', async () => {
    const id = await newScript();
    for (const [method, path] of [['DELETE', `/projects/proj54490/scripts/${id}/delete`], ['POST', `/scripts/${id}/reorder`], ['PUT', `/scripts/${id}/step/funcuwdWpIHH/status`]] as const) {
      expect(await call(method, path, {})).toEqual({ status: 404, body: { success: false, message: 'Route does not exist' } });
    }
  });

  it('publishes (201), reverts only with a JSON body (411 without), deletes by pausing first', async () => {
    const id = await newScript('Original');
    expect(await call('PUT', `/projects/proj54490/scripts/${id}/publish`)).toEqual({ status: 201, body: 'Flow published successfully' });
    await call('PUT', `/projects/proj54490/scripts/${id}`, { title: 'Edited' });
    expect((await call('PUT', `/projects/proj54490/scripts/${id}/revert`)).status).toBe(411);
    expect((await call('PUT', `/projects/proj54490/scripts/${id}/revert`, {})).body.data).toBe('successfully reverted the Flow');
    expect((await call('GET', `/projects/proj54490/scripts/${id}`)).body.data.title).toBe('Original');
    expect((await call('PUT', `/scripts/${id}/status`, { status: 0 })).status).toBe(400);
    await call('PUT', `/scripts/${id}/status`, { status: 3 });
    await call('PUT', `/scripts/${id}/status`, { status: 0 });
    expect((await call('GET', `/projects/proj54490/scripts/${id}`)).status).toBe(404);
  });

  it('dry-runs the draft for real: function code in a vm, ifBlock branches, plugin templates, logs', async () => {
    const id = await newScript();
    const step = (body: object) => call('POST', `/scripts/proj54490/${id}/stepv2`, body);
    await step({ type: 'function', title: 'Double', orderGroup: 'root', position: 0, stepId: 'funcDouble01' });
    await call('PUT', `/scripts/${id}/stepv2/Double`, { type: 'function', code: 'console.log("doubling"); return { data: { n: context.req.body.n * 2 } };', stepId: 'funcDouble01' });
    await step({ type: 'ifBlock', title: 'Big', orderGroup: 'root', position: 1, stepId: 'funcBig00001' });
    await call('PUT', `/scripts/${id}/stepv2/Big`, { type: 'ifBlock', code: 'context.res.Double.data.n > 5', stepId: 'funcBig00001' });
    await step({ type: 'plugin', title: 'Tell', orderGroup: 'Big', position: 0, stepId: 'funcTell0001', actionId: 'rowslk0send1' });
    await call('PUT', `/scripts/${id}/stepv2/Tell`, { type: 'plugin', code: { type: 'action', source: '' }, stepId: 'funcTell0001', dynamicVariables: { channel: '#general', text: 'n is ${context.res.Double?.data?.n}', '_text-Type': 'string' } });
    await step({ type: 'function', title: 'Small', orderGroup: 'Big_else', position: 0, stepId: 'funcSmall001' });
    const r = await call('POST', `/func/${id}/test`, { n: 4 }, { run: true });
    expect(r.body.data.status).toBe('success');
    expect(r.body.data.steps.map((s: Loose) => [s.title, s.status, s.branch])).toEqual([['Double', 'success', undefined], ['Big', 'success', 'then'], ['Tell', 'success', undefined]]);
    expect(r.body.data.steps[0].logs).toEqual(['doubling']);
    expect(r.body.data.steps[2].data).toEqual({ data: { ok: true, channel: '#general', text: 'n is 8' } });
    const small = await call('POST', `/func/${id}/test`, { n: 1 }, { run: true });
    expect(small.body.data.steps.map((s: Loose) => s.title)).toEqual(['Double', 'Big', 'Small']);
    const logs = await call('GET', `/logs/projectid/proj54490/scriptid/${id}?page=1&limit=1&key=&search=scriptId&advanced=false&filter={}&inProject=false&getCount=true`);
    expect(logs.body.data.total).toBe(2);
    expect(logs.body.data.data[0].id).toBe(small.body.data.id);
    expect(logs.body.data.data[0].isDryRun).toBe(true);
    // Not published: the webhook refuses.
    expect((await call('POST', `/func/${id}`, {}, { run: true })).status).toBe(404);
  });

  it('stops a function that runs past the time limit', async () => {
    const id = await newScript();
    await call('POST', `/scripts/proj54490/${id}/stepv2`, { type: 'function', title: 'Spin', orderGroup: 'root', position: 0, stepId: 'funcSpin0001' });
    await call('PUT', `/scripts/${id}/stepv2/Spin`, { type: 'function', code: 'while (true) {}', stepId: 'funcSpin0001' });
    const r = await call('POST', `/func/${id}/test`, {}, { run: true });
    expect(r.body.data.status).toBe('failed');
    expect(r.body.data.steps[0].error).toMatch(/timed out/);
  });

  it('injects faults: the n-th matching call fails, a cut response', async () => {
    const id = await newScript();
    server.setFaults({ status500On: '^POST /scripts/', status500After: 1 });
    expect((await call('POST', `/scripts/proj54490/${id}/stepv2`, { type: 'function', title: 'A', orderGroup: 'root', position: 0, stepId: 'funcAAAAAAAA' })).status).toBe(200);
    expect((await call('POST', `/scripts/proj54490/${id}/stepv2`, { type: 'function', title: 'B', orderGroup: 'root', position: 1, stepId: 'funcBBBBBBBB' })).status).toBe(500);
    server.setFaults({ cutOn: '^GET /projects/' });
    await expect(call('GET', `/projects/proj54490/scripts/${id}`)).rejects.toThrow();
  });

  it('serves the DbDash catalog: search needs fields[], actions of a plugin, action detail with its code template', async () => {
    expect((await call('GET', '/dbdash/getplugin?query=slack')).body.data.length).toBeGreaterThan(1);
    const found = await call('GET', '/dbdash/getplugin?query=slack&fields[]=name&fields[]=rowid&fields[]=domain&fields[]=iconurl');
    expect(found.body.data).toEqual([{ name: 'Slack', rowid: 'rowbu58rc', domain: 'slack.com', iconurl: expect.any(String) }]);
    const actions = await call('GET', '/dbdash/getpluginbyplugid/action?pluginrecordid=rowqm5xi2&type=action&status=published');
    expect(actions.body.data.map((a: Loose) => a.rowid)).toEqual(['rowlpijbo5k1']);
    const detail = await call('GET', '/dbdash/getpluginbyplugid/action?rowid=rowlpijbo5k1');
    expect(detail.body.data[0].code).toContain('return');
    expect((await call('GET', '/authtoken/authvalid/auth2HvM1Tij_rowqm5xi2')).body.data).toEqual({ valid: true });
  });
});
