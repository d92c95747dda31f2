import { strFromU8, unzipSync } from 'fflate';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startSkillflawRig, type SkillflawTestRig } from '../../../server/skillflaw/test-rig';
import { expectBackendError, expectWellFormedRun } from '../contract/contract-suite';
import type { Flow } from '../../model/flow';
import type { TraceEvent } from '../trace';
import { BackendError } from '../types';
import { createSkillflawAdapter, type SkillflawRunRequest } from './adapter';
import basicPrompting from './fixtures/basic-prompting.json';
import documentQa from './fixtures/document-qa.json';
import memoryChatbot from './fixtures/memory-chatbot.json';
import { toFlow } from './mapping';

type Rec = Record<string, unknown>;
let rig: SkillflawTestRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

function fixtureFlow(row: unknown, name = `Flow ${Math.random().toString(36).slice(2, 7)}`): Flow {
  const r = row as Rec & { data: Rec };
  return toFlow({ id: crypto.randomUUID(), name, description: String(r.description), tags: [], data: structuredClone(r.data) });
}

async function collect(events: AsyncIterable<TraceEvent>): Promise<TraceEvent[]> {
  const out: TraceEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

async function build(flow: Flow, inputs: Rec = { input_value: 'hello there' }, extra: Partial<SkillflawRunRequest> = {}) {
  const handle = await rig!.adapter.startRun({ flowId: flow.id, inputs, trigger: 'manual', ...extra });
  const events = await collect(handle.events);
  expectWellFormedRun(events, handle.runId);
  return { runId: handle.runId, events, finished: events.at(-1) as Extract<TraceEvent, { type: 'run-finished' }> };
}

const finishedOf = (events: TraceEvent[], stepId: string) => events.find((e): e is Extract<TraceEvent, { type: 'step-finished' }> => e.type === 'step-finished' && e.stepId === stepId);

describe('SkillFlaw adapter: connection', () => {
  it('signs in with the password form, and reports a wrong password with the server message', async () => {
    rig = await startSkillflawRig();
    expect((await rig.adapter.listFlows()).total).toBe(0);
    expect(rig.calls[0]).toMatchObject({ method: 'POST', url: `${rig.server.url}/api/v1/login`, status: 200 });
    const wrong = createSkillflawAdapter({ baseUrl: rig.server.url, auth: { mode: 'password', username: 'skillflaw', password: 'nope' } });
    const err = await expectBackendError(wrong.listFlows(), 'unauthorized');
    expect(err.serverMessage).toBe('Incorrect username or password');
  });

  it('uses an API key in x-api-key', async () => {
    rig = await startSkillflawRig();
    const user = rig.server.store.userByName('skillflaw')!;
    const key = rig.server.store.createApiKey(user.id, 'tests').api_key;
    const seen: string[] = [];
    const a = createSkillflawAdapter({
      baseUrl: rig.server.url,
      auth: { mode: 'api-key', apiKey: key },
      fetch: (u, init) => {
        seen.push(new Headers(init?.headers).get('x-api-key') ?? '');
        return fetch(u, init);
      },
    });
    expect((await a.listModules()).length).toBe(15);
    expect(seen).toEqual([key]);
    const bad = createSkillflawAdapter({ baseUrl: rig.server.url, auth: { mode: 'api-key', apiKey: 'sk-wrong' } });
    expect((await expectBackendError(bad.listModules(), 'forbidden')).serverMessage).toBe('Invalid or missing API key');
  });

  it('auto-login where the server allows it, a clear error where it does not', async () => {
    rig = await startSkillflawRig({ autoLogin: true });
    const a = createSkillflawAdapter({ baseUrl: rig.server.url, auth: { mode: 'auto' } });
    expect((await a.listFolders()).length).toBe(0);
    await rig.close();
    rig = await startSkillflawRig();
    const b = createSkillflawAdapter({ baseUrl: rig.server.url, auth: { mode: 'auto' } });
    const err = await expectBackendError(b.listFolders(), 'invalid');
    expect(err.serverMessage).toContain('Auto login is disabled');
  });

  it('refreshes an expired token once and carries on', async () => {
    rig = await startSkillflawRig();
    await rig.adapter.listFlows();
    rig.server.store.accessTokens.clear();
    await rig.adapter.listFlows();
    const paths = rig.calls.map((c) => `${c.method} ${new URL(c.url).pathname} ${c.status}`);
    expect(paths).toEqual(['POST /api/v1/login 200', 'GET /api/v1/flows/ 200', 'GET /api/v1/flows/ 401', 'POST /api/v1/refresh 200', 'GET /api/v1/flows/ 200']);
  });

  it('in a browser, refreshes through the cookie jar: credentialed sign-in and refresh, never a Cookie header of its own', async () => {
    // What a browser does with `credentials: 'include'`: keeps the Set-Cookie of the answer, sends it back.
    const jar = new Map<string, string>();
    const sent: Array<{ path: string; credentials?: RequestCredentials; cookie: boolean }> = [];
    const browserFetch = async (input: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      sent.push({ path: new URL(input).pathname, credentials: init.credentials, cookie: headers.has('cookie') });
      if (init.credentials === 'include' && jar.size > 0) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
      const res = await fetch(input, { ...init, headers });
      if (init.credentials === 'include')
        for (const c of res.headers.getSetCookie()) {
          const [pair] = c.split(';');
          const [k, v] = pair!.split('=');
          jar.set(k!, v!);
        }
      return res;
    };
    rig = await startSkillflawRig({}, { fetch: browserFetch, refreshCookie: 'browser' });
    await rig.adapter.listFlows();
    rig.server.expireAccessTokens();
    await rig.adapter.listFlows();
    expect(rig.server.authCounts).toEqual({ logins: 1, refreshes: 1 });
    expect(sent.filter((s) => s.credentials === 'include').map((s) => s.path)).toEqual(['/api/v1/login', '/api/v1/refresh']);
    expect(sent.some((s) => s.cookie)).toBe(false);
  });

  it('maps FastAPI errors: 422 field list, 500, 429 with retry, malformed bodies', async () => {
    rig = await startSkillflawRig();
    const invalid = await expectBackendError(rig.adapter.client.json('createFlow', { body: { description: 'no name' } }), 'invalid');
    expect(invalid.serverMessage).toBe('body.name: Field required');
    expect((invalid.details as { server: unknown[] }).server[0]).toMatchObject({ type: 'missing', loc: ['body', 'name'] });
    rig.server.setFaults({ status500On: '^/flows/$' });
    expect((await expectBackendError(rig.adapter.listFlows(), 'internal')).serverMessage).toBe('Internal Server Error');
    rig.server.setFaults({ status429On: '^/all$' });
    const limited = await expectBackendError(rig.adapter.listModules(), 'rate-limited');
    expect(limited.retryable).toBe(true);
    expect((limited.details as { retryAfterMs: number }).retryAfterMs).toBe(1000);
    rig.server.setFaults({});
    const odd = createSkillflawAdapter({
      baseUrl: rig.server.url,
      auth: { mode: 'password', username: 'skillflaw', password: 'skillflaw' },
      fetch: async (u, init) => (u.endsWith('/api/v1/all') ? new Response('{"inputs": {"ChatInput": 3}}', { headers: { 'content-type': 'application/json' } }) : fetch(u, init)),
    });
    await expectBackendError(odd.listModules(), 'internal');
  });

  it('refuses unknown path overrides, and follows valid ones', async () => {
    expect(() => createSkillflawAdapter({ baseUrl: 'http://127.0.0.1:1', auth: { mode: 'auto' }, paths: '{"nope": "GET /x"}' })).toThrow(BackendError);
    rig = await startSkillflawRig({}, { paths: { allTypes: 'GET /api/v1/all?force_refresh=true' } });
    await rig.adapter.listModules();
    expect(rig.calls.some((c) => c.url.endsWith('/api/v1/all?force_refresh=true'))).toBe(true);
  });
});

describe('SkillFlaw adapter: flows', () => {
  it('stores an unchanged starter flow byte-identically through save and get', async () => {
    rig = await startSkillflawRig();
    const flow = fixtureFlow(documentQa);
    const saved = await rig.adapter.saveFlow({ flow, baseRevision: null });
    expect(JSON.stringify(rig.server.store.flows.get(flow.id)!.data)).toBe(JSON.stringify((documentQa as Rec).data));
    const got = await rig.adapter.getFlow(flow.id);
    await rig.adapter.saveFlow({ flow: got.flow, baseRevision: saved.summary.revision });
    expect(JSON.stringify(rig.server.store.flows.get(flow.id)!.data)).toBe(JSON.stringify((documentQa as Rec).data));
  });

  it('a save after someone else changed the flow is a conflict with the server copy', async () => {
    rig = await startSkillflawRig();
    const saved = await rig.adapter.saveFlow({ flow: fixtureFlow(basicPrompting), baseRevision: null });
    rig.server.touchFlow(saved.flow.id, { name: 'Renamed elsewhere' });
    const err = await expectBackendError(rig.adapter.saveFlow({ flow: { ...saved.flow, description: 'mine' }, baseRevision: saved.summary.revision }), 'conflict');
    expect(err.serverMessage).toContain('last_known_updated_at');
    expect(err.current?.flow.name).toBe('Renamed elsewhere');
  });

  it('a prompt variable added in the editor becomes a field and a typed input port', async () => {
    rig = await startSkillflawRig();
    const saved = await rig.adapter.saveFlow({ flow: fixtureFlow(basicPrompting), baseRevision: null });
    const flow = structuredClone(saved.flow);
    flow.steps['Prompt-3SM2g']!.params.template = 'You are {persona}. Answer {question}.';
    const again = await rig.adapter.saveFlow({ flow, baseRevision: saved.summary.revision });
    const inputs = again.flow.steps['Prompt-3SM2g']!.ports!.inputs;
    expect(inputs.filter((p) => p.id === 'persona' || p.id === 'question').map((p) => p.types)).toEqual([['Message'], ['Message']]);
  });

  it('downloads a project as a ZIP and uploads it again as a new project', async () => {
    rig = await startSkillflawRig();
    const folder = await rig.adapter.createFolder('Team', null);
    await rig.adapter.saveFlow({ flow: fixtureFlow(basicPrompting, 'One'), baseRevision: null, folderId: folder.id });
    await rig.adapter.saveFlow({ flow: fixtureFlow(memoryChatbot, 'Two'), baseRevision: null, folderId: folder.id });
    const zip = await rig.adapter.downloadProject(folder.id);
    expect(Object.keys(unzipSync(zip.data)).sort()).toEqual(['One.json', 'Two.json']);
    expect(JSON.parse(strFromU8(unzipSync(zip.data)['One.json']!)).data).toEqual((basicPrompting as Rec).data);
    const uploaded = await rig.adapter.uploadProject(zip);
    expect(uploaded.map((s) => s.flow.name).sort()).toEqual(['One (1)', 'Two (1)']);
    const folders = await rig.adapter.listFolders();
    expect(folders).toHaveLength(2);
    expect(new Set(uploaded.map((s) => s.summary.folderId))).toEqual(new Set([folders.find((f) => f.id !== folder.id)!.id]));
  });
});

describe('SkillFlaw adapter: builds', () => {
  it('streams tokens into the model step and folds them into its output', async () => {
    rig = await startSkillflawRig();
    const flow = fixtureFlow(basicPrompting);
    await rig.adapter.saveFlow({ flow, baseRevision: null });
    const { events, finished } = await build(flow);
    expect(finished.status).toBe('succeeded');
    const chunks = events.filter((e): e is Extract<TraceEvent, { type: 'step-chunk' }> => e.type === 'step-chunk');
    expect(chunks.length).toBeGreaterThan(2);
    expect(new Set(chunks.map((c) => c.stepId))).toEqual(new Set(['DeterministicModel-OcXkl']));
    const answer = '[Answer the user as if you were a GenAI expert, enthusiastic about helping them get started building something fresh.] echo-small heard: hello there';
    expect(chunks.map((c) => c.text).join('')).toBe(answer);
    const model = finishedOf(events, 'DeterministicModel-OcXkl')!;
    expect(model).toMatchObject({ status: 'succeeded', outputs: { text_output: answer }, ports: ['text_output', 'model_output'], metadata: { tokens: chunks.length } });
    expect(finishedOf(events, 'ChatOutput-gDYiJ')!.outputs).toMatchObject({ chat: [{ sender: 'AI', text: answer }] });
    expect(finished.outputs).toEqual({ message: answer });
    // Steps start in topological order.
    const order = events.filter((e) => e.type === 'step-started').map((e) => (e as { stepId: string }).stepId);
    expect(order.indexOf('ChatInput-jFwUm')).toBeLessThan(order.indexOf('DeterministicModel-OcXkl'));
    expect(order.indexOf('DeterministicModel-OcXkl')).toBeLessThan(order.indexOf('ChatOutput-gDYiJ'));
  });

  for (const delivery of ['polling', 'direct'] as const) {
    it(`reads the same build with ${delivery} delivery`, async () => {
      rig = await startSkillflawRig({}, { eventDelivery: delivery });
      const flow = fixtureFlow(basicPrompting);
      await rig.adapter.saveFlow({ flow, baseRevision: null });
      const { events, finished } = await build(flow);
      expect(finished.status).toBe('succeeded');
      expect(finishedOf(events, 'ChatOutput-gDYiJ')?.status).toBe('succeeded');
      expect(rig.calls.some((c) => c.url.includes(`event_delivery=${delivery}`))).toBe(true);
    });
  }

  it('a failing component fails its step and the run with the server message', async () => {
    rig = await startSkillflawRig();
    const flow = fixtureFlow(documentQa);
    flow.steps['File-x4A0L']!.params.path = 'docs/missing.txt';
    await rig.adapter.saveFlow({ flow, baseRevision: null });
    const { events, finished } = await build(flow);
    expect(finishedOf(events, 'File-x4A0L')).toMatchObject({ status: 'failed', error: { message: 'File not found: docs/missing.txt' } });
    expect(finished).toMatchObject({ status: 'failed', error: { message: 'File not found: docs/missing.txt', stepId: 'File-x4A0L' } });
    expect(finishedOf(events, 'ChatOutput-eY3pe')).toBeUndefined();
  });

  it('an injected failure and a stream cut mid-build end the run failed, never hanging', async () => {
    rig = await startSkillflawRig();
    const flow = fixtureFlow(basicPrompting);
    await rig.adapter.saveFlow({ flow, baseRevision: null });
    rig.server.setFaults({ failVertices: ['DeterministicModel'] });
    const failed = await build(flow);
    expect(failed.finished.error).toMatchObject({ stepId: 'DeterministicModel-OcXkl', message: 'Injected failure in Deterministic Model' });
    rig.server.setFaults({ cutStreamAfter: 4 });
    const cut = await build(flow);
    expect(cut.finished.status).toBe('failed');
    expect(cut.finished.error?.message).toMatch(/connection was cut|could not reach/i);
    expect(cut.finished.error?.code).toBe('network');
  });

  it('a router fires one output; the branch not taken is skipped', async () => {
    rig = await startSkillflawRig();
    const flow = fixtureFlow(basicPrompting);
    // Chat Input -> If-Else (contains "hello") -> true: model, false: Text Output.
    flow.steps.router = { id: 'router', kind: 'action', type: 'ConditionalRouter', title: 'If-Else', params: { match_text: 'hello', operator: 'contains' }, position: { x: 900, y: 600 } };
    flow.steps.other = { id: 'other', kind: 'action', type: 'TextOutput', title: 'Other', params: {}, position: { x: 1200, y: 300 } };
    flow.root.push('router', 'other');
    flow.edges = flow.edges.filter((e) => e.source !== 'ChatInput-jFwUm');
    flow.edges.push(
      { id: 'e1', source: 'ChatInput-jFwUm', sourcePort: 'message', target: 'router', targetPort: 'input_text' },
      { id: 'e2', source: 'router', sourcePort: 'true_result', target: 'DeterministicModel-OcXkl', targetPort: 'input_value' },
      { id: 'e3', source: 'router', sourcePort: 'false_result', target: 'other', targetPort: 'input_value' },
    );
    await rig.adapter.saveFlow({ flow, baseRevision: null });
    const { events, finished } = await build(flow, { input_value: 'well hello' });
    expect(finished.status).toBe('succeeded');
    expect(finishedOf(events, 'router')?.ports).toEqual(['true_result']);
    expect(finishedOf(events, 'other')?.status).toBe('skipped');
  });

  it('builds up to one component only', async () => {
    rig = await startSkillflawRig();
    const flow = fixtureFlow(basicPrompting);
    await rig.adapter.saveFlow({ flow, baseRevision: null });
    const { events } = await build(flow, { input_value: 'hi' }, { stopComponentId: 'DeterministicModel-OcXkl' });
    expect(finishedOf(events, 'DeterministicModel-OcXkl')?.status).toBe('succeeded');
    expect(finishedOf(events, 'ChatOutput-gDYiJ')).toBeUndefined();
    expect(rig.calls.some((c) => c.url.includes('stop_component_id=DeterministicModel-OcXkl'))).toBe(true);
  });

  it('runs the Python code component for real', async (ctx) => {
    if (spawnSync('python3', ['--version']).status !== 0) ctx.skip('python3 is not installed here');
    rig = await startSkillflawRig();
    const flow = fixtureFlow(basicPrompting);
    const module = await rig.adapter.getModule('PythonFunction');
    const code = String((module.inputSchema as { template: Record<string, { value: string }> }).template.code!.value).replace('Data(value=self.input_value)', 'Data(value=self.input_value.upper(), length=len(self.input_value))');
    flow.steps.py = { id: 'py', kind: 'action', type: 'PythonFunction', title: 'Shout', params: { code }, position: { x: 0, y: 0 } };
    flow.root.push('py');
    flow.edges.push({ id: 'e-py', source: 'ChatInput-jFwUm', sourcePort: 'message', target: 'py', targetPort: 'input_value' });
    await rig.adapter.saveFlow({ flow, baseRevision: null });
    const { events } = await build(flow, { input_value: 'quiet words' });
    expect(finishedOf(events, 'py')).toMatchObject({ status: 'succeeded', outputs: { output: { value: 'QUIET WORDS', length: 11 } } });
    flow.steps.py!.params.code = code.replace('self.input_value.upper()', '1 / 0');
    await rig.adapter.saveFlow({ flow, baseRevision: (await rig.adapter.getFlow(flow.id)).summary.revision });
    const broken = await build(flow, { input_value: 'x' });
    expect(finishedOf(broken.events, 'py')).toMatchObject({ status: 'failed', error: { message: 'ZeroDivisionError: division by zero' } });
  });

  it('keeps vertex builds on the server and runs in the session history', async () => {
    rig = await startSkillflawRig();
    const flow = fixtureFlow(basicPrompting);
    await rig.adapter.saveFlow({ flow, baseRevision: null });
    const { runId, events } = await build(flow);
    const builds = await rig.adapter.vertexBuilds(flow.id);
    expect(Object.keys(builds).sort()).toEqual(['ChatInput-jFwUm', 'ChatOutput-gDYiJ', 'DeterministicModel-OcXkl', 'Prompt-3SM2g']);
    expect(await rig.adapter.getRunEvents(runId)).toEqual(events);
    expect((await rig.adapter.listRuns(flow.id)).items[0]).toMatchObject({ id: runId, status: 'succeeded' });
    // Recorded in the browser (IndexedDB): a new adapter for the same connection, as after a reload, has it.
    const reloaded = createSkillflawAdapter({ baseUrl: rig.server.url, auth: { mode: 'password', username: 'skillflaw', password: 'skillflaw' } });
    expect(await reloaded.getRunEvents(runId)).toEqual(events);
    expect((await reloaded.listRuns(flow.id)).items.map((r) => r.id)).toContain(runId);
    await reloaded.deleteRun(runId);
    await expectBackendError(reloaded.getRunEvents(runId), 'not-found');
  });
});
