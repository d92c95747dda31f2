/**
 * Executes an AutoMaticWorker graph for real: nodes in topological order (Kahn), each node's `data` resolved
 * against `input_data` and earlier outputs, a condition node firing only its `true` or `false` port, nodes
 * that no fired edge reaches skipped. Validation against each node type's `input_schema` (required fields,
 * enums) happens when the node runs, so a misconfigured node fails the execution there, naming the node.
 *
 * Logs (the document says only `"logs": [...]`) are entries
 * `{timestamp, level, event, node_id?, node_type?, message, data?}`, written as the execution goes so a
 * poller sees the run move.
 */
import { runInNewContext } from 'node:vm';
import { nodeTypeById } from './node-types';
import { resolveValue, type Scope } from './templates';

export type ExecutionStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface LogEntry {
  timestamp: string;
  level: 'info' | 'warning' | 'error';
  event: string;
  node_id?: string;
  node_type?: string;
  message: string;
  data?: Record<string, unknown>;
}

export interface FlowGraph {
  nodes: Array<Record<string, unknown>>;
  edges: Array<Record<string, unknown>>;
}

export interface ExecutorOptions {
  /** Time every node takes besides its own work, ms (so polling clients see progress). */
  stepDelayMs: number;
  /** Multiplier for the delay node's seconds (tests use small values). */
  delayScale: number;
  /** Edge field naming a condition's output port. */
  portField: string;
}

export class NodeError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export interface ExecutionOutcome {
  status: 'completed' | 'failed';
  output: unknown;
  error: { code: string; message: string; node_id?: string } | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const iso = () => new Date().toISOString();

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Topological order of node ids, or null when the graph has a cycle. */
export function topologicalOrder(graph: FlowGraph): string[] | null {
  const ids = graph.nodes.map((n) => String(n.id));
  const indeg = new Map(ids.map((id) => [id, 0]));
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of graph.edges) {
    const s = String(e.source);
    const t = String(e.target);
    if (!indeg.has(s) || !indeg.has(t)) continue;
    indeg.set(t, indeg.get(t)! + 1);
    out.get(s)!.push(t);
  }
  const queue = ids.filter((id) => indeg.get(id) === 0);
  const order: string[] = [];
  while (queue.length > 0) {
    const id = queue.shift()!;
    order.push(id);
    for (const t of out.get(id)!) {
      indeg.set(t, indeg.get(t)! - 1);
      if (indeg.get(t) === 0) queue.push(t);
    }
  }
  return order.length === ids.length ? order : null;
}

function compare(left: unknown, op: string, right: unknown): boolean {
  const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));
  switch (op) {
    case '==':
      return left == right || String(left) === String(right);
    case '!=':
      return !(left == right || String(left) === String(right));
    case '>':
      return num(left) > num(right);
    case '>=':
      return num(left) >= num(right);
    case '<':
      return num(left) < num(right);
    case '<=':
      return num(left) <= num(right);
    case 'contains':
      return Array.isArray(left) ? left.some((x) => String(x) === String(right)) : String(left ?? '').includes(String(right ?? ''));
    case 'is_empty':
      return left === undefined || left === null || left === '' || (Array.isArray(left) && left.length === 0);
    default:
      throw new NodeError(`未知的比较运算符: ${op}`, 'invalid_config');
  }
}

function parseCsv(text: string, delimiter: string, header: boolean): Array<Record<string, unknown>> | string[][] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const rows = lines.map((l) => l.split(delimiter).map((c) => c.trim()));
  if (!header) return rows;
  const [head, ...rest] = rows;
  if (!head) return [];
  return rest.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

/** Checks resolved params against the node type's `input_schema`: required fields and enums. */
function validate(type: string, params: Record<string, unknown>): void {
  const t = nodeTypeById(type);
  if (!t) throw new NodeError(`未知的节点类型: ${type}`, 'unknown_node_type');
  const schema = t.input_schema as { properties?: Record<string, { enum?: unknown[]; default?: unknown }>; required?: string[] };
  const missing = (schema.required ?? []).filter((k) => params[k] === undefined || params[k] === null || params[k] === '');
  if (missing.length > 0) throw new NodeError(`节点配置无效，缺少必填参数: ${missing.join(', ')}`, 'invalid_config');
  for (const [k, p] of Object.entries(schema.properties ?? {})) {
    if (params[k] === undefined && p.default !== undefined) params[k] = p.default;
    if (p.enum && params[k] !== undefined && !p.enum.includes(params[k])) {
      throw new NodeError(`节点配置无效，参数 ${k} 必须是 ${p.enum.join(' / ')} 之一`, 'invalid_config');
    }
  }
}

