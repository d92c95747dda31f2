/**
 * An execution record (`GET /api/executions/{id}`) -> TraceEvents, as a pure function of the record, so the
 * live stream (rebuilt after each poll, new events emitted) and `getRunEvents` (rebuilt once) are identical,
 * event for event. Prefix-stable: a record that only grew yields the old events unchanged, then new ones.
 *
 * The document says only `"logs": [...]`. Entries naming a node (`node_id`, or `node` / `nodeId`) with an
 * `event` of node_started / node_completed / node_failed / node_skipped (or a status word) become step
 * events; messages like "开始执行节点 node2" / "Starting node node2" are read too. Anything else, strings
 * included, is a run log, so an unknown log shape still shows.
 */
import { z } from 'zod';
import type { RunStatus } from '../types';
import type { TraceEvent } from '../trace';

export const executionSchema = z
  .object({
    execution_id: z.union([z.string(), z.number()]).transform(String),
    flow_id: z.union([z.number(), z.string()]).optional(),
    status: z.string(),
    start_time: z.string().nullable().optional(),
    end_time: z.string().nullable().optional(),
    execution_time: z.number().nullable().optional(),
    result: z.unknown().optional(),
    logs: z.array(z.unknown()).nullable().optional(),
    input_data: z.record(z.string(), z.unknown()).nullable().optional(),
    error: z.unknown().optional(),
  })
  .loose();

export type ExecutionRecord = z.infer<typeof executionSchema>;

export function runStatusOf(status: string): RunStatus {
  switch (status.toLowerCase()) {
    case 'completed':
    case 'success':
    case 'succeeded':
    case 'done':
      return 'succeeded';
    case 'failed':
    case 'error':
      return 'failed';
    case 'cancelled':
    case 'canceled':
    case 'stopped':
      return 'cancelled';
    case 'timeout':
    case 'timed_out':
      return 'timeout';
    case 'queued':
    case 'pending':
      return 'queued';
    default:
      return 'running';
  }
}

export const isTerminal = (s: RunStatus) => s !== 'queued' && s !== 'running';

