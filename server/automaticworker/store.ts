/**
 * In-memory state of the test server: users and tokens, flows, executions (with an async queue), webhooks
 * and the deliveries made to them.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { ApiError, invalid, notFound } from './errors';
import { executeGraph, type ExecutionStatus, type ExecutorOptions, type LogEntry } from './executor';
import { defaultFixtures, type AmwFixtures, type StoredFlow } from './fixtures';
import { nodeTypeById } from './node-types';

export interface Execution {
  execution_id: string;
  flow_id: number;
  status: ExecutionStatus;
  start_time: string | null;
  end_time: string | null;
  execution_time: number | null;
  result: { output: unknown; execution_time: number } | null;
  logs: LogEntry[];
  /** Not in the document: what the execution was asked to run with, and why it failed. */
  input_data: Record<string, unknown>;
  error: { code: string; message: string; node_id?: string } | null;
  queued_at: string;
}

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  secret: string;
  created_at: string;
}

export interface Delivery {
  webhook_id: string;
  url: string;
  body: string;
  status: number | null;
  error?: string;
}

export const WEBHOOK_EVENTS = ['flow.executed', 'flow.failed'];

/** ISO 8601 to the second, as the document writes timestamps (`2023-06-01T14:22:36Z`). */
export function isoSeconds(ms = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface StoreOptions extends ExecutorOptions {
  tokenExpiresIn: number;
  /** The document's example error: "至少需要一个开始节点和一个结束节点". */
  requireStartEnd: boolean;
  /** Async executions run at the same time at most. */
  workers: number;
}

const CONTENT_FIELDS = ['name', 'description', 'nodes', 'edges'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function makeStore(fixtures: AmwFixtures | undefined, opts: StoreOptions) {
  const initial = fixtures ?? defaultFixtures();
  let flows = new Map<number, StoredFlow>();
  let nextFlowId = 1;
  let executions = new Map<string, Execution>();
  let execCounter = 123455;
  let webhooks = new Map<string, Webhook>();
  let webhookCounter = 122;
  let deliveries: Delivery[] = [];
  const tokens = new Map<string, { username: string; expiresAt: number }>();
  const queue: string[] = [];
  let runningCount = 0;
  const idle: Array<() => void> = [];

  function reset(): void {
    flows = new Map(initial.flows.map((f) => [f.id, structuredClone(f)]));
    nextFlowId = Math.max(0, ...initial.flows.map((f) => f.id)) + 1;
    executions = new Map();
    webhooks = new Map();
    deliveries = [];
    tokens.clear();
  }
  reset();

  function validateFlowBody(body: Record<string, unknown>, partial: boolean): Record<string, string> {
    const details: Record<string, string> = {};
    if (!partial || 'name' in body) {
      if (typeof body.name !== 'string' || body.name.trim() === '') details.name = '名称不能为空';
    }
    if ('description' in body && body.description !== null && typeof body.description !== 'string') details.description = '描述必须是字符串';
    const nodes = body.nodes;
    if (!partial || nodes !== undefined) {
      if (!Array.isArray(nodes)) details.nodes = 'nodes 必须是数组';
      else {
        const ids = new Set<string>();
        nodes.forEach((n, i) => {
          if (!isRecord(n) || (typeof n.id !== 'string' && typeof n.id !== 'number')) details[`nodes[${i}].id`] = '节点必须有 id';
          else if (ids.has(String(n.id))) details[`nodes[${i}].id`] = `节点 id 重复: ${String(n.id)}`;
          else ids.add(String(n.id));
          if (isRecord(n) && (typeof n.type !== 'string' || !nodeTypeById(n.type))) details[`nodes[${i}].type`] = `未知的节点类型: ${String(n.type)}`;
        });
        const types = nodes.filter(isRecord).map((n) => n.type);
        if (opts.requireStartEnd && !details.nodes && (!types.includes('start') || !types.includes('end'))) {
          details.nodes = '至少需要一个开始节点和一个结束节点';
        }
        const edges = body.edges ?? [];
        if (!Array.isArray(edges)) details.edges = 'edges 必须是数组';
        else
          edges.forEach((e, i) => {
            if (!isRecord(e)) details[`edges[${i}]`] = '连线必须是对象';
            else {
              if (!ids.has(String(e.source))) details[`edges[${i}].source`] = `连线的起点不存在: ${String(e.source)}`;
              if (!ids.has(String(e.target))) details[`edges[${i}].target`] = `连线的终点不存在: ${String(e.target)}`;
            }
          });
      }
    }
    return details;
  }

  function summary(f: StoredFlow) {
    return { id: f.id, name: f.name, description: f.description, created_at: f.created_at, updated_at: f.updated_at };
  }

  function getFlow(id: number): StoredFlow {
    const f = flows.get(id);
    if (!f) throw notFound(`流程不存在: ${id}`);
    return f;
  }

  /** Deliveries go to 127.0.0.1 only (the test network is closed); the rest are recorded as failed. */
  async function notify(exec: Execution): Promise<void> {
    const event = exec.status === 'completed' ? 'flow.executed' : 'flow.failed';
    for (const hook of webhooks.values()) {
      if (!hook.events.includes(event)) continue;
      const payload = {
        event,
        timestamp: isoSeconds(),
        data: { flow_id: exec.flow_id, execution_id: exec.execution_id, status: exec.status, result: exec.result ?? { error: exec.error } },
      };
      // The document puts `signature` in the body; it signs the body without it (HMAC-SHA256, the secret).
      const signature = `sha256=${createHmac('sha256', hook.secret).update(JSON.stringify(payload)).digest('hex')}`;
      const body = JSON.stringify({ ...payload, signature });
      const delivery: Delivery = { webhook_id: hook.id, url: hook.url, body, status: null };
      deliveries.push(delivery);
      let host = '';
      try {
        host = new URL(hook.url).hostname;
      } catch {
        // recorded below as failed
      }
      if (host !== '127.0.0.1' && host !== 'localhost') {
        delivery.error = 'only 127.0.0.1 is reachable from the test server';
        continue;
      }
      try {
        const res = await fetch(hook.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-automaticworker-signature': signature },
          body,
          signal: AbortSignal.timeout(5000),
        });
        delivery.status = res.status;
        await res.text();
      } catch (e) {
        delivery.error = e instanceof Error ? e.message : String(e);
      }
    }
  }

  async function run(exec: Execution, graph: { nodes: Array<Record<string, unknown>>; edges: Array<Record<string, unknown>> }): Promise<void> {
    exec.status = 'running';
    const started = Date.now();
    exec.start_time = isoSeconds(started);
    exec.logs.push({ timestamp: new Date(started).toISOString(), level: 'info', event: 'execution_started', message: '流程开始执行' });
    const outcome = await executeGraph(graph, exec.input_data, exec.logs, opts);
    const ended = Date.now();
    const seconds = Math.round((ended - started) / 10) / 100;
    exec.end_time = isoSeconds(ended);
    exec.execution_time = seconds;
    exec.status = outcome.status;
    exec.error = outcome.error;
    exec.result = outcome.status === 'completed' ? { output: outcome.output, execution_time: seconds } : null;
    void notify(exec);
  }

  function pump(): void {
    while (runningCount < opts.workers && queue.length > 0) {
      const id = queue.shift()!;
      const exec = executions.get(id);
      const flow = exec && flows.get(exec.flow_id);
      if (!exec) continue;
      runningCount += 1;
      const graph = flow ? structuredClone({ nodes: flow.nodes, edges: flow.edges }) : { nodes: [], edges: [] };
      void run(exec, graph).finally(() => {
        runningCount -= 1;
        pump();
        if (runningCount === 0 && queue.length === 0) idle.splice(0).forEach((f) => f());
      });
    }
  }

  return {
    reset,
    flows: () => flows,
    deliveries: () => deliveries,
    webhooksMap: () => webhooks,

    signIn(username: unknown, password: unknown): { access_token: string; token_type: 'Bearer'; expires_in: number } {
      const details: Record<string, string> = {};
      if (typeof username !== 'string' || username === '') details.username = '用户名不能为空';
      if (typeof password !== 'string' || password === '') details.password = '密码不能为空';
      if (Object.keys(details).length > 0) throw invalid('提供的输入数据无效', details);
      const user = initial.users.find((u) => u.username === username && u.password === password);
      if (!user) throw new ApiError(401, 'invalid_credentials', '用户名或密码错误');
      // JWT-looking (the document's example) but opaque: the server only looks it up.
      const token = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${randomBytes(24).toString('base64url')}`;
      tokens.set(token, { username: user.username, expiresAt: Date.now() + opts.tokenExpiresIn * 1000 });
      return { access_token: token, token_type: 'Bearer', expires_in: opts.tokenExpiresIn };
    },

    checkToken(header: string | undefined): string {
      const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
      if (!m) throw new ApiError(401, 'unauthorized', '未授权：请在 Authorization 头中提供 Bearer 令牌');
      const t = tokens.get(m[1]!);
      if (!t) throw new ApiError(401, 'unauthorized', '未授权：令牌无效');
      if (t.expiresAt <= Date.now()) throw new ApiError(401, 'token_expired', '未授权：令牌已过期');
      return t.username;
    },

    expireTokens(): void {
      for (const t of tokens.values()) t.expiresAt = 0;
    },

    listFlows: () => [...flows.values()].map(summary),
    getFlow,

    createFlow(body: unknown) {
      if (!isRecord(body)) throw invalid('请求体必须是 JSON 对象');
      const details = validateFlowBody(body, false);
      if (Object.keys(details).length > 0) throw invalid('提供的输入数据无效', details);
      const now = isoSeconds();
      const { id: _id, created_at: _c, updated_at: _u, ...content } = body;
      const id = nextFlowId++;
      const flow: StoredFlow = {
        id,
        ...content,
        name: String(body.name),
        description: typeof body.description === 'string' ? body.description : '',
        nodes: body.nodes as StoredFlow['nodes'],
        edges: (body.edges ?? []) as StoredFlow['edges'],
        created_at: now,
        updated_at: now,
      };
      if (body.description === null) flow.description = null as unknown as string;
      flows.set(id, flow);
      return summary(flow);
    },

    /**
     * PUT: `name` is required (the document's example error); `nodes`, `edges` and `description` left out
     * keep their stored values; other fields are the body's (an extra field sent is stored, one not sent
     * is dropped). The id and timestamps are the server's.
     */
    updateFlow(id: number, body: unknown) {
      const old = getFlow(id);
      if (!isRecord(body)) throw invalid('请求体必须是 JSON 对象');
      const details = validateFlowBody({ ...body, nodes: body.nodes ?? old.nodes, edges: body.edges ?? old.edges }, false);
      if (Object.keys(details).length > 0) throw invalid('提供的输入数据无效', details);
      const { id: _id, created_at: _c, updated_at: _u, ...content } = body;
      const next: StoredFlow = { id, ...content, name: String(body.name), description: old.description, nodes: old.nodes, edges: old.edges, created_at: old.created_at, updated_at: isoSeconds() };
      for (const k of CONTENT_FIELDS) if (k in body) (next as Record<string, unknown>)[k] = body[k];
      flows.set(id, next);
      return { id, name: next.name, description: next.description, updated_at: next.updated_at };
    },

    deleteFlow(id: number): void {
      getFlow(id);
      flows.delete(id);
    },

    /** Queues an execution; `wait` resolves when it is done (sync execution). */
    execute(flowId: number, input: Record<string, unknown>): Execution {
      getFlow(flowId);
      execCounter += 1;
      const exec: Execution = {
        execution_id: `exec_${execCounter}`,
        flow_id: flowId,
        status: 'queued',
        start_time: null,
        end_time: null,
        execution_time: null,
        result: null,
        logs: [{ timestamp: new Date().toISOString(), level: 'info', event: 'execution_queued', message: '流程执行已加入队列' }],
        input_data: input,
        error: null,
        queued_at: isoSeconds(),
      };
      executions.set(exec.execution_id, exec);
      queue.push(exec.execution_id);
      pump();
      return exec;
    },

    async waitFor(exec: Execution, timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while ((exec.status === 'queued' || exec.status === 'running') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    },

    getExecution(id: string): Execution {
      const e = executions.get(id);
      if (!e) throw notFound(`执行记录不存在: ${id}`);
      return e;
    },

    executionsOf(flowId: number): Execution[] {
      return [...executions.values()].filter((e) => e.flow_id === flowId).reverse();
    },

    /** Resolves when no execution is queued or running (tests). */
    idle(): Promise<void> {
      if (runningCount === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((r) => idle.push(r));
    },

    createWebhook(body: unknown): Webhook {
      if (!isRecord(body)) throw invalid('请求体必须是 JSON 对象');
      const details: Record<string, string> = {};
      let okUrl = false;
      try {
        okUrl = typeof body.url === 'string' && /^https?:$/.test(new URL(body.url).protocol);
      } catch {
        okUrl = false;
      }
      if (!okUrl) details.url = 'url 必须是 http(s) 地址';
      if (!Array.isArray(body.events) || body.events.length === 0) details.events = 'events 不能为空';
      else {
        const bad = body.events.filter((e) => !WEBHOOK_EVENTS.includes(String(e)));
        if (bad.length > 0) details.events = `未知的事件: ${bad.join(', ')}（可选: ${WEBHOOK_EVENTS.join(', ')}）`;
      }
      if (typeof body.secret !== 'string' || body.secret === '') details.secret = 'secret 不能为空';
      if (Object.keys(details).length > 0) throw invalid('提供的输入数据无效', details);
      webhookCounter += 1;
      const hook: Webhook = { id: `webhook_${webhookCounter}`, url: String(body.url), events: (body.events as unknown[]).map(String), secret: String(body.secret), created_at: isoSeconds() };
      webhooks.set(hook.id, hook);
      return hook;
    },

    deleteWebhook(id: string): void {
      if (!webhooks.delete(id)) throw notFound(`Webhook 不存在: ${id}`);
    },
  };
}

export type AmwStore = ReturnType<typeof makeStore>;