async function runNode(
  type: string,
  p: Record<string, unknown>,
  input: Record<string, unknown>,
  scope: Scope,
  opts: ExecutorOptions,
  log: (msg: string, level: LogEntry['level']) => void,
): Promise<unknown> {
  switch (type) {
    case 'start':
      return { ...input };
    case 'end':
      return { output: p.output ?? null };
    case 'condition':
      return { result: compare(p.left, String(p.operator), p.right) };
    case 'csv_parse': {
      const rows = parseCsv(String(p.csv ?? ''), String(p.delimiter ?? ','), p.has_header !== false);
      return { rows, count: rows.length };
    }
    case 'transform':
      if (!isRecord(p.mapping)) throw new NodeError('mapping 必须是对象', 'invalid_config');
      return { result: p.mapping };
    case 'math': {
      const a = Number(p.a);
      const b = Number(p.b);
      if (!Number.isFinite(a) || !Number.isFinite(b)) throw new NodeError(`a 与 b 必须是数字 (a=${String(p.a)}, b=${String(p.b)})`, 'invalid_config');
      if (p.operation === 'divide' && b === 0) throw new NodeError('除数不能为 0', 'division_by_zero');
      const result = p.operation === 'add' ? a + b : p.operation === 'subtract' ? a - b : p.operation === 'multiply' ? a * b : a / b;
      return { result: Math.round(result * 1e9) / 1e9 };
    }
    case 'text_template':
      return { text: String(p.template) };
    case 'delay': {
      const seconds = Number(p.seconds);
      if (!Number.isFinite(seconds) || seconds < 0 || seconds > 60) throw new NodeError('seconds 必须在 0 到 60 之间', 'invalid_config');
      await sleep(seconds * 1000 * opts.delayScale);
      return { waited: seconds };
    }
    case 'log':
      log(String(p.message), p.level === 'error' ? 'error' : p.level === 'warning' ? 'warning' : 'info');
      return { message: String(p.message) };
    case 'send_email':
      throw new NodeError('SMTP 服务器未配置，无法发送邮件', 'smtp_not_configured');
    case 'http_request':
      return http(p);
    case 'function':
      return javascript(String(p.code), input, scope, log);
    default:
      throw new NodeError(`未知的节点类型: ${type}`, 'unknown_node_type');
  }
}

/**
 * A function body with `inputs` (the input_data) and `steps` (earlier outputs by node id), copies of both.
 * node:vm is no security boundary; this is a test server on 127.0.0.1 running the user's own flows. A time
 * limit stops endless loops.
 */
function javascript(code: string, input: Record<string, unknown>, scope: Scope, log: (msg: string, level: LogEntry['level']) => void): unknown {
  const steps = Object.fromEntries(Object.entries(scope).filter(([k]) => k !== 'input'));
  const sandbox = {
    inputs: structuredClone(input),
    steps: structuredClone(steps),
    console: { log: (...a: unknown[]) => log(a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' '), 'info') },
  };
  let result: unknown;
  try {
    result = runInNewContext(`(function () {\n${code}\n})()`, sandbox, { timeout: 1000 });
  } catch (e) {
    throw new NodeError(`JavaScript 执行出错: ${e instanceof Error ? e.message : String(e)}`, 'code_error');
  }
  return { result: result === undefined ? null : (JSON.parse(JSON.stringify(result)) as unknown) };
}

async function http(p: Record<string, unknown>): Promise<unknown> {
  let url: URL;
  try {
    url = new URL(String(p.url));
  } catch {
    throw new NodeError(`无效的 URL: ${String(p.url)}`, 'invalid_config');
  }
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
    throw new NodeError(`网络不可达：测试服务器只访问 127.0.0.1（请求的是 ${url.hostname}）`, 'network_error');
  }
  const headers: Record<string, string> = {};
  if (isRecord(p.headers)) for (const [k, v] of Object.entries(p.headers)) headers[k] = String(v);
  const method = String(p.method ?? 'GET');
  const init: RequestInit = { method, headers };
  if (p.body !== undefined && method !== 'GET') {
    init.body = JSON.stringify(p.body);
    headers['content-type'] ??= 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch (e) {
    throw new NodeError(`HTTP 请求失败: ${e instanceof Error ? e.message : String(e)}`, 'network_error');
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // a text body stays text
  }
  return { status_code: res.status, headers: Object.fromEntries(res.headers), body };
}

