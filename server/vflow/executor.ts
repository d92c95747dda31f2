/**
 * Executes a vFlow step list for real, one step at a time over wall-clock time, so a client polling
 * `GET /executions/{id}` sees `running` with `currentStep` moving, per-step `outputs`, `variables`, and a log
 * with "Starting step: X" / "Completed step: X" entries (the document's own log example).
 *
 * Structure comes from the catalog's `blockBehavior`: if_condition ... [else ...] endif, loop ... endloop.
 * Structural rows (else / endif / endloop) are never `currentStep` and write no start/complete logs.
 * A step with `isEnabled: false` (an extension field; the document has no per-step switch) is skipped;
 * a disabled block start skips its whole block.
 */
import { ConditionError, evaluateCondition, resolveValue, stringify, type Lookup } from './conditions';
import { MODULES_BY_ID, type CatalogModule } from './catalog';
import type { Json, JsonObject } from './fixtures';

export type ExecutionStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'timeout';

export interface TypedValue {
  type: string;
  value: unknown;
}

export interface LogEntry {
  timestamp: number;
  level: 'info' | 'warning' | 'error';
  stepIndex: number | null;
  moduleId: string | null;
  message: string;
  details: Record<string, unknown>;
  /** Extension: the row's id, so a client can map logs even if the workflow was edited since. */
  stepId?: string | null;
}

export interface ExecutionRecord {
  executionId: string;
  workflowId: string;
  workflowName: string;
  status: ExecutionStatus;
  currentStepIndex: number | null;
  totalSteps: number;
  currentStep: { id: string; moduleId: string; name: string } | null;
  startedAt: number;
  completedAt: number | null;
  duration: number | null;
  outputs: Record<string, Record<string, TypedValue>>;
  error: string | null;
  variables: Record<string, TypedValue>;
  triggeredBy: string;
  logs: LogEntry[];
}

export interface ExecutorOptions {
  /** Base time every executed step takes, ms. */
  stepDelayMs: number;
  /** Multiplies the `delay` module's duration (tests use small values). */
  delayScale: number;
  /** Port of this server, for the `{{server_port}}` system variable. */
  serverPort: () => number;
  failMidway: () => boolean;
  /**
   * The log's shape. `document` (default): the document's own example: entries carry timestamp, level,
   * stepIndex, moduleId, message, details; "Completed step" puts the step's outputs directly in `details`
   * (`{"actualDuration": 1001}`); every row is a step, block-end rows included. `nested`: our older shape
   * (`stepId` on entries, `details.outputs`, `inputVariables` in the first entry, no marker rows logged).
   */
  logStyle?: 'document' | 'nested';
}

export class WorkflowValidationError extends Error {
  constructor(
    readonly code: 1002 | 2002,
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }
}

class StepError extends Error {}
class AbortedError extends Error {}

interface Structure {
  /** block start row -> its end row; else row -> end row */
  end: Map<number, number>;
  /** if row -> else row */
  elseOf: Map<number, number>;
  /** end row -> block start row */
  startOf: Map<number, number>;
}

function moduleOf(row: JsonObject): CatalogModule | undefined {
  return typeof row.moduleId === 'string' ? MODULES_BY_ID.get(row.moduleId) : undefined;
}

function isBlockStart(m: CatalogModule | undefined): boolean {
  return !!m && m.blockBehavior.endBlockId !== null && m.blockBehavior.blockType !== 'else' && m.blockBehavior.blockType !== 'end';
}

