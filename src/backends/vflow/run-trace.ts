/**
 * vFlow execution data -> TraceEvents. vFlow has no event stream: the adapter polls
 * `GET /executions/{id}` and reads `GET /executions/{id}/logs` from where it left off.
 *
 * Step events come from the log by default (`stepEvents: 'logs'`): the document's own log example writes
 * "Starting step: <module>" and "Completed step: <module>" entries with `stepIndex`, which is lossless whatever
 * the poll interval (a short step between two polls is still seen) and deterministic, so `getRunEvents`
 * rebuilt later from the same log equals the live stream. `stepEvents: 'status'` is the fallback for a server
 * whose log lacks those entries: a step starts when `currentStep` changes, the previous one finishes with its
 * `outputs` (a step shorter than the poll interval is then missed, loop iterations of a one-step body merge).
 *
 * Loop iterations: the index path of every enclosing loop, counted from the order steps start in (a body's
 * first child starting again, or a child at an earlier row, is the next iteration). A loop's own
 * "Completed step" may come before its body, after every iteration or once at the end depending on the device:
 * the loop finishes when a step outside it starts (or the run ends), with the iterations counted.
 *
 * Outputs: the document's example puts them directly in a "Completed step" entry's `details`
 * (`{"actualDuration": 1001}`); a server that nests them under `details.outputs` is read too.
 * Else / end marker rows are rows of the list, not steps: their start / complete entries are not log lines.
 */
import type { Flow, StepId } from '../../model/flow';
import type { IterationPath, StepStatus, TraceEvent } from '../trace';
import type { RunStatus } from '../types';
import type { VflowExecutionDetail, VflowExecutionStatus, VflowLogEntry, VflowStep } from './schemas';

export type StepEventSource = 'logs' | 'status';

export interface RunTraceOptions {
  stepEvents?: StepEventSource;
  /** Log messages that start / complete a step. */
  startPattern?: RegExp;
  completePattern?: RegExp;
}

type Obj = Record<string, unknown>;

/** A TraceEvent without the fields the tracker fills in. */
type EventBody = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 'seq' | 'runId'> : never) : never;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `{type, value}` -> value, recursively for an outputs map. */
export function unwrapTyped(v: unknown): unknown {
  if (isObj(v) && typeof v.type === 'string' && 'value' in v) return v.value;
  return v;
}

export function unwrapOutputs(outputs: Record<string, Record<string, unknown>> | null | undefined): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [stepId, o] of Object.entries(outputs ?? {})) {
    const step: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) step[k] = unwrapTyped(v);
    out[stepId] = step;
  }
  return out;
}

export function runStatusOf(s: VflowExecutionStatus): RunStatus {
  return s === 'completed' ? 'succeeded' : s;
}

export function isTerminal(s: VflowExecutionStatus): boolean {
  return s !== 'running';
}

function logLevel(l: string): 'debug' | 'info' | 'warn' | 'error' {
  const v = l.toLowerCase();
  if (v === 'error' || v === 'fatal') return 'error';
  if (v === 'warning' || v === 'warn') return 'warn';
  if (v === 'debug' || v === 'verbose' || v === 'trace') return 'debug';
  return 'info';
}

function errorText(e: unknown): string | null {
  if (typeof e === 'string') return e;
  if (isObj(e) && typeof e.message === 'string') return e.message;
  return null;
}

interface RowInfo {
  /** The canonical step id, or null for else/end marker rows. */
  stepId: StepId | null;
  /** Row indices of the enclosing block steps, outermost first. */
  ancestors: number[];
  kind: 'if' | 'loop' | 'other';
}

interface OpenStep {
  row: number;
  stepId: StepId;
  at: number;
  iteration: IterationPath;
}

/** A loop whose "Completed step" was seen; it finishes when a step outside it starts. */
interface PendingLoop {
  o: OpenStep;
  at: number;
  lastInside: number;
  details: Obj;
}

/** A completed step's outputs: `details.outputs` when a server nests them, else `details` itself. */
export function outputsOfDetails(details: Obj): Record<string, unknown> {
  const src = isObj(details.outputs) ? details.outputs : details;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src)) out[k] = unwrapTyped(v);
  return out;
}

