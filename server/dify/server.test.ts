/** The Dify test server speaks the seed document's protocol: paths, bodies, error envelopes, SSE framing. */
import { afterEach, describe, expect, it } from 'vitest';
import { startDifyServer, type DifyServer, type DifyServerOptions } from './server';

let server: DifyServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function use(opts: DifyServerOptions = {}): Promise<DifyServer> {
  server = await startDifyServer({ port: 0, stepMs: 5, chunkMs: 2, ...opts });
  return server;
}

function call(s: DifyServer, slug: string | null, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (slug) headers.authorization = `Bearer ${s.keyOf(slug)}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${s.apiUrl}${path}`, { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}

const run = (s: DifyServer, slug: string, inputs: Record<string, unknown>, mode: 'streaming' | 'blocking', user = 'abc-123') =>
  call(s, slug, '/workflows/run', { body: { inputs, response_mode: mode, user } });

describe('dify test server', () => {
  it('answers errors in Dify’s envelope', async () => {
    const s = await use();
    let res = await fetch(`${s.apiUrl}/parameters`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ code: 'unauthorized', message: "Authorization header must be provided and start with 'Bearer'", status: 401 });
    res = await fetch(`${s.apiUrl}/parameters`, { headers: { authorization: 'Bearer app-wrong' } });
    expect(await res.json()).toEqual({ code: 'unauthorized', message: 'Access token is invalid', status: 401 });
    res = await call(s, 'linear', '/workflows/run/nope');
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([404, 'not_found']);
    res = await call(s, 'linear', '/nowhere');
    expect(res.status).toBe(404);
    res = await run(s, 'linear', {}, 'blocking');
    expect(await res.json()).toEqual({ code: 'invalid_param', message: 'query is required in input form', status: 400 });
    res = await call(s, 'linear', '/workflows/run', { body: { inputs: { query: 'x' }, response_mode: 'streaming' } });
    expect(((await res.json()) as { message: string }).message).toBe('user is required');
    s.setFaults({ unavailableApps: ['linear'] });
    res = await call(s, 'linear', '/parameters');
    expect(await res.json()).toEqual({ code: 'app_unavailable', message: 'App unavailable, please check your app configurations.', status: 400 });
  });

  it('serves the parameters exactly, and CORS for the browser', async () => {
    const s = await use();
    const res = await call(s, 'linear', '/parameters?user=abc-123');
    expect(await res.json()).toEqual({
      user_input_form: [{ paragraph: { label: 'Query', variable: 'query', required: true, default: '' } }],
      file_upload: { image: { enabled: false, number_limits: 3, detail: 'high', transfer_methods: ['remote_url', 'local_file'] } },
      system_parameters: { image_file_size_limit: '10' },
    });
    const pre = await fetch(`${s.apiUrl}/workflows/run`, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:4182' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });

  it('streams `data: {json}\\n\\n` frames with `event: ping` keep-alives', async () => {
    const s = await use({ pingMs: 20, chunkMs: 15 });
    const res = await run(s, 'linear', { query: 'tides' }, 'streaming');
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const text = await res.text();
    const frames = text.split('\n\n').filter(Boolean);
    expect(frames.some((f) => f === 'event: ping')).toBe(true);
    const data = frames.filter((f) => f.startsWith('data: ')).map((f) => JSON.parse(f.slice(6)) as { event: string; task_id: string; workflow_run_id?: string });
    expect(frames.every((f) => f === 'event: ping' || (f.startsWith('data: {') && !f.includes('\n')))).toBe(true);
    const events = data.map((d) => d.event);
    expect(events[0]).toBe('workflow_started');
    expect(events).toContain('text_chunk');
    expect(events.slice(-3)).toEqual(['workflow_finished', 'tts_message', 'tts_message_end']);
    expect(new Set(data.map((d) => d.task_id)).size).toBe(1);
  });

  it('run detail in the example’s format; stop only for the same user; logs paged newest first', async () => {
    const s = await use({ chunkMs: 30 });
    const res = await run(s, 'slow', {}, 'streaming', 'alice');
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const started = JSON.parse(first.split('\n\n')[0]!.slice(6)) as { task_id: string; workflow_run_id: string };
    let stop = await call(s, 'slow', `/workflows/tasks/${started.task_id}/stop`, { body: { user: 'mallory' } });
    expect(await stop.json()).toEqual({ result: 'success' });
    expect(s.runs.get(started.workflow_run_id)?.stopRequested).toBe(false);
    stop = await call(s, 'slow', `/workflows/tasks/${started.task_id}/stop`, { body: { user: 'alice' } });
    expect(await stop.json()).toEqual({ result: 'success' });
    await s.runs.get(started.workflow_run_id)!.done;
    await reader.cancel();
    const detail = (await (await call(s, 'slow', `/workflows/run/${started.workflow_run_id}`)).json()) as Record<string, unknown>;
    expect(detail).toMatchObject({ id: started.workflow_run_id, status: 'stopped', outputs: null });
    expect(JSON.parse(detail.inputs as string)).toMatchObject({ 'sys.user_id': 'alice' });
    expect(detail.created_at).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} -0000$/);

    for (const m of ['one', 'two', 'three']) await (await run(s, 'branch', { message: m, tone: 'casual' }, 'blocking')).json();
    const page1 = (await (await call(s, 'branch', '/workflows/logs?limit=2')).json()) as { page: number; limit: number; total: number; has_more: boolean; data: Array<{ workflow_run: { id: string } }> };
    expect([page1.page, page1.limit, page1.total, page1.has_more, page1.data.length]).toEqual([1, 2, 3, true, 2]);
    const page2 = (await (await call(s, 'branch', '/workflows/logs?limit=2&page=2')).json()) as typeof page1;
    expect([page2.has_more, page2.data.length]).toEqual([false, 1]);
    const found = (await (await call(s, 'branch', '/workflows/logs?keyword=two')).json()) as typeof page1;
    expect(found.total).toBe(1);
    const stopped = (await (await call(s, 'slow', '/workflows/logs?status=stopped')).json()) as typeof page1;
    expect(stopped.data.map((d) => d.workflow_run.id)).toEqual([started.workflow_run_id]);
  });

  it('cuts a stream mid-event while the run goes on; lists apps and keys on the admin endpoint', async () => {
    const s = await use({ faults: { cutStreamAfterEvents: 2 } });
    const res = await run(s, 'branch', { message: 'x', tone: 'formal' }, 'streaming');
    let text = '';
    const reader = res.body!.getReader();
    let failed = false;
    try {
      for (;;) {
        const c = await reader.read();
        if (c.done) break;
        text += new TextDecoder().decode(c.value);
      }
    } catch {
      failed = true;
    }
    expect(failed || !text.endsWith('\n\n')).toBe(true);
    expect(text.split('\n\n').filter((f) => f.startsWith('data: ')).length).toBe(3);
    const id = [...s.runs.keys()][0]!;
    await s.runs.get(id)!.done;
    expect(s.runs.get(id)!.status).toBe('succeeded');
    const apps = (await (await fetch(`${s.url}/__admin/apps`)).json()) as { apps: Array<{ slug: string; key: string }> };
    expect(apps.apps.map((a) => a.slug)).toEqual(['linear', 'branch', 'iteration', 'failing', 'slow', 'every-input']);
  });

  it('uploads: 201 with the file record, documented refusals', async () => {
    const s = await use();
    const form = new FormData();
    form.append('file', new Blob(['hi'], { type: 'text/plain' }), 'a.txt');
    form.append('user', 'abc-123');
    const res = await fetch(`${s.apiUrl}/files/upload`, { method: 'POST', headers: { authorization: `Bearer ${s.keyOf('every-input')}` }, body: form });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ name: 'a.txt', size: 2, extension: 'txt', mime_type: 'text/plain', created_by: 'abc-123' });
    const none = new FormData();
    none.append('user', 'abc-123');
    const bad = await fetch(`${s.apiUrl}/files/upload`, { method: 'POST', headers: { authorization: `Bearer ${s.keyOf('every-input')}` }, body: none });
    expect(await bad.json()).toEqual({ code: 'no_file_uploaded', message: 'Please upload your file.', status: 400 });
  });
});