/** Pairs block rows. Throws WorkflowValidationError (1002) for unbalanced structures. */
export function analyse(steps: JsonObject[]): Structure {
  const end = new Map<number, number>();
  const elseOf = new Map<number, number>();
  const startOf = new Map<number, number>();
  const stack: number[] = [];
  steps.forEach((row, i) => {
    const m = moduleOf(row);
    const id = String(row.id);
    if (isBlockStart(m)) {
      stack.push(i);
      return;
    }
    if (m?.blockBehavior.blockType === 'else') {
      const top = stack[stack.length - 1];
      const topMod = top === undefined ? undefined : moduleOf(steps[top] as JsonObject);
      if (top === undefined || topMod?.blockBehavior.endBlockId !== m.blockBehavior.endBlockId || elseOf.has(top)) {
        throw new WorkflowValidationError(1002, `Unexpected ${m.id} at step ${id}`, { stepId: id, stepIndex: i });
      }
      elseOf.set(top, i);
      return;
    }
    if (m?.blockBehavior.blockType === 'end') {
      const top = stack.pop();
      const topMod = top === undefined ? undefined : moduleOf(steps[top] as JsonObject);
      if (top === undefined || topMod?.blockBehavior.endBlockId !== m.id) {
        throw new WorkflowValidationError(1002, `Unmatched ${m.id} at step ${id}`, { stepId: id, stepIndex: i });
      }
      end.set(top, i);
      startOf.set(i, top);
      const e = elseOf.get(top);
      if (e !== undefined) end.set(e, i);
    }
  });
  const open = stack.pop();
  if (open !== undefined) {
    const row = steps[open] as JsonObject;
    throw new WorkflowValidationError(1002, `Block ${String(row.moduleId)} at step ${String(row.id)} is never closed`, { stepId: String(row.id), stepIndex: open });
  }
  return { end, elseOf, startOf };
}

export function paramValue(row: JsonObject, key: string): unknown {
  const params = row.parameters;
  if (!params || typeof params !== 'object' || Array.isArray(params)) return undefined;
  const p = (params as JsonObject)[key];
  if (p && typeof p === 'object' && !Array.isArray(p) && 'value' in p) return p.value;
  return p;
}

export function isRowEnabled(row: JsonObject): boolean {
  return row.isEnabled !== false;
}

/** Required inputs present on every enabled step (422 / 2002 otherwise). */
export function validateForRun(steps: JsonObject[]): Structure {
  const s = analyse(steps);
  steps.forEach((row, i) => {
    if (!isRowEnabled(row)) return;
    const m = moduleOf(row);
    if (!m) throw new WorkflowValidationError(1002, `Module not found: ${String(row.moduleId)}`, { stepId: row.id ?? null, stepIndex: i });
    for (const inp of m.inputs) {
      if (!inp.required) continue;
      const v = paramValue(row, inp.id);
      if (v === undefined || v === null || v === '') {
        throw new WorkflowValidationError(2002, `Missing required parameter ${inp.id} on step ${String(row.id)}`, { stepId: row.id ?? null, parameter: inp.id });
      }
    }
  });
  return s;
}

function typeOf(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (Array.isArray(v)) return 'list';
  if (v && typeof v === 'object') return 'dictionary';
  return 'any';
}

function defaultFor(type: string): unknown {
  switch (type) {
    case 'boolean':
      return true;
    case 'number':
      return 0;
    case 'dictionary':
      return {};
    case 'list':
      return [];
    default:
      return '';
  }
}

export class Execution {
  readonly record: ExecutionRecord;
  readonly done: Promise<ExecutionRecord>;
  private readonly controller = new AbortController();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private injected = false;
  private readonly stepIds: Set<string>;

  constructor(
    executionId: string,
    private readonly workflow: JsonObject,
    private readonly steps: JsonObject[],
    private readonly structure: Structure,
    private readonly inputs: Record<string, TypedValue>,
    /** seconds */
    timeoutSeconds: number,
    private readonly opts: ExecutorOptions,
  ) {
    const now = Date.now();
    this.stepIds = new Set(steps.map((s) => String(s.id)));
    this.record = {
      executionId,
      workflowId: String(workflow.id),
      workflowName: String(workflow.name ?? ''),
      status: 'running',
      currentStepIndex: 0,
      totalSteps: steps.length,
      currentStep: null,
      startedAt: now,
      completedAt: null,
      duration: null,
      outputs: {},
      error: null,
      variables: { ...inputs },
      triggeredBy: 'manual',
      logs: [],
    };
    if (timeoutSeconds > 0 && Number.isFinite(timeoutSeconds)) {
      const t = setTimeout(() => this.terminate('timeout'), timeoutSeconds * 1000);
      this.timers.add(t);
    }
    this.done = this.run();
  }