/**
 * Runs `graph`, appending to `logs` as it goes. Never throws: a failing node fails the execution.
 */
export async function executeGraph(graph: FlowGraph, input: Record<string, unknown>, logs: LogEntry[], opts: ExecutorOptions): Promise<ExecutionOutcome> {
  const push = (e: Omit<LogEntry, 'timestamp'>) => logs.push({ timestamp: iso(), ...e });
  const order = topologicalOrder(graph);
  if (!order) {
    push({ level: 'error', event: 'execution_failed', message: '流程包含环，无法执行' });
    return { status: 'failed', output: null, error: { code: 'invalid_flow', message: '流程包含环，无法执行' } };
  }
  const byId = new Map(graph.nodes.map((n) => [String(n.id), n]));
  const incoming = new Map<string, Array<Record<string, unknown>>>();
  for (const e of graph.edges) {
    const t = String(e.target);
    if (!incoming.has(t)) incoming.set(t, []);
    incoming.get(t)!.push(e);
  }
  const scope: Scope = { input };
  /** Which nodes finished, and for conditions which port fired. */
  const fired = new Map<string, string | null>();
  let lastOutput: unknown = null;
  let endOutput: unknown = undefined;

  for (const id of order) {
    const node = byId.get(id)!;
    const type = String(node.type);
    const ins = incoming.get(id) ?? [];
    const active =
      ins.length === 0 ||
      ins.some((e) => {
        const src = String(e.source);
        if (!fired.has(src)) return false;
        const port = fired.get(src);
        return port === null || String(e[opts.portField] ?? '') === port;
      });
    const name = nodeTypeById(type)?.name ?? type;
    if (!active) {
      push({ level: 'info', event: 'node_skipped', node_id: id, node_type: type, message: `跳过节点 ${id}（${name}）：没有被执行的上游分支` });
      continue;
    }
    const data = isRecord(node.data) ? node.data : {};
    const { label: _label, ...config } = data;
    // Code is program text: its `{{` is not a reference.
    const { code, ...rest } = config;
    const params = resolveValue(type === 'function' ? rest : config, scope) as Record<string, unknown>;
    if (type === 'function' && code !== undefined) params.code = code;
    push({ level: 'info', event: 'node_started', node_id: id, node_type: type, message: `开始执行节点 ${id}（${name}）`, data: { input: params } });
    const started = Date.now();
    try {
      await sleep(opts.stepDelayMs);
      validate(type, params);
      const output = await runNode(type, params, input, scope, opts, (message, level) => push({ level, event: 'node_log', node_id: id, node_type: type, message }));
      scope[id] = output;
      lastOutput = output;
      if (type === 'end') endOutput = (output as { output: unknown }).output;
      fired.set(id, type === 'condition' ? String((output as { result: boolean }).result) : null);
      push({
        level: 'info',
        event: 'node_completed',
        node_id: id,
        node_type: type,
        message: `节点 ${id}（${name}）执行完成，用时 ${((Date.now() - started) / 1000).toFixed(3)} 秒`,
        data: { output },
      });
    } catch (e) {
      const err = e instanceof NodeError ? e : new NodeError(e instanceof Error ? e.message : String(e), 'internal_error');
      push({ level: 'error', event: 'node_failed', node_id: id, node_type: type, message: `节点 ${id}（${name}）执行失败: ${err.message}`, data: { error: { code: err.code, message: err.message } } });
      push({ level: 'error', event: 'execution_failed', message: `流程执行失败：节点 ${id} 出错` });
      return { status: 'failed', output: null, error: { code: err.code, message: err.message, node_id: id } };
    }
  }
  push({ level: 'info', event: 'execution_completed', message: '流程执行完成' });
  return { status: 'completed', output: endOutput !== undefined ? endOutput : lastOutput, error: null };
}