export class VflowRunTracker {
  private seq = 0;
  private readonly rows: RowInfo[];
  private readonly indexOfId = new Map<string, number>();
  private readonly open: OpenStep[] = [];
  private readonly loops = new Map<number, { iter: number; lastChild: number }>();
  private readonly opts: Required<Omit<RunTraceOptions, 'stepEvents'>> & { stepEvents: StepEventSource };
  private lastStatusRow: number | null = null;
  private finished = false;
  private readonly pendingLoops = new Map<number, PendingLoop>();

  constructor(
    private readonly runId: string,
    rows: readonly VflowStep[] | null,
    flow: Flow | null,
    private readonly emit: (e: TraceEvent) => void,
    opts: RunTraceOptions = {},
  ) {
    this.opts = {
      stepEvents: opts.stepEvents ?? 'logs',
      startPattern: opts.startPattern ?? /^starting step\b/i,
      completePattern: opts.completePattern ?? /^completed step\b/i,
    };
    this.rows = (rows ?? []).map((r) => ({ stepId: flow?.steps[r.id] ? r.id : null, ancestors: [], kind: 'other' }));
    (rows ?? []).forEach((r, i) => this.indexOfId.set(r.id, i));
    if (flow) this.walk(flow);
  }

  private walk(flow: Flow): void {
    const visit = (ids: StepId[], ancestors: number[]): void => {
      for (const id of ids) {
        const i = this.indexOfId.get(id);
        const step = flow.steps[id];
        if (i === undefined || !step) continue;
        const info = this.rows[i];
        if (!info) continue;
        info.ancestors = ancestors;
        info.kind = step.kind === 'if' ? 'if' : step.kind === 'loop' ? 'loop' : 'other';
        for (const b of Object.values(step.branches ?? {})) visit(b ?? [], [...ancestors, i]);
      }
    };
    visit(flow.root, []);
  }

  private push(e: EventBody): void {
    this.emit({ ...e, runId: this.runId, seq: this.seq++ } as TraceEvent);
  }

  get done(): boolean {
    return this.finished;
  }

  start(e: { at: number; flowId: string; inputs: Record<string, unknown>; trigger: string }): void {
    this.push({ type: 'run-started', at: e.at, flowId: e.flowId, inputs: e.inputs, trigger: e.trigger });
  }

  private rowOf(log: { stepId?: string | null; stepIndex?: number | null }): number | null {
    if (log.stepId) {
      const i = this.indexOfId.get(log.stepId);
      if (i !== undefined) return i;
    }
    if (typeof log.stepIndex === 'number' && log.stepIndex >= 0 && log.stepIndex < this.rows.length) return log.stepIndex;
    return null;
  }

  /** The iteration path of a row now (without counting a new start). */
  private iterationOf(row: number): IterationPath {
    const info = this.rows[row];
    if (!info) return [];
    const path: number[] = [];
    for (const a of info.ancestors) {
      if (this.rows[a]?.kind !== 'loop') continue;
      path.push(Math.max(0, this.loops.get(a)?.iter ?? 0));
    }
    return path;
  }

  /** Counts iterations when `row` starts. */
  private advanceLoops(row: number): void {
    const info = this.rows[row];
    if (!info) return;
    const chain = [...info.ancestors, row];
    for (let k = 0; k < info.ancestors.length; k++) {
      const loopRow = info.ancestors[k] as number;
      if (this.rows[loopRow]?.kind !== 'loop') continue;
      const child = chain[k + 1] as number;
      const st = this.loops.get(loopRow) ?? { iter: -1, lastChild: -1 };
      if (st.lastChild === -1 || child < st.lastChild || (child === st.lastChild && child === row)) st.iter++;
      st.lastChild = child;
      this.loops.set(loopRow, st);
    }
    if (info.kind === 'loop') this.loops.set(row, { iter: -1, lastChild: -1 });
  }

  /** Finishes completed loops that `row` is not inside (it starts after them, or a new pass of them). */
  private closeLoopsOutside(row: number | null): void {
    const ancestors = row === null ? [] : (this.rows[row]?.ancestors ?? []);
    for (const [loopRow, p] of [...this.pendingLoops].reverse()) {
      if (row !== null && ancestors.includes(loopRow)) continue;
      this.pendingLoops.delete(loopRow);
      const counted = (this.loops.get(loopRow)?.iter ?? -1) + 1;
      const d = p.details;
      const n = typeof d.iterations === 'number' ? d.iterations : counted > 0 ? counted : typeof d.count === 'number' ? d.count : 0;
      const outputs = outputsOfDetails(d);
      const extra: { outputs?: unknown; branch: string } = { branch: String(n) };
      if (Object.keys(outputs).length) extra.outputs = outputs;
      this.finishStep(p.o, Math.max(p.at, p.lastInside), 'succeeded', extra);
    }
  }