  get running(): boolean {
    return this.record.status === 'running';
  }

  /** Stops at once: the record is final (status, completedAt, log) before this returns. */
  stop(): void {
    this.terminate('cancelled');
  }

  private terminate(reason: 'cancelled' | 'timeout'): void {
    if (!this.running) return;
    const msg = reason === 'timeout' ? 'Execution exceeded max execution time' : 'Execution cancelled by user';
    this.log(reason === 'timeout' ? 'error' : 'warning', this.record.currentStepIndex !== null && this.record.currentStep ? this.record.currentStepIndex : null, msg, {});
    this.finish(reason, reason === 'timeout' ? msg : null);
    this.controller.abort(reason);
  }

  /** Server shutdown: stop timers without waiting. */
  dispose(): void {
    this.controller.abort('cancelled');
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private get nested(): boolean {
    return this.opts.logStyle === 'nested';
  }

  private log(level: LogEntry['level'], stepIndex: number | null, message: string, details: Record<string, unknown> = {}): void {
    const row = stepIndex === null ? undefined : this.steps[stepIndex];
    const entry: LogEntry = { timestamp: Date.now(), level, stepIndex, moduleId: row ? String(row.moduleId) : null, message, details };
    if (this.nested) entry.stepId = row ? String(row.id) : null;
    this.record.logs.push(entry);
  }

  /** "Completed step: x": outputs as plain values in `details` (document), or nested under `outputs` with extras. */
  private logCompleted(index: number, moduleId: string, outputs: Record<string, TypedValue>, nestedExtras: Record<string, unknown>): void {
    if (this.nested) {
      this.log('info', index, `Completed step: ${moduleId}`, { ...nestedExtras, outputs: structuredClone(outputs) });
      return;
    }
    this.log('info', index, `Completed step: ${moduleId}`, Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, structuredClone(v.value)])));
  }

  /** Marker rows (else / endif / endloop) are steps of the list too: logged in the document's style only. */
  private logMarker(index: number, moduleId: string): void {
    if (this.nested) return;
    this.log('info', index, `Starting step: ${moduleId}`, {});
    this.log('info', index, `Completed step: ${moduleId}`, {});
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.controller.signal;
    if (signal.aborted) return Promise.reject(new AbortedError());
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      this.timers.add(t);
      const onAbort = (): void => {
        clearTimeout(t);
        this.timers.delete(t);
        reject(new AbortedError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private lookup: Lookup = (path) => {
    const segs = path.split('.').map((s) => s.trim());
    const head = segs[0] ?? '';
    let value: unknown;
    let rest: string[];
    if (this.stepIds.has(head)) {
      const out = this.record.outputs[head];
      const key = segs[1];
      value = key === undefined ? (out ? Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.value])) : undefined) : out?.[key]?.value;
      rest = segs.slice(2);
    } else if (head in this.record.variables) {
      value = this.record.variables[head]?.value;
      rest = segs.slice(1);
    } else if (head === 'trigger') {
      value = { data: Object.fromEntries(Object.entries(this.inputs).map(([k, v]) => [k, v.value])) };
      rest = segs.slice(1);
    } else if (head === 'current_time') {
      value = Date.now();
      rest = segs.slice(1);
    } else if (head === 'device_info') {
      value = { brand: 'Xiaomi', model: 'Mi 14', androidVersion: '14', apiLevel: 34 };
      rest = segs.slice(1);
    } else if (head === 'server_port') {
      value = this.opts.serverPort();
      rest = segs.slice(1);
    } else {
      return undefined;
    }
    for (const k of rest) {
      if (value && typeof value === 'object') value = (value as Record<string, unknown>)[k];
      else return undefined;
    }
    return value;
  };

  private param(row: JsonObject, key: string, m: CatalogModule): unknown {
    let v = paramValue(row, key);
    if (v === undefined) v = m.inputs.find((i) => i.id === key)?.defaultValue ?? undefined;
    return resolveValue(v, this.lookup);
  }

  private setOutputs(row: JsonObject, m: CatalogModule, values: Record<string, unknown>): Record<string, TypedValue> {
    const out: Record<string, TypedValue> = {};
    for (const [k, v] of Object.entries(values)) {
      const declared = m.outputs.find((o) => o.id === k)?.type;
      out[k] = { type: declared && declared !== 'any' ? declared : typeOf(v), value: v };
    }
    this.record.outputs[String(row.id)] = out;
    return out;
  }

  private async runModule(row: JsonObject, m: CatalogModule, index: number): Promise<Record<string, unknown>> {
    const num = (key: string): number => {
      const raw = this.param(row, key, m);
      const n = typeof raw === 'number' ? raw : Number(stringify(raw));
      if (!Number.isFinite(n)) throw new StepError(`Parameter ${key} is not a number: ${stringify(raw)}`);
      return n;
    };
    const str = (key: string): string => stringify(this.param(row, key, m));
    switch (m.id) {
      case 'trigger_manual':
        return { data: Object.fromEntries(Object.entries(this.inputs).map(([k, v]) => [k, v.value])) };
      case 'trigger_notification':
        return {
          packageName: this.inputs.packageName?.value ?? str('packageName'),
          title: this.inputs.title?.value ?? '',
          content: this.inputs.content?.value ?? '',
        };
      case 'delay': {
        const d = num('duration');
        if (d < 0) throw new StepError(`Invalid duration ${d}`);
        const t0 = Date.now();
        await this.sleep(d * this.opts.delayScale);
        return { actualDuration: Date.now() - t0 };
      }
      case 'log': {
        const message = str('message');
        const level = str('level');
        this.log(level === 'error' ? 'error' : level === 'warning' ? 'warning' : 'info', index, message, { source: 'log' });
        return { message };
      }
      case 'show_toast':
        this.log('info', index, `Toast: ${str('message')}`, { source: 'toast' });
        return { shown: true };
      case 'set_variable': {
        const name = str('name');
        if (!name) throw new StepError('Variable name is empty');
        let value = this.param(row, 'value', m);
        const declared = (row.parameters as JsonObject | undefined)?.value;
        const declaredType = declared && typeof declared === 'object' && !Array.isArray(declared) ? declared.type : undefined;
        if (declaredType === 'number' && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) value = Number(value);
        this.record.variables[name] = { type: typeOf(value), value };
        return { value };
      }
      case 'calculate': {
        const a = num('operand1');
        const b = num('operand2');
        const op = str('operator');
        let r: number;
        if (op === '+') r = a + b;
        else if (op === '-') r = a - b;
        else if (op === '*') r = a * b;
        else if (op === '/' || op === '%') {
          if (b === 0) throw new StepError('Division by zero');
          r = op === '/' ? a / b : a % b;
        } else throw new StepError(`Unknown operator ${op}`);
        return { result: r };
      }
      case 'text_format': {
        const result = str('template');
        return { result, length: result.length };
      }
      case 'text_case': {
        const t = str('text');
        return { result: str('mode') === 'lower' ? t.toLowerCase() : t.toUpperCase() };
      }
      case 'throw_error':
        throw new StepError(str('message') || 'Error');
      case 'http_request':
        return this.http(row, m);
      case 'shell_command':
        return { stdout: `simulated: ${str('command')}`, exitCode: 0 };
      case 'read_file':
        return { content: `simulated content of ${str('path')}` };
      default: {
        // UI, app and system modules cannot run here: simulated with default outputs.
        this.log('info', index, `Simulated ${m.id} (not available on the test server)`, { simulated: true });
        return Object.fromEntries(m.outputs.map((o) => [o.id, defaultFor(o.type)]));
      }
    }
  }

  private async http(row: JsonObject, m: CatalogModule): Promise<Record<string, unknown>> {
    const url = stringify(this.param(row, 'url', m));
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new StepError(`Invalid URL: ${url}`);
    }
    if (parsed.hostname !== '127.0.0.1' && parsed.hostname !== 'localhost') {
      throw new StepError(`HTTP request failed: the test server only calls 127.0.0.1 (got ${parsed.hostname})`);
    }
    const method = stringify(this.param(row, 'method', m) || 'GET').toUpperCase();
    const headersRaw = this.param(row, 'headers', m);
    const headers: Record<string, string> = {};
    if (headersRaw && typeof headersRaw === 'object' && !Array.isArray(headersRaw)) {
      for (const [k, v] of Object.entries(headersRaw)) headers[k] = stringify(v);
    }
    const bodyRaw = this.param(row, 'body', m);
    const timeoutS = Number(this.param(row, 'timeout', m) ?? 30) || 30;
    const signal = AbortSignal.any([this.controller.signal, AbortSignal.timeout(timeoutS * 1000)]);
    let res: Response;
    try {
      res = await fetch(parsed, {
        method,
        headers,
        body: method === 'GET' || method === 'HEAD' || bodyRaw === undefined || bodyRaw === null ? undefined : stringify(bodyRaw),
        signal,
      });
    } catch (e) {
      if (this.controller.signal.aborted) throw new AbortedError();
      throw new StepError(`HTTP request failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    const body = await res.text();
    return { statusCode: res.status, body, headers: Object.fromEntries(res.headers.entries()) };
  }

  private finish(status: ExecutionStatus, error: string | null): ExecutionRecord {
    const r = this.record;
    r.status = status;
    r.error = error;
    r.completedAt = Date.now();
    r.duration = r.completedAt - r.startedAt;
    if (status === 'completed') {
      r.currentStep = null;
      r.currentStepIndex = r.totalSteps;
    }
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    return r;
  }

  private async run(): Promise<ExecutionRecord> {
    const { steps, structure } = this;
    const n = steps.length;
    const loops: Array<{ row: number; index: number; count: number }> = [];
    this.log('info', null, `Execution started: ${this.record.workflowName}`, this.nested ? { totalSteps: n, inputVariables: structuredClone(this.inputs) } : { totalSteps: n });
    let pc = 0;
    let guard = 0;
    let stepIndex: number | null = null;
    try {
      // Yield once so the caller gets the 202 before anything happens.
      await this.sleep(0);
      while (pc < n) {
        if (++guard > 1_000_000) throw new StepError('Step limit exceeded');
        const row = steps[pc] as JsonObject;
        const m = moduleOf(row);
        const bt = m?.blockBehavior.blockType;
        if (!isRowEnabled(row)) {
          this.log('info', pc, `Skipped disabled step: ${String(row.moduleId)}`, { skipped: true });
          pc = isBlockStart(m) ? (structure.end.get(pc) ?? pc) + 1 : pc + 1;
          continue;
        }
        if (bt === 'else') {
          // Reached from the then-branch: the else part is skipped (its end row still runs, below).
          this.logMarker(pc, String(row.moduleId));
          pc = structure.end.get(pc) ?? pc + 1;
          continue;
        }
        if (bt === 'end') {
          this.logMarker(pc, String(row.moduleId));
          const start = structure.startOf.get(pc);
          const top = loops[loops.length - 1];
          if (start !== undefined && top && top.row === start) {
            top.index++;
            const loopRow = steps[start] as JsonObject;
            if (top.index < top.count) {
              const loopModule = MODULES_BY_ID.get(String(loopRow.moduleId));
              if (loopModule) this.setOutputs(loopRow, loopModule, { index: top.index, count: top.count });
              pc = start + 1;
              continue;
            }
            loops.pop();
            this.logCompleted(start, String(loopRow.moduleId), this.record.outputs[String(loopRow.id)] ?? {}, { iterations: top.count });
          }
          pc++;
          continue;
        }
        if (!m) throw new StepError(`Module not found: ${String(row.moduleId)}`);
        stepIndex = pc;
        this.record.currentStepIndex = pc;
        this.record.currentStep = { id: String(row.id), moduleId: m.id, name: m.metadata.nameEn };
        const resolvedInputs: Record<string, unknown> = {};
        for (const inp of m.inputs) {
          const v = paramValue(row, inp.id);
          if (v !== undefined) resolvedInputs[inp.id] = resolveValue(v, this.lookup);
        }
        this.log('info', pc, `Starting step: ${m.id}`, resolvedInputs);
        const t0 = Date.now();
        await this.sleep(this.opts.stepDelayMs);
        if (this.opts.failMidway() && !this.injected && pc >= Math.floor(n / 2)) {
          this.injected = true;
          throw new StepError('Injected failure (failExecutionMidway)');
        }
        if (bt === 'if') {
          let result: boolean;
          try {
            result = evaluateCondition(stringify(paramValue(row, 'condition')), this.lookup);
          } catch (e) {
            throw new StepError(e instanceof ConditionError ? `Invalid condition: ${e.message}` : String(e));
          }
          const outputs = this.setOutputs(row, m, { result });
          const branch = result ? 'then' : 'else';
          this.logCompleted(pc, m.id, outputs, { actualDuration: Date.now() - t0, result, branch });
          const elseRow = structure.elseOf.get(pc);
          // False without an else part: on to the end row (logged in the document's style), or past it.
          const endRow = structure.end.get(pc) ?? pc;
          pc = result ? pc + 1 : elseRow !== undefined ? elseRow + 1 : this.nested ? endRow + 1 : endRow;
          continue;
        }
        if (bt === 'loop') {
          const count = Math.max(0, Math.floor(Number(resolveValue(paramValue(row, 'count'), this.lookup))) || 0);
          const loopOutputs = this.setOutputs(row, m, { index: 0, count });
          if (count === 0) {
            this.logCompleted(pc, m.id, loopOutputs, { iterations: 0 });
            pc = (structure.end.get(pc) ?? pc) + 1;
          } else {
            loops.push({ row: pc, index: 0, count });
            pc++;
          }
          continue;
        }
        const values = await this.runModule(row, m, pc);
        const outputs = this.setOutputs(row, m, values);
        this.logCompleted(pc, m.id, outputs, { actualDuration: Date.now() - t0 });
        pc++;
      }
      this.log('info', null, 'Execution completed', {});
      return this.finish('completed', null);
    } catch (e) {
      // Stopped or timed out: terminate() already wrote the final record.
      if (e instanceof AbortedError || this.controller.signal.aborted || !this.running) return this.record;
      const msg = e instanceof Error ? e.message : String(e);
      const row = stepIndex === null ? undefined : steps[stepIndex];
      this.log('error', stepIndex, `Step failed: ${row ? String(row.moduleId) : 'workflow'}`, { error: msg });
      return this.finish('failed', msg);
    }
  }
}

export function toTypedInputs(raw: unknown): Record<string, TypedValue> {
  const out: Record<string, TypedValue> = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return out;
  for (const [k, v] of Object.entries(raw as Record<string, Json>)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && 'value' in v) {
      out[k] = { type: typeof v.type === 'string' ? v.type : typeOf(v.value), value: v.value };
    } else {
      out[k] = { type: typeOf(v), value: v };
    }
  }
  return out;
}
