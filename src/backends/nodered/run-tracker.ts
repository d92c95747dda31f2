/**
 * One Node-RED run: the messages caused by one trigger, folded from /comms messages into TraceEvents.
 *
 * Node-RED has no run. A run here starts when the adapter presses a trigger (an inject node, or a sample
 * message to an http-in endpoint) and collects:
 * - with the trace plugin: every node execution of the trigger's messages. The trigger node's first
 *   `receive` (inject) or `send` (http in) after the start seeds the run's message ids; a message a node sends
 *   while handling one of the run's messages joins the run too (a function node may build a new msg). Each
 *   `receive` opens an execution of that node (the k-th execution of a node in the run is iteration [k]), its
 *   `send`s record the output ports that fired, its `complete` closes it with the error passed to `done()`.
 * - always: debug output and node.warn/error of the flow's nodes (as logs), node status (as logs with
 *   the node's id, for the step's status text).
 * The run ends when nothing belonging to it moved for `quietMs` and no execution is open, when the caller
 * stops it, or after `maxMs`.
 *
 * Pure: fed messages and a clock, it pushes events; no socket, no timers but the injectable ones.
 */
import { AsyncQueue } from '../transport/async-queue';
import type { TraceEvent } from '../trace';
import type { CommsMessage } from './comms';
import { debugMessageSchema, statusMessageSchema, tracePluginEventSchema, type TracePluginEvent } from './schemas';

export const TRACE_TOPIC = 'flowbench/trace';

export interface RunTrackerOptions {
  runId: string;
  flowId: string;
  trigger: string;
  inputs: Record<string, unknown>;
  /** The node whose message starts the run; null: collect the flow's debug and status only. */
  triggerNodeId: string | null;
  /** Nodes of the flow (their step ids); events of other nodes still carry the run's messages along. */
  stepIds: ReadonlySet<string>;
  /** The tab (and subflow) ids whose debug and status messages belong to the run. */
  scopeIds: ReadonlySet<string>;
  /** Whether the trace plugin is installed (else a log says what it would add). */
  plugin: boolean;
  /** Port id of a node's output index (the flow model's ids). */
  portId?: (nodeId: string, index: number) => string;
  quietMs?: number;
  maxMs?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

interface Execution {
  nodeId: string;
  msgid: string;
  iteration: number;
  startedAt: number;
  ports: Set<string>;
  sent: Array<{ port: string; msg: unknown }>;
}

/** An event before the tracker numbers and stamps it. */
type Draft = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 'runId' | 'seq' | 'at'> : never) : never;

/** Debug message text as the sidebar shows it (Node-RED sends it pre-formatted, errors `__enc__`-wrapped). */
export function debugText(msg: unknown): string {
  if (typeof msg !== 'string') return msg === undefined ? '' : JSON.stringify(msg);
  if (msg.startsWith('{"__enc__"')) {
    try {
      const enc = JSON.parse(msg) as { type?: string; data?: { message?: string; name?: string } };
      if (enc.type === 'error' && enc.data) return `${enc.data.name ?? 'Error'}: ${enc.data.message ?? ''}`;
    } catch {
      // shown as it came
    }
  }
  return msg.length > 4000 ? `${msg.slice(0, 4000)}…` : msg;
}

export class RunTracker {
  readonly events = new AsyncQueue<TraceEvent>();
  private readonly o: RunTrackerOptions;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (h: unknown) => void;
  private seq = 0;
  private readonly startedAt: number;
  private readonly msgids = new Set<string>();
  private readonly open = new Map<string, Execution[]>();
  private readonly executionsOf = new Map<string, number>();
  private readonly touched = new Set<string>();
  private seeded = false;
  private firstError: { message: string; stepId: string } | null = null;
  private quietTimer: unknown = null;
  private maxTimer: unknown = null;
  private done = false;

  constructor(opts: RunTrackerOptions) {
    this.o = opts;
    this.now = opts.now ?? (() => Date.now());
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.startedAt = this.now();
    this.emit({ type: 'run-started', flowId: opts.flowId, inputs: opts.inputs, trigger: opts.trigger }, this.startedAt);
    if (!opts.plugin) {
      this.emit({
        type: 'log',
        level: 'info',
        message:
          'This Node-RED has no Flowbench trace plugin: the run shows debug output and node status only. Install server/nodered/flowbench-trace-plugin to see each node execution, its message and the wires taken.',
      });
    }
    this.maxTimer = this.setTimer(() => this.finish('timeout', `No end within ${Math.round((opts.maxMs ?? 300_000) / 1000)} s.`), opts.maxMs ?? 300_000);
    this.armQuiet();
  }