  private startStep(row: number, at: number, inputs: Record<string, unknown>): OpenStep | null {
    const stepId = this.rows[row]?.stepId;
    if (!stepId) return null;
    this.closeLoopsOutside(row);
    this.advanceLoops(row);
    const o: OpenStep = { row, stepId, at, iteration: this.iterationOf(row) };
    this.open.push(o);
    this.push({ type: 'step-started', at, stepId, iteration: o.iteration, inputs });
    return o;
  }

  private finishStep(
    o: OpenStep,
    at: number,
    status: Exclude<StepStatus, 'queued' | 'running'>,
    extra: { outputs?: unknown; error?: { message: string; code?: string }; durationMs?: number; branch?: string } = {},
  ): void {
    const i = this.open.indexOf(o);
    if (i >= 0) this.open.splice(i, 1);
    const e: Obj = { type: 'step-finished', at, stepId: o.stepId, iteration: o.iteration, status, durationMs: extra.durationMs ?? Math.max(0, at - o.at) };
    if (extra.outputs !== undefined) e.outputs = extra.outputs;
    if (extra.error) e.error = extra.error;
    if (extra.branch !== undefined) e.branch = extra.branch;
    this.push(e as EventBody);
  }

  private openFor(row: number): OpenStep | undefined {
    for (let i = this.open.length - 1; i >= 0; i--) if (this.open[i]?.row === row) return this.open[i];
    return undefined;
  }

  /** A log line for the user that is not the device's (waiting for the rate limit, say). */
  notice(message: string, at = Date.now()): void {
    if (this.finished) return;
    this.push({ type: 'log', at, level: 'warn', message });
  }

  /** New log entries, in order. */
  onLogs(logs: readonly VflowLogEntry[], latestOutputs?: Record<string, Record<string, unknown>> | null): void {
    if (this.finished) return;
    for (const log of logs) {
      const row = this.rowOf(log);
      const details = isObj(log.details) ? log.details : {};
      const stepId = row === null ? undefined : (this.rows[row]?.stepId ?? undefined);
      const isStart = this.opts.startPattern.test(log.message);
      const isComplete = this.opts.completePattern.test(log.message);
      if (row !== null) {
        for (const p of this.pendingLoops.values()) if (this.rows[row]?.ancestors.includes(p.o.row)) p.lastInside = Math.max(p.lastInside, log.timestamp);
      }
      // An else / end marker row "starting" or "completing" is bookkeeping, not something to tell the user.
      if (row !== null && !stepId && (isStart || isComplete)) continue;
      if (this.opts.stepEvents === 'logs' && row !== null && stepId) {
        if (isStart) {
          this.startStep(row, log.timestamp, { ...details });
          continue;
        }
        if (isComplete) {
          const kind = this.rows[row]?.kind;
          if (kind === 'loop') {
            const pending = this.pendingLoops.get(row);
            if (pending) {
              pending.at = log.timestamp;
              pending.details = details;
              continue;
            }
            const o = this.openFor(row) ?? this.startStep(row, log.timestamp, {});
            if (o) this.pendingLoops.set(row, { o, at: log.timestamp, lastInside: log.timestamp, details });
            continue;
          }
          const o = this.openFor(row) ?? this.startStep(row, log.timestamp, {});
          if (!o) continue;
          const fromLog = outputsOfDetails(details);
          const outputs = Object.keys(fromLog).length ? fromLog : latestOutputs?.[o.stepId] ? unwrapOutputs({ x: latestOutputs[o.stepId] as Obj }).x : undefined;
          let branch: string | undefined;
          if (kind === 'if') {
            const result = isObj(details.outputs) ? unwrapTyped(details.outputs.result) : unwrapTyped(details.result);
            branch = typeof details.branch === 'string' ? details.branch : typeof result === 'boolean' ? (result ? 'then' : 'else') : undefined;
          }
          const extra: { outputs?: unknown; durationMs?: number; branch?: string } = {};
          if (outputs !== undefined) extra.outputs = outputs;
          if (typeof details.actualDuration === 'number') extra.durationMs = details.actualDuration;
          if (branch !== undefined) extra.branch = branch;
          this.finishStep(o, log.timestamp, 'succeeded', extra);
          continue;
        }
        if (details.skipped === true && !this.openFor(row)) {
          const o = this.startStep(row, log.timestamp, {});
          if (o) this.finishStep(o, log.timestamp, 'skipped', { durationMs: 0 });
          continue;
        }
      }
      const level = logLevel(log.level);
      const e: Obj = { type: 'log', at: log.timestamp, level, message: log.message };
      if (stepId) {
        e.stepId = stepId;
        e.iteration = this.iterationOf(row as number);
      }
      this.push(e as EventBody);
      if (level === 'error' && row !== null && this.opts.stepEvents === 'logs') {
        const o = this.openFor(row);
        if (o) {
          const msg = typeof details.error === 'string' ? details.error : log.message;
          this.finishStep(o, log.timestamp, 'failed', { error: { message: msg } });
        }
      }
    }
  }