/** The server's status filter word for a Flowbench status (undefined: the server has no such status). */
export function serverStatusFor(s: RunStatus): string | undefined {
  return ({ succeeded: 'completed', failed: 'failed', queued: 'queued', running: 'running' } as Partial<Record<RunStatus, string>>)[s];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function time(v: unknown): number | undefined {
  if (typeof v === 'number') return v > 1e11 ? v : v * 1000;
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

type StepEventKind = 'started' | 'completed' | 'failed' | 'skipped' | 'log';

const EVENT_WORDS: Record<string, StepEventKind> = {
  node_started: 'started',
  node_start: 'started',
  started: 'started',
  running: 'started',
  node_completed: 'completed',
  node_finished: 'completed',
  completed: 'completed',
  success: 'completed',
  node_failed: 'failed',
  node_error: 'failed',
  failed: 'failed',
  error: 'failed',
  node_skipped: 'skipped',
  skipped: 'skipped',
};

const MESSAGE_PATTERNS: Array<[RegExp, StepEventKind]> = [
  [/^(?:开始执行节点|Starting node|Executing node)\s*[:：]?\s*(\S+)/i, 'started'],
  [/^(?:节点)\s*(\S+?)\s*(?:（[^）]*）)?\s*执行完成/, 'completed'],
  [/^(?:Completed node|Finished node)\s*[:：]?\s*(\S+)/i, 'completed'],
  [/^(?:节点)\s*(\S+?)\s*(?:（[^）]*）)?\s*执行失败/, 'failed'],
  [/^(?:Node)\s+(\S+)\s+failed/i, 'failed'],
  [/^(?:跳过节点|Skipping node)\s*[:：]?\s*(\S+?)(?:（|\s|$)/i, 'skipped'],
];

interface ReadLog {
  at: number | undefined;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  nodeId?: string;
  kind: StepEventKind;
  data?: Record<string, unknown>;
}

function levelOf(v: unknown): ReadLog['level'] {
  const s = String(v ?? 'info').toLowerCase();
  if (s.startsWith('warn')) return 'warn';
  if (s === 'error' || s === 'critical' || s === 'fatal') return 'error';
  if (s === 'debug' || s === 'trace') return 'debug';
  return 'info';
}

function readLog(entry: unknown): ReadLog {
  if (!isRecord(entry)) return { at: undefined, level: 'info', message: typeof entry === 'string' ? entry : JSON.stringify(entry), kind: 'log' };
  const message = typeof entry.message === 'string' ? entry.message : typeof entry.msg === 'string' ? entry.msg : JSON.stringify(entry);
  const nodeRaw = entry.node_id ?? entry.nodeId ?? entry.node;
  let nodeId = typeof nodeRaw === 'string' || typeof nodeRaw === 'number' ? String(nodeRaw) : undefined;
  const word = typeof entry.event === 'string' ? entry.event : typeof entry.status === 'string' ? entry.status : undefined;
  let kind: StepEventKind = word && nodeId ? (EVENT_WORDS[word.toLowerCase()] ?? 'log') : 'log';
  if (kind === 'log' && word === undefined) {
    for (const [re, k] of MESSAGE_PATTERNS) {
      const m = re.exec(message);
      if (m && (nodeId === undefined || nodeId === m[1])) {
        kind = k;
        nodeId = m[1];
        break;
      }
    }
  }
  const read: ReadLog = { at: time(entry.timestamp ?? entry.time ?? entry.ts), level: levelOf(entry.level), message, kind };
  if (nodeId !== undefined) read.nodeId = nodeId;
  if (isRecord(entry.data)) read.data = entry.data;
  return read;
}

export interface TraceContext {
  runId: string;
  /** The flow id the caller knows (an id alias of the server's `flow_id` in this session). */
  flowId: string;
  trigger: string;
  /** Node ids of condition nodes, whose output `result` picks the `true` / `false` port. */
  conditionNodes?: ReadonlySet<string>;
}

/**
 * The events a record means so far. Before the record says when it started (no `start_time`, no timed log),
 * there are none.
 */
export function traceFromExecution(exec: ExecutionRecord, ctx: TraceContext): TraceEvent[] {
  const logs = (exec.logs ?? []).map(readLog);
  const firstAt = logs.find((l) => l.at !== undefined)?.at;
  const startedAt = firstAt ?? time(exec.start_time);
  if (startedAt === undefined) return [];
  const out: TraceEvent[] = [];
  let seq = 0;
  const base = (at: number) => ({ runId: ctx.runId, seq: seq++, at });
  out.push({ ...base(startedAt), type: 'run-started', flowId: ctx.flowId, inputs: exec.input_data ?? {}, trigger: ctx.trigger });

  let lastAt = startedAt;
  const open = new Map<string, number>();
  for (const l of logs) {
    const at = Math.max(l.at ?? lastAt, lastAt);
    lastAt = at;
    const id = l.nodeId;
    if (id !== undefined && l.kind === 'started') {
      open.set(id, at);
      const input = l.data?.input;
      out.push({ ...base(at), type: 'step-started', stepId: id, iteration: [], inputs: isRecord(input) ? input : {} });
    } else if (id !== undefined && (l.kind === 'completed' || l.kind === 'failed' || l.kind === 'skipped')) {
      const began = open.get(id);
      open.delete(id);
      const durationMs = began === undefined ? 0 : at - began;
      if (l.kind === 'completed') {
        const outputs = l.data && 'output' in l.data ? l.data.output : undefined;
        const ev: TraceEvent = { ...base(at), type: 'step-finished', stepId: id, iteration: [], status: 'succeeded', durationMs };
        if (outputs !== undefined) ev.outputs = outputs;
        if (ctx.conditionNodes?.has(id) && isRecord(outputs) && typeof outputs.result === 'boolean') {
          ev.ports = [String(outputs.result)];
          ev.branch = outputs.result ? 'then' : 'else';
        }
        out.push(ev);
      } else if (l.kind === 'failed') {
        const err = isRecord(l.data?.error) ? l.data.error : {};
        const error: { message: string; code?: string } = { message: typeof err.message === 'string' ? err.message : l.message };
        if (typeof err.code === 'string') error.code = err.code;
        out.push({ ...base(at), type: 'step-finished', stepId: id, iteration: [], status: 'failed', error, durationMs });
      } else {
        out.push({ ...base(at), type: 'step-finished', stepId: id, iteration: [], status: 'skipped', durationMs: 0 });
      }
      if (l.kind === 'failed' || l.level !== 'info') out.push({ ...base(at), type: 'log', level: l.kind === 'failed' ? 'error' : l.level, message: l.message, stepId: id });
    } else {
      const ev: TraceEvent = { ...base(at), type: 'log', level: l.level, message: l.message };
      if (id !== undefined) ev.stepId = id;
      out.push(ev);
    }
  }

  const status = runStatusOf(exec.status);
  if (!isTerminal(status)) return out;
  const endAt = Math.max(time(exec.end_time) ?? lastAt, lastAt);
  // A node the log left running when the run ended did not finish.
  for (const [id, began] of open) {
    out.push({ ...base(endAt), type: 'step-finished', stepId: id, iteration: [], status: status === 'succeeded' ? 'succeeded' : 'cancelled', durationMs: endAt - began });
  }
  const durationMs = typeof exec.execution_time === 'number' ? Math.round(exec.execution_time * 1000) : endAt - startedAt;
  const finished: TraceEvent = { ...base(endAt), type: 'run-finished', status: status as Exclude<RunStatus, 'queued' | 'running'>, durationMs };
  if (isRecord(exec.result) && 'output' in exec.result) finished.outputs = exec.result.output;
  if (status !== 'succeeded') {
    const err = isRecord(exec.error) ? exec.error : {};
    const error: { message: string; code?: string; stepId?: string } = {
      message: typeof err.message === 'string' ? err.message : typeof exec.error === 'string' ? exec.error : `The execution ended ${exec.status}.`,
    };
    if (typeof err.code === 'string') error.code = err.code;
    if (typeof err.node_id === 'string') error.stepId = err.node_id;
    finished.error = error;
  }
  out.push(finished);
  return out;
}