  get finished(): boolean {
    return this.done;
  }

  /** Every /comms message while the run is live. */
  handle(m: CommsMessage): void {
    if (this.done) return;
    if (m.topic === TRACE_TOPIC) {
      const ev = tracePluginEventSchema.safeParse(m.data);
      if (ev.success) this.onTrace(ev.data);
    } else if (m.topic === 'debug') this.onDebug(m.data);
    else if (m.topic.startsWith('status/')) this.onStatus(m.topic.slice('status/'.length), m.data);
  }

  /** The trigger could not be pressed: the run fails with the reason. */
  fail(message: string): void {
    this.emit({ type: 'log', level: 'error', message });
    this.finish('failed', message);
  }

  cancel(): void {
    this.finish('cancelled');
  }

  private emit(e: Draft, at = this.now()): void {
    if (this.done) return;
    this.events.push({ ...e, runId: this.o.runId, seq: this.seq++, at } as TraceEvent);
  }

  private armQuiet(): void {
    if (this.quietTimer !== null) this.clearTimer(this.quietTimer);
    this.quietTimer = this.setTimer(() => this.onQuiet(), this.o.quietMs ?? 2000);
  }

  private onQuiet(): void {
    this.quietTimer = null;
    const stillOpen = [...this.open.values()].some((list) => list.length > 0);
    // A delay or an http request is still working on one of the run's messages: keep waiting.
    if (stillOpen) this.armQuiet();
    else this.finish(this.firstError ? 'failed' : 'succeeded');
  }

  private stepIdOf(ev: TracePluginEvent): string | null {
    if (this.o.stepIds.has(ev.node)) return ev.node;
    return null;
  }

  private belongs(ev: TracePluginEvent): boolean {
    if (ev.msgid && this.msgids.has(ev.msgid)) return true;
    if (!this.seeded && this.o.triggerNodeId !== null && ev.node === this.o.triggerNodeId && ev.msgid) {
      // inject: its own receive comes first; http in: it only sends.
      if (ev.kind === 'receive' || ev.kind === 'send') {
        this.seeded = true;
        this.msgids.add(ev.msgid);
        return true;
      }
    }
    // A node handling one of the run's messages sent a message with a new id.
    if (ev.kind === 'send' && (this.open.get(ev.node)?.length ?? 0) > 0) {
      if (ev.msgid) this.msgids.add(ev.msgid);
      return true;
    }
    return false;
  }

  private onTrace(ev: TracePluginEvent): void {
    if (!this.belongs(ev)) return;
    this.touched.add(ev.node);
    this.armQuiet();
    const stepId = this.stepIdOf(ev);
    const msgid = ev.msgid ?? '';
    if (ev.kind === 'receive') {
      const k = this.executionsOf.get(ev.node) ?? 0;
      this.executionsOf.set(ev.node, k + 1);
      const exec: Execution = { nodeId: ev.node, msgid, iteration: k, startedAt: ev.at, ports: new Set(), sent: [] };
      const list = this.open.get(ev.node) ?? [];
      list.push(exec);
      this.open.set(ev.node, list);
      if (stepId) this.emit({ type: 'step-started', stepId, iteration: [k], inputs: { msg: ev.msg }, messageId: msgid || undefined }, ev.at);
      return;
    }
    if (ev.kind === 'send') {
      const port = this.o.portId ? this.o.portId(ev.node, ev.port ?? 0) : String(ev.port ?? 0);
      const exec = this.open.get(ev.node)?.at(-1);
      if (exec) {
        exec.ports.add(port);
        exec.sent.push({ port, msg: ev.msg });
        return;
      }
      // Sent outside any execution of the run (a trigger node's second message, a timer): an instant execution.
      if (stepId) {
        const k = this.executionsOf.get(ev.node) ?? 0;
        this.executionsOf.set(ev.node, k + 1);
        this.emit({ type: 'step-started', stepId, iteration: [k], inputs: {}, messageId: msgid || undefined }, ev.at);
        this.emit({ type: 'step-finished', stepId, iteration: [k], status: 'succeeded', outputs: { [port]: ev.msg }, ports: [port], durationMs: 0, messageId: msgid || undefined }, ev.at);
      }
      return;
    }
    // complete: close the oldest open execution of this node for this message.
    const list = this.open.get(ev.node) ?? [];
    const i = Math.max(0, list.findIndex((x) => x.msgid === msgid));
    const exec = list.splice(i, 1)[0];
    if (!exec || !stepId) return;
    const outputs = exec.sent.length === 0 ? undefined : Object.fromEntries(exec.sent.map((s) => [s.port, s.msg]));
    if (ev.error) {
      if (!this.firstError) this.firstError = { message: ev.error.message, stepId };
      this.emit({ type: 'log', level: 'error', message: ev.error.message, stepId, iteration: [exec.iteration] }, ev.at);
    }
    this.emit(
      {
        type: 'step-finished',
        stepId,
        iteration: [exec.iteration],
        status: ev.error ? 'failed' : 'succeeded',
        outputs,
        error: ev.error ? { message: ev.error.message, code: ev.error.code } : undefined,
        durationMs: Math.max(0, ev.at - exec.startedAt),
        ports: [...exec.ports],
        messageId: msgid || undefined,
      },
      ev.at,
    );
  }

