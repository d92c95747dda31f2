import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAmwServer, type AmwServer } from './server';

/** A decoded JSON answer: tests read whatever the server said. */
type Answer = ReturnType<typeof JSON.parse>;

let server: AmwServer;
let token: string;

async function call(method: string, path: string, body?: unknown, auth = true): Promise<{ status: number; body: Answer; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (auth) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

async function waitDone(id: string): Promise<Answer> {
  for (;;) {
    const r = await call('GET', `/api/executions/${id}`);
    if (r.body.status === 'completed' || r.body.status === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 10));
  }
}

const minimal = (name = 'n') => ({
  name,
  description: 'd',
  nodes: [
    { id: 's', type: 'start', position: { x: 0, y: 0 }, data: {} },
    { id: 'e', type: 'end', position: { x: 0, y: 100 }, data: { output: '{{input.x}}' } },
  ],
  edges: [{ id: 'e1', source: 's', target: 'e' }],
});

beforeEach(async () => {
  server = await startAmwServer({ port: 0, stepDelayMs: 2, delayScale: 0.01 });
  token = (await call('POST', '/api/auth/token', { username: 'admin', password: 'admin123' }, false)).body.access_token;
});
afterEach(async () => {
  await server.state.idle();
  await server.close();
});

describe('AutoMaticWorker test server', () => {
  it('signs in with the documented answer and refuses what it should', async () => {
    const ok = await call('POST', '/api/auth/token', { username: 'admin', password: 'admin123' }, false);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(ok.body.access_token).toMatch(/^eyJ/);
    expect((await call('POST', '/api/auth/token', { username: 'admin', password: 'x' }, false)).body.error.code).toBe('invalid_credentials');
    const missing = await call('POST', '/api/auth/token', {}, false);
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body.error.details)).toEqual(['username', 'password']);
    const anon = await call('GET', '/api/flows', undefined, false);
    expect(anon.status).toBe(401);
    expect(anon.body.error).toMatchObject({ code: 'unauthorized' });
    await fetch(`${server.url}/__admin/expire-tokens`, { method: 'POST' });
    expect((await call('GET', '/api/flows')).body.error.code).toBe('token_expired');
  });

  it('serves flows under /api and /api/v1, with CRUD and the documented answers', async () => {
    const list = await call('GET', '/api/v1/flows');
    expect(list.body.flows[0]).toEqual({ id: 1, name: '数据处理流程', description: '处理CSV数据并发送邮件', created_at: '2023-05-15T10:30:00Z', updated_at: '2023-05-16T08:45:12Z' });
    const created = await call('POST', '/api/flows', { ...minimal('新流程'), extra: { kept: true } });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(['id', 'name', 'description', 'created_at', 'updated_at']);
    expect(created.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const got = await call('GET', `/api/flows/${created.body.id}`);
    expect(got.body).toMatchObject({ name: '新流程', extra: { kept: true }, nodes: minimal().nodes });
    const updated = await call('PUT', `/api/flows/${created.body.id}`, { name: '更新后的流程名称', description: '更新后的描述' });
    expect(Object.keys(updated.body)).toEqual(['id', 'name', 'description', 'updated_at']);
    expect((await call('GET', `/api/flows/${created.body.id}`)).body.nodes).toEqual(minimal().nodes);
    expect((await call('DELETE', `/api/flows/${created.body.id}`)).body).toEqual({ message: '流程已成功删除' });
    const gone = await call('GET', `/api/flows/${created.body.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('not_found');
    expect((await call('PATCH', '/api/flows/1')).status).toBe(405);
    expect((await call('GET', '/api/nothing')).status).toBe(404);
  });

  it('validates flows with the documented error envelope and details', async () => {
    const bad = await call('POST', '/api/flows', { name: '', nodes: [{ id: 'a', type: 'log' }, { id: 'b', type: 'nope' }], edges: [{ source: 'a', target: 'zz' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'invalid_input',
      message: '提供的输入数据无效',
      details: { name: '名称不能为空', 'nodes[1].type': '未知的节点类型: nope', 'edges[0].target': '连线的终点不存在: zz' },
    });
    const noEnds = await call('POST', '/api/flows', { name: 'x', nodes: [{ id: 'a', type: 'log' }], edges: [] });
    expect(noEnds.body.error.details).toEqual({ nodes: '至少需要一个开始节点和一个结束节点' });
  });

  it('executes synchronously: the misconfigured email node fails the example flow, naming the node', async () => {
    const r = await call('POST', '/api/flows/1/execute', { input_data: { csv: 'a,b\n1,2\n3,4' } });
    expect(r.body).toMatchObject({ status: 'failed', error: { code: 'smtp_not_configured', node_id: 'node5' } });
    const exec = await waitDone(r.body.execution_id);
    const events = exec.logs.map((l: Answer) => `${l.event}:${l.node_id ?? ''}`);
    expect(events).toContain('node_completed:node4');
    expect(events).toContain('node_failed:node5');
    expect(events).not.toContain('node_started:node6');
    expect(events).toContain('node_skipped:node6');
  });

  it('follows the condition false port and answers the documented sync result', async () => {
    const r = await call('POST', '/api/flows/2/execute', { input_data: { amount: 100 } });
    expect(r.body).toMatchObject({ status: 'completed', result: { output: { total: 113 } } });
    expect(typeof r.body.result.execution_time).toBe('number');
    const exec = await waitDone(r.body.execution_id);
    expect(exec).toMatchObject({ flow_id: 2, status: 'completed', input_data: { amount: 100 } });
    const ran = exec.logs.filter((l: Answer) => l.event === 'node_completed').map((l: Answer) => l.node_id);
    expect(ran).toEqual(['start', 'tax', 'big', 'note', 'end']);
    expect(exec.logs.find((l: Answer) => l.node_id === 'big' && l.event === 'node_completed').data.output).toEqual({ result: false });
  });

  it('runs a JavaScript node with inputs and earlier outputs, its code not read as references; errors name it', async () => {
    const nodes = [
      { id: 's', type: 'start', data: {} },
      { id: 'm', type: 'math', data: { operation: 'add', a: '{{input.n}}', b: 1 } },
      { id: 'js', type: 'function', data: { code: 'console.log("n is", inputs.n); return { twice: steps.m.result * 2, text: "{{m.result}}" };' } },
      { id: 'e', type: 'end', data: { output: '{{js.result}}' } },
    ];
    const edges = [
      { id: 'a', source: 's', target: 'm' },
      { id: 'b', source: 'm', target: 'js' },
      { id: 'c', source: 'js', target: 'e' },
    ];
    const created = await call('POST', '/api/flows', { name: 'js', nodes, edges });
    const r = await call('POST', `/api/flows/${created.body.id}/execute`, { input_data: { n: 4 } });
    expect(r.body).toMatchObject({ status: 'completed', result: { output: { twice: 10, text: '{{m.result}}' } } });
    const exec = await waitDone(r.body.execution_id);
    expect(exec.logs.some((l: Answer) => l.event === 'node_log' && l.node_id === 'js' && l.message === 'n is 4')).toBe(true);
    await call('PUT', `/api/flows/${created.body.id}`, { name: 'js', nodes: nodes.map((n) => (n.id === 'js' ? { ...n, data: { code: 'while (true) {}' } } : n)), edges });
    const loop = await call('POST', `/api/flows/${created.body.id}/execute`, { input_data: { n: 1 } });
    expect(loop.body).toMatchObject({ status: 'failed' });
    const failed = await waitDone(loop.body.execution_id);
    expect(failed.error).toMatchObject({ code: 'code_error', node_id: 'js' });
  });

  it('queues async executions, then pages and filters history', async () => {
    const queued = await call('POST', '/api/flows/2/execute', { input_data: { amount: 5000 }, async: true });
    expect(queued.body).toEqual({ execution_id: queued.body.execution_id, status: 'queued', message: '流程执行已加入队列' });
    expect((await waitDone(queued.body.execution_id)).result.output).toEqual({ total: 5650 });
    for (let i = 0; i < 4; i++) await call('POST', '/api/flows/2/execute', { input_data: { amount: i } });
    await call('POST', '/api/flows/2/execute', { input_data: { amount: 'x' } });
    const page = await call('GET', '/api/flows/2/executions?page=2&per_page=2');
    expect(page.body.pagination).toEqual({ page: 2, per_page: 2, total: 6, pages: 3 });
    expect(Object.keys(page.body.executions[0])).toEqual(['execution_id', 'status', 'start_time', 'end_time', 'execution_time']);
    const failed = await call('GET', '/api/flows/2/executions?status=failed');
    expect(failed.body.executions).toHaveLength(1);
    expect((await call('GET', '/api/flows/2/executions?per_page=101')).status).toBe(400);
  });

  it('lists node types and serves the documented http_request detail', async () => {
    const list = await call('GET', '/api/node-types');
    expect(list.body.node_types.length).toBeGreaterThanOrEqual(10);
    const http = await call('GET', '/api/node-types/http_request');
    expect(http.body.input_schema.required).toEqual(['url']);
    expect(http.body.example_usage.output.status_code).toBe(200);
    expect((await call('GET', '/api/node-types/none')).status).toBe(404);
  });

  it('exports Python with Content-Disposition (runnable when python3 is installed) and JSON', async () => {
    const res = await fetch(`${server.url}/api/flows/2/export`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="flow_2.py"');
    const code = await res.text();
    expect(code).toContain('def main(');
    const py = spawnSync('python3', ['-', JSON.stringify({ amount: 100 })], { input: code, encoding: 'utf8' });
    if (!py.error) expect(JSON.parse(py.stdout)).toEqual({ total: 113 });
    const j = await fetch(`${server.url}/api/flows/2/export?format=json`, { headers: { authorization: `Bearer ${token}` } });
    expect(j.headers.get('content-disposition')).toBe('attachment; filename="flow_2.json"');
    expect(((await j.json()) as { name: string }).name).toBe('订单金额计算');
    expect((await call('GET', '/api/flows/2/export?format=zip')).status).toBe(400);
  });

  it('registers, lists and deletes webhooks, and delivers signed notifications', async () => {
    const received: string[] = [];
    const sink = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/callback`;
    try {
      const hook = await call('POST', '/api/webhooks', { url, events: ['flow.executed', 'flow.failed'], secret: 's3cret' });
      expect(hook.status).toBe(201);
      expect(hook.body).toEqual({ id: hook.body.id, url, events: ['flow.executed', 'flow.failed'], created_at: hook.body.created_at });
      expect(hook.body.id).toMatch(/^webhook_/);
      expect((await call('GET', '/api/webhooks')).body.webhooks).toEqual([hook.body]);
      expect((await call('POST', '/api/webhooks', { url: 'x', events: ['nope'] })).body.error.details).toMatchObject({ url: expect.any(String), events: expect.any(String), secret: expect.any(String) });
      await call('POST', '/api/flows/2/execute', { input_data: { amount: 1 } });
      await expect.poll(() => received.length).toBe(1);
      const note = JSON.parse(received[0]!);
      expect(note).toMatchObject({ event: 'flow.executed', data: { flow_id: 2, status: 'completed' } });
      const { signature, ...unsigned } = note;
      expect(signature).toBe(`sha256=${createHmac('sha256', 's3cret').update(JSON.stringify(unsigned)).digest('hex')}`);
      expect((await call('DELETE', `/api/webhooks/${hook.body.id}`)).status).toBe(200);
      expect((await call('DELETE', `/api/webhooks/${hook.body.id}`)).status).toBe(404);
    } finally {
      await new Promise((r) => sink.close(r));
    }
  });

  it('injects faults: 500, 429 with rate headers, a cut response, malformed JSON, slowness', async () => {
    const normal = await call('GET', '/api/flows');
    expect(normal.headers.get('x-ratelimit-limit')).toBe('100');
    expect(Number(normal.headers.get('x-ratelimit-remaining'))).toBeLessThan(100);
    server.setFaults({ status500On: '/flows$' });
    expect((await call('GET', '/api/flows')).body.error.code).toBe('internal_error');
    server.setFaults({ rateLimitOn: '/flows' });
    const limited = await call('GET', '/api/flows');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    await fetch(`${server.url}/__admin/faults`, { method: 'POST', body: JSON.stringify({ cutOn: '/executions' }) });
    await expect(call('GET', '/api/executions/exec_1')).rejects.toThrow();
    server.setFaults({ malformedOn: '/node-types' });
    expect(typeof (await call('GET', '/api/node-types')).body).toBe('string');
    server.setFaults({ slowMs: 50 });
    const t0 = Date.now();
    await call('GET', '/api/flows');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
  });

  it('answers 429 when the per-token limit is used up', async () => {
    await server.close();
    server = await startAmwServer({ port: 0, rateLimit: 3 });
    token = (await call('POST', '/api/auth/token', { username: 'admin', password: 'admin123' }, false)).body.access_token;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call('GET', '/api/flows')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
