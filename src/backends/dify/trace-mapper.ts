/**
 * Dify stream events → `TraceEvent`s, one event at a time (pure and synchronous: fed from a live stream or a
 * recorded one alike, which is what the unit tests do).
 *
 * - `workflow_started` → `run-started`; `node_started` / `node_finished` → `step-started` / `step-finished`
 *   (inputs, outputs, status, error, elapsed time, `execution_metadata` as `metadata`, `process_data` in it);
 * - `text_chunk` (the node in `from_variable_selector`, else the node running last) and `message` (`answer`)
 *   → `step-chunk` on the running node;
 * - `iteration_*` / `loop_*` → the group node's own step, its inner nodes at iteration `[index]`;
 * - `workflow_finished` → `run-finished`; `error` → `run-finished` failed; `ping`, `tts_message`,
 *   `tts_message_end` and unknown events → nothing.
 *
 * It also observes the graph: each node seen (`node_id`, `node_type`, `title`) and each edge
 * `predecessor_node_id → node_id`, with the if/else case that fired as the edge's source port.
 */
import type { IterationPath, StepMetadata, StepStatus, TraceEvent } from '../trace';
import type { RunStatus } from '../types';
import {
  anyEventSchema,
  errorEventSchema,
  groupEventSchema,
  messageSchema,
  nodeFinishedSchema,
  nodeStartedSchema,
  textChunkSchema,
  workflowFinishedSchema,
  workflowStartedSchema,
  type DifyRunDetail,
  type DifyRunStatus,
} from './schemas';

/** The start node's step id whatever its Dify node id: the Dify reference dialect reads run inputs as `{{#start.x#}}`. */
export const START_STEP_ID = 'start';

export type StepChunkEvent = Extract<TraceEvent, { type: 'step-chunk' }>;

/** What the mapper emits: plain trace events (the name marks where they come from). */
export type DifyTraceEvent = TraceEvent;

export interface ObservedNode {
  /** The step id (`start` for the start node, else the Dify node id). */
  stepId: string;
  nodeId: string;
  nodeType: string;
  title: string;
  /** The iteration/loop node this node runs inside, as a step id. */
  parent?: string;
}

export interface ObservedEdge {
  source: string;
  /** `out`, or the if/else case id that fired (`true`, `false`, an elif case id). */
  sourcePort: string;
  target: string;
}

export interface MapperOptions {
  runId?: string;
  flowId: string;
  inputs: Record<string, unknown>;
  trigger: string;
  /** Epoch ms clock; a test fixes it. */
  now?: () => number;
}

interface OpenStep {
  stepId: string;
  iteration: IterationPath;
  startedAt: number;
}

const FINISHED: Record<string, Exclude<StepStatus, 'queued' | 'running'>> = {
  succeeded: 'succeeded',
  failed: 'failed',
  exception: 'failed',
  stopped: 'cancelled',
  skipped: 'skipped',
  'partial-succeeded': 'succeeded',
};

export function runStatusOf(status: DifyRunStatus): Exclude<RunStatus, 'queued' | 'running'> | 'running' {
  switch (status) {
    case 'succeeded':
    case 'partial-succeeded':
      return 'succeeded';
    case 'failed':
      return 'failed';
    case 'stopped':
      return 'cancelled';
    default:
      return 'running';
  }
}

function seconds(v: number | null | undefined): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.round(v * 1000)) : 0;
}

function asRecord(v: unknown): Record<string, unknown> {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  // The document types node inputs as "array[object]": keep such a list readable.
  if (Array.isArray(v)) return Object.fromEntries(v.map((x, i) => [String(i), x]));
  return {};
}

export class DifyTraceMapper {
  private seq = 0;
  private runId: string | undefined;
  private taskIdValue: string | undefined;
  private started = false;
  private finished = false;
  private readonly open = new Map<string, OpenStep>();
  /** Open steps in start order, for chunks without a known node. */
  private readonly order: string[] = [];
  private readonly stepIdOfNode = new Map<string, string>();
  /** Group (iteration/loop) step id → the index running now. */
  private readonly groupIndex = new Map<string, number>();
  private readonly groupPath = new Map<string, IterationPath>();
  private readonly groupOfStep = new Map<string, string>();
  /** The case each if/else-like node chose in this run, for the edge it fired. */
  private readonly firedPort = new Map<string, string>();
  private readonly now: () => number;
  readonly nodes = new Map<string, ObservedNode>();
  readonly edges = new Map<string, ObservedEdge>();