  private inScope(nodeId: string | undefined, z: string | undefined): boolean {
    if (nodeId && (this.touched.has(nodeId) || this.o.stepIds.has(nodeId))) return true;
    return z !== undefined && this.o.scopeIds.has(z);
  }

  private onDebug(data: unknown): void {
    const d = debugMessageSchema.safeParse(data);
    if (!d.success || !this.inScope(d.data.id, d.data.z)) return;
    this.armQuiet();
    const level = d.data.level === 20 ? 'error' : d.data.level === 30 ? 'warn' : 'info';
    const who = d.data.name || (d.data.property ? `msg.${d.data.property}` : 'debug');
    const stepId = d.data.id && this.o.stepIds.has(d.data.id) ? d.data.id : undefined;
    this.emit({ type: 'log', level, message: `${who}: ${debugText(d.data.msg)}`, stepId });
    if (level === 'error' && stepId && !this.firstError && !this.o.plugin) this.firstError = { message: debugText(d.data.msg), stepId };
  }

  private onStatus(nodeId: string, data: unknown): void {
    if (!this.o.stepIds.has(nodeId)) return;
    const s = statusMessageSchema.safeParse(data);
    if (!s.success) return;
    const text = s.data.text === undefined ? '' : String(s.data.text);
    this.emit({ type: 'step-status', stepId: nodeId, text, ...(s.data.fill !== undefined ? { fill: s.data.fill } : {}), ...(s.data.shape !== undefined ? { shape: s.data.shape } : {}) });
    this.emit({ type: 'log', level: 'debug', message: text ? `status: ${text}` : 'status cleared', stepId: nodeId });
  }

  private finish(status: 'succeeded' | 'failed' | 'cancelled' | 'timeout', reason?: string): void {
    if (this.done) return;
    if (this.quietTimer !== null) this.clearTimer(this.quietTimer);
    if (this.maxTimer !== null) this.clearTimer(this.maxTimer);
    const at = this.now();
    // Executions still open (the user stopped the run mid-way) end as cancelled-by-run: failed with a reason.
    for (const list of this.open.values()) {
      for (const exec of list.splice(0)) {
        if (!this.o.stepIds.has(exec.nodeId)) continue;
        this.emit({
          type: 'step-finished',
          stepId: exec.nodeId,
          iteration: [exec.iteration],
          status: 'failed',
          error: { message: status === 'cancelled' ? 'The run was stopped while this node was working.' : 'Still working when the run ended.' },
          durationMs: Math.max(0, at - exec.startedAt),
          ports: [...exec.ports],
          messageId: exec.msgid || undefined,
        }, at);
      }
    }
    const error = status === 'failed'
      ? this.firstError
        ? { message: this.firstError.message, stepId: this.firstError.stepId }
        : { message: reason ?? 'The run failed.' }
      : status === 'timeout'
        ? { message: reason ?? 'The run did not end in time.' }
        : undefined;
    this.emit({ type: 'run-finished', status, error, durationMs: Math.max(0, at - this.startedAt) }, at);
    this.done = true;
    this.events.end();
  }
}