  /** A status snapshot (step events only in `status` mode). */
  onStatus(s: VflowExecutionDetail): void {
    if (this.finished || this.opts.stepEvents !== 'status' || isTerminal(s.status)) return;
    const row = s.currentStep ? this.rowOf({ stepId: s.currentStep.id, stepIndex: s.currentStepIndex ?? null }) : null;
    if (row === this.lastStatusRow || row === null) return;
    this.closeLeaf(s, Date.now());
    this.lastStatusRow = row;
    this.startStep(row, Date.now(), {});
  }

  private closeLeaf(s: VflowExecutionDetail, at: number): void {
    const o = [...this.open].reverse().find((x) => this.rows[x.row]?.kind !== 'loop');
    if (!o) return;
    const out = s.outputs?.[o.stepId];
    this.finishStep(o, at, 'succeeded', out ? { outputs: unwrapOutputs({ x: out }).x } : {});
  }

  /** The terminal status: closes what is still open and ends the run. */
  finish(s: VflowExecutionDetail): void {
    if (this.finished) return;
    this.finished = true;
    const at = s.completedAt ?? (s.duration !== null && s.duration !== undefined ? s.startedAt + s.duration : Date.now());
    const status = runStatusOf(s.status) as Exclude<RunStatus, 'queued' | 'running'>;
    const message = errorText(s.error);
    if (this.opts.stepEvents === 'status' && status === 'succeeded') this.closeLeaf(s, at);
    this.closeLoopsOutside(null);
    for (const o of [...this.open].reverse()) {
      const stepStatus = status === 'succeeded' ? 'succeeded' : status === 'cancelled' ? 'cancelled' : 'failed';
      const extra: { error?: { message: string; code?: string } } = {};
      if (stepStatus === 'failed') extra.error = { message: message ?? `Run ${s.status}`, code: s.status === 'timeout' ? 'timeout' : undefined };
      if (extra.error && extra.error.code === undefined) delete extra.error.code;
      this.finishStep(o, at, stepStatus, extra);
    }
    const e: Obj = { type: 'run-finished', at, status, outputs: unwrapOutputs(s.outputs), durationMs: s.duration ?? Math.max(0, at - s.startedAt) };
    if (message && status !== 'succeeded') {
      const err: Obj = { message };
      if (s.currentStep?.id) err.stepId = s.currentStep.id;
      if (status === 'timeout') err.code = 'timeout';
      e.error = err;
    }
    this.push(e as EventBody);
  }
}

/** The inputs a run was started with, from the first log entry's details when the server records them. */
export function inputsFromLogs(logs: readonly VflowLogEntry[]): Record<string, unknown> | null {
  const first = logs[0];
  const iv = first && isObj(first.details) ? first.details.inputVariables : undefined;
  if (!isObj(iv)) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(iv)) out[k] = unwrapTyped(v);
  return out;
}

/**
 * The inputs of a recorded run: what this adapter started it with, else the first log entry's
 * `inputVariables` (some servers), else the flow's declared run inputs found among the execution's
 * `variables` (the document's status answer: `inputVariables` become variables of the run).
 */
export function inputsOfRun(
  known: Record<string, unknown> | undefined,
  logs: readonly VflowLogEntry[],
  status: VflowExecutionDetail,
  declared: readonly string[],
): Record<string, unknown> {
  if (known) return { ...known };
  const fromLogs = inputsFromLogs(logs);
  if (fromLogs) return fromLogs;
  const vars = isObj(status.variables) ? status.variables : {};
  const out: Record<string, unknown> = {};
  for (const k of declared) if (k in vars) out[k] = unwrapTyped(vars[k]);
  return out;
}