  constructor(private readonly opts: MapperOptions) {
    this.runId = opts.runId;
    this.now = opts.now ?? (() => Date.now());
  }

  get workflowRunId(): string | undefined {
    return this.runId;
  }

  get taskId(): string | undefined {
    return this.taskIdValue;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  get hasStarted(): boolean {
    return this.started;
  }

  private base(): { runId: string; seq: number; at: number } {
    return { runId: this.runId ?? '', seq: this.seq++, at: this.now() };
  }

  private stepIdFor(nodeId: string, nodeType: string): string {
    const known = this.stepIdOfNode.get(nodeId);
    if (known) return known;
    const id = nodeType === 'start' ? START_STEP_ID : nodeId;
    this.stepIdOfNode.set(nodeId, id);
    return id;
  }

  private pathOf(stepId: string, groupNodeId: string | null | undefined): IterationPath {
    const group = groupNodeId ? (this.stepIdOfNode.get(groupNodeId) ?? groupNodeId) : this.groupOfStep.get(stepId);
    if (!group) return [];
    this.groupOfStep.set(stepId, group);
    const index = this.groupIndex.get(group);
    if (index === undefined) return [];
    return [...(this.groupPath.get(group) ?? []), index];
  }

  private observe(stepId: string, nodeId: string, nodeType: string, title: string | null | undefined, predecessor: string | null | undefined): void {
    const parent = this.groupOfStep.get(stepId);
    const prev = this.nodes.get(stepId);
    const node: ObservedNode = { stepId, nodeId, nodeType, title: title || prev?.title || nodeType };
    if (parent ?? prev?.parent) node.parent = parent ?? prev?.parent;
    this.nodes.set(stepId, node);
    if (predecessor) {
      const source = this.stepIdOfNode.get(predecessor) ?? predecessor;
      const sourcePort = this.firedPort.get(source) ?? 'out';
      const edge: ObservedEdge = { source, sourcePort, target: stepId };
      this.edges.set(`${source}:${sourcePort}->${stepId}`, edge);
    }
  }

  private startEvent(): DifyTraceEvent[] {
    if (this.started) return [];
    this.started = true;
    return [{ ...this.base(), type: 'run-started', flowId: this.opts.flowId, inputs: this.opts.inputs, trigger: this.opts.trigger }];
  }

  private openStep(stepId: string, iteration: IterationPath, inputs: Record<string, unknown>): DifyTraceEvent {
    const key = `${stepId}@${iteration.join('.')}`;
    this.open.set(key, { stepId, iteration, startedAt: this.now() });
    this.order.push(key);
    return { ...this.base(), type: 'step-started', stepId, iteration, inputs };
  }

  private closeStep(
    stepId: string,
    iteration: IterationPath,
    fields: { status: Exclude<StepStatus, 'queued' | 'running'>; outputs?: unknown; error?: string | null; durationMs?: number; metadata?: StepMetadata; ports?: string[] },
  ): DifyTraceEvent[] {
    const key = `${stepId}@${iteration.join('.')}`;
    const open = this.open.get(key);
    const out: DifyTraceEvent[] = [];
    // A finish without a start (a recording that began late): open it so the trace stays well formed.
    if (!open) out.push(this.openStep(stepId, iteration, {}));
    this.open.delete(key);
    const i = this.order.lastIndexOf(key);
    if (i >= 0) this.order.splice(i, 1);
    const event: Extract<TraceEvent, { type: 'step-finished' }> = {
      ...this.base(),
      type: 'step-finished',
      stepId,
      iteration,
      status: fields.status,
      durationMs: fields.durationMs ?? (open ? Math.max(0, this.now() - open.startedAt) : 0),
    };
    if (fields.outputs !== undefined && fields.outputs !== null) event.outputs = fields.outputs;
    if (fields.error) event.error = { message: fields.error };
    if (fields.metadata && Object.keys(fields.metadata).length > 0) event.metadata = fields.metadata;
    if (fields.ports) event.ports = fields.ports;
    out.push(event);
    return out;
  }

  private closeAll(status: Exclude<StepStatus, 'queued' | 'running'>, error?: string): DifyTraceEvent[] {
    const out: DifyTraceEvent[] = [];
    for (const key of [...this.order].reverse()) {
      const s = this.open.get(key);
      if (s) out.push(...this.closeStep(s.stepId, s.iteration, { status, error }));
    }
    return out;
  }

  private finish(status: Exclude<RunStatus, 'queued' | 'running'>, fields: { outputs?: unknown; error?: string | null; code?: string; durationMs: number }): DifyTraceEvent[] {
    if (this.finished) return [];
    const stepStatus = status === 'succeeded' ? 'succeeded' : status === 'cancelled' ? 'cancelled' : 'failed';
    const out = [...this.startEvent(), ...this.closeAll(stepStatus, fields.error ?? undefined)];
    const event: Extract<TraceEvent, { type: 'run-finished' }> = { ...this.base(), type: 'run-finished', status, durationMs: fields.durationMs };
    if (fields.outputs !== undefined && fields.outputs !== null) event.outputs = fields.outputs;
    if (fields.error) event.error = fields.code ? { message: fields.error, code: fields.code } : { message: fields.error };
    out.push(event);
    this.finished = true;
    return out;
  }

  /** Which running step streamed text belongs to: the named node when it runs, else the one started last. */
  private chunkTarget(nodeId: string | undefined): OpenStep | undefined {
    if (nodeId) {
      const stepId = this.stepIdOfNode.get(nodeId) ?? nodeId;
      for (const key of [...this.order].reverse()) {
        const s = this.open.get(key);
        if (s?.stepId === stepId) return s;
      }
    }
    const last = this.order.at(-1);
    return last ? this.open.get(last) : undefined;
  }

  private chunk(nodeId: string | undefined, text: string): DifyTraceEvent[] {
    const target = this.chunkTarget(nodeId);
    if (!target || text === '') return [];
    return [{ ...this.base(), type: 'step-chunk', stepId: target.stepId, iteration: target.iteration, text }];
  }

  /** One decoded stream event (the JSON in a `data:` line). Throws nothing: odd events are skipped. */
  feed(raw: unknown): DifyTraceEvent[] {
    if (this.finished) return [];
    const head = anyEventSchema.safeParse(raw);
    if (!head.success) return [];
    switch (head.data.event) {
      case 'workflow_started': {
        const e = workflowStartedSchema.safeParse(raw);
        if (!e.success) return [];
        this.runId ??= e.data.workflow_run_id;
        this.taskIdValue = e.data.task_id;
        return this.startEvent();
      }
      case 'node_started': {
        const e = nodeStartedSchema.safeParse(raw);
        if (!e.success) return [];
        const d = e.data.data;
        const stepId = this.stepIdFor(d.node_id, d.node_type);
        const iteration = this.pathOf(stepId, d.iteration_id ?? d.loop_id);
        this.observe(stepId, d.node_id, d.node_type, d.title, d.predecessor_node_id);
        return [...this.startEvent(), this.openStep(stepId, iteration, asRecord(d.inputs))];
      }
      case 'node_finished': {
        const e = nodeFinishedSchema.safeParse(raw);
        if (!e.success) return [];
        const d = e.data.data;
        const stepId = this.stepIdFor(d.node_id, d.node_type);
        const meta = d.execution_metadata;
        const groupId = d.iteration_id ?? d.loop_id ?? meta?.iteration_id ?? meta?.loop_id;
        const iteration = this.pathOf(stepId, groupId);
        this.observe(stepId, d.node_id, d.node_type, d.title, d.predecessor_node_id);
        const metadata: StepMetadata = {};
        if (typeof meta?.total_tokens === 'number') metadata.tokens = meta.total_tokens;
        if (typeof meta?.total_price === 'number') metadata.cost = meta.total_price;
        if (meta?.currency) metadata.currency = meta.currency;
        if (d.process_data !== undefined && d.process_data !== null) metadata.processData = d.process_data;
        if (typeof d.index === 'number') metadata.index = d.index;
        const outputs = asRecord(d.outputs);
        let ports: string[] | undefined;
        // if/else and question classifiers say which case ran: the edge out of that case is the one taken.
        const chosen = outputs.selected_case_id ?? outputs.class_id;
        if (typeof chosen === 'string' && chosen) {
          this.firedPort.set(stepId, chosen);
          ports = [chosen];
        } else if (d.status === 'succeeded') ports = ['out'];
        const events = [
          ...this.startEvent(),
          ...this.closeStep(stepId, iteration, {
            status: FINISHED[d.status] ?? 'failed',
            outputs: d.outputs ?? undefined,
            error: d.error,
            durationMs: d.elapsed_time === null || d.elapsed_time === undefined ? undefined : seconds(d.elapsed_time),
            metadata,
            ports,
          }),
        ];
        return events;
      }
      case 'text_chunk': {
        const e = textChunkSchema.safeParse(raw);
        if (!e.success) return [];
        return this.chunk(e.data.data.from_variable_selector?.[0], e.data.data.text);
      }
      case 'message': {
        const e = messageSchema.safeParse(raw);
        return e.success ? this.chunk(undefined, e.data.answer) : [];
      }
      case 'iteration_started':
      case 'loop_started': {
        const e = groupEventSchema.safeParse(raw);
        if (!e.success) return [];
        const d = e.data.data;
        const type = d.node_type ?? (head.data.event === 'loop_started' ? 'loop' : 'iteration');
        const stepId = this.stepIdFor(d.node_id, type);
        const iteration = this.pathOf(stepId, undefined);
        this.groupPath.set(stepId, iteration);
        this.groupIndex.delete(stepId);
        this.observe(stepId, d.node_id, type, d.title, d.predecessor_node_id);
        return [...this.startEvent(), this.openStep(stepId, iteration, asRecord(d.inputs))];
      }
      case 'iteration_next':
      case 'loop_next': {
        const e = groupEventSchema.safeParse(raw);
        if (!e.success) return [];
        const d = e.data.data;
        const stepId = this.stepIdOfNode.get(d.node_id) ?? d.node_id;
        const current = this.groupIndex.get(stepId);
        this.groupIndex.set(stepId, typeof d.index === 'number' ? d.index : current === undefined ? 0 : current + 1);
        return [];
      }
      case 'iteration_completed':
      case 'loop_completed': {
        const e = groupEventSchema.safeParse(raw);
        if (!e.success) return [];
        const d = e.data.data;
        const stepId = this.stepIdFor(d.node_id, d.node_type ?? 'iteration');
        const iteration = this.groupPath.get(stepId) ?? [];
        const meta = d.execution_metadata;
        const metadata: StepMetadata = {};
        if (typeof meta?.total_tokens === 'number' && meta.total_tokens > 0) metadata.tokens = meta.total_tokens;
        const events = this.closeStep(stepId, iteration, {
          status: FINISHED[d.status ?? 'succeeded'] ?? 'failed',
          outputs: d.outputs ?? undefined,
          error: d.error,
          durationMs: d.elapsed_time === null || d.elapsed_time === undefined ? undefined : seconds(d.elapsed_time),
          metadata,
          ports: d.status === 'failed' ? undefined : ['out'],
        });
        this.groupIndex.delete(stepId);
        return [...this.startEvent(), ...events];
      }
      case 'workflow_finished': {
        const e = workflowFinishedSchema.safeParse(raw);
        if (!e.success) return [];
        const d = e.data.data;
        const status = runStatusOf(d.status);
        return this.finish(status === 'running' ? 'failed' : status, { outputs: d.outputs, error: d.error, durationMs: seconds(d.elapsed_time) });
      }
      case 'error': {
        const e = errorEventSchema.safeParse(raw);
        const message = (e.success ? e.data.message : undefined) ?? 'The server reported an error in the event stream.';
        const code = (e.success ? e.data.code : undefined) ?? undefined;
        return this.finish('failed', { error: message, code, durationMs: 0 });
      }
      default:
        // ping, tts_message, tts_message_end, and events this adapter does not know.
        return [];
    }
  }

  /** A warning in the trace: the stream broke, and what is done about it. */
  note(level: 'info' | 'warn' | 'error', message: string): DifyTraceEvent[] {
    if (this.finished) return [];
    return [...this.startEvent(), { ...this.base(), type: 'log', level, message }];
  }

  /**
   * Ends the trace from `GET /workflows/run/:id` after the stream was lost: nodes still open take the run's
   * outcome (their own details never arrived; the log says so).
   */
  recover(detail: DifyRunDetail): DifyTraceEvent[] {
    const status = runStatusOf(detail.status);
    if (status === 'running') return [];
    const out = this.note('info', `Final status from the server after the stream was lost: ${detail.status}.`);
    out.push(...this.finish(status, { outputs: detail.outputs, error: detail.error, durationMs: seconds(detail.elapsed_time) }));
    return out;
  }

  /** Ends the trace when nothing more can be learnt (the stream broke before a run id, or recovery failed). */
  fail(status: 'failed' | 'timeout' | 'cancelled', message: string, code?: string): DifyTraceEvent[] {
    return this.finish(status, { error: message, code, durationMs: 0 });
  }
}
