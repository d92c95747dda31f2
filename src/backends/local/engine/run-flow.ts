/**
 * The local execution engine: runs one flow and reports everything as trace events. Pure TypeScript, no DOM;
 * runs in a Worker, in Node and in Vitest.
 *
 * Guarantees: `run-started` is the first event and `run-finished` the last, whatever happens (a crash inside
 * the engine included); `seq` rises by one per event; every executed step gets `step-started` then
 * `step-finished`; a step that does not run because it is disabled or sits in a branch that was not taken
 * gets only a `step-finished` with status `skipped`.
 *
 * Control flow inside the engine uses exceptions for the two things that unwind many levels at once: a step
 * failing with `onError: 'stop'`, and the run stopping (cancel or run timeout). Enclosing loop steps catch them
 * only to report their own end, then rethrow.
 */
import type { Edge, Flow, RunInputDefinition, Step, StepId } from '../../../model/flow';
import type { RunStatus } from '../../types';
import type { IterationPath, TraceEvent } from '../../trace';
import { normalizeRunInputs } from '../modules/manual-trigger';
import { StepError, type ExecutionResult, type LogLevel, type LoopPlan, type ModuleImplementation } from '../modules/types';
import type { Sandbox, SandboxProvider } from '../sandbox/types';
import { indexGraph, ownedSteps, type GraphIndex } from './graph-index';
import { resolveParams, type ResolveState } from './resolve';
import { StepContext, StepTimeout, type RunServices } from './step-context';
import type { Breakpoint, DebugRunOptions, ReusedOutput } from '../../debug';
import type { PauseReason, ReusedOutputSource } from '../../trace';
import { evaluateCondition, isTruthy } from './condition';
import { steppingAfter, type DebugChannel, type SteppingTarget } from './debug-channel';
import { displayNamesOf, type StepDisplayNames } from '../../../model/references/display';

export const DEFAULT_STEP_TIMEOUT_MS = 30_000;

export interface RunFlowOptions {
  runId: string;
  inputs: Record<string, unknown>;
  trigger?: string;
  versionId?: string;
  modules: readonly ModuleImplementation[] | ReadonlyMap<string, ModuleImplementation>;
  sandbox: SandboxProvider;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  emit(event: TraceEvent): void;
  /** Epoch milliseconds; injectable for deterministic tests. */
  now?(): number;
  runTimeoutMs?: number;
  /** For steps without `timeoutMs` whose module sets no default. */
  defaultStepTimeoutMs?: number;
  /**
   * Give the host's event loop a turn at least this often (ms), so a worker can receive a cancel message
   * during a long run of instant steps. Default 10.
   */
  yieldIntervalMs?: number;
  /** Outputs of steps treated as already run (test-step samples). */
  initialStepOutputs?: Record<string, unknown>;
  /** Breakpoints, pins and reused outputs (the debugger). */
  debug?: DebugRunOptions;
  /** Where a paused run waits for its commands; without one the run never pauses. */
  debugChannel?: DebugChannel;
}

export interface RunFlowResult {
  status: Exclude<RunStatus, 'queued' | 'running'>;
  outputs?: unknown;
  error?: { message: string; code?: string; stepId?: string };
  durationMs: number;
}

type FinishedStatus = 'succeeded' | 'failed' | 'skipped' | 'cancelled';
type ErrorPayload = { message: string; code?: string; line?: number; column?: number };

/** Unwinds the run: a step failed with onError stop, or the run was cancelled / timed out. */
class RunStop extends Error {
  constructor(
    readonly status: 'failed' | 'cancelled' | 'timeout',
    message: string,
    readonly stepId?: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

type Executed =
  | { kind: 'done'; result: ExecutionResult }
  | { kind: 'failed' }
  | { kind: 'loop'; plan: LoopPlan; startedAt: number; release(): void }
  /** A loop step that did not run: its output (and its body's) came from a pin or an earlier run. */
  | { kind: 'reused-loop' };

export async function runFlow(flow: Flow, opts: RunFlowOptions): Promise<RunFlowResult> {
  return new RunExecution(flow, opts).run();
}

class RunExecution implements RunServices {
  private seq = 0;
  private readonly now: () => number;
  private readonly modules: ReadonlyMap<string, ModuleImplementation>;
  private readonly runCtl = new AbortController();
  private stop: RunStop | null = null;
  readonly steps: Record<string, unknown> = {};
  readonly stepNames: StepDisplayNames;
  readonly vars: Record<string, unknown> = {};
  runInputs: Record<string, unknown> = {};
  readonly runSignal: AbortSignal = this.runCtl.signal;
  readonly inputDefinitions: RunInputDefinition[];
  readonly fetchImpl: typeof fetch;
  private output: { set: boolean; value: unknown } = { set: false, value: undefined };
  private lastOutputs: unknown = undefined;
  private startedAt = 0;
  private lastYield = 0;
  private sandboxPromise: Promise<Sandbox> | null = null;
  private graph: GraphIndex | null = null;
  readonly state: ResolveState;
  // The debugger: nesting depth of the step being run, where the next step command pauses, time spent paused
  // (it counts against no limit), whether the run-to target was reached, and whether to end after a step.
  private depth = 0;
  private stepping: SteppingTarget = null;
  private pausedMs = 0;
  private runToReached = false;
  private endedEarly = false;
  private runTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly flow: Flow,
    private readonly opts: RunFlowOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.inputDefinitions = flow.inputs ?? [];
    this.stepNames = displayNamesOf(flow);
    this.fetchImpl = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    if (opts.initialStepOutputs) Object.assign(this.steps, opts.initialStepOutputs);
    this.modules = opts.modules instanceof Map ? opts.modules : new Map((opts.modules as readonly ModuleImplementation[]).map((m) => [m.definition.id, m]));
    this.state = {
      steps: this.steps,
      inputs: this.runInputs,
      sys: (name) => this.sys(name),
    };
  }

  async run(): Promise<RunFlowResult> {
    this.startedAt = this.now();
    this.lastYield = performance.now();
    let result: RunFlowResult;
    const onExternalAbort = (): void => this.halt(new RunStop('cancelled', 'The run was cancelled.'));
    if (this.opts.debug?.pauseAtStart) this.stepping = { maxDepth: Number.POSITIVE_INFINITY };
    try {
      this.runInputs = normalizeRunInputs(this.flow.inputs ?? [], this.opts.inputs ?? {}).values;
      this.state.inputs = this.runInputs;
      this.emit({
        type: 'run-started',
        flowId: this.flow.id,
        inputs: this.runInputs,
        trigger: this.opts.trigger ?? 'manual',
        ...(this.opts.versionId !== undefined ? { versionId: this.opts.versionId } : {}),
        ...(this.opts.debug?.partial ? { partial: this.opts.debug.partial } : {}),
      });
      if (this.opts.signal?.aborted) onExternalAbort();
      this.opts.signal?.addEventListener('abort', onExternalAbort, { once: true });
      this.armRunTimer();
      if (this.flow.structure === 'graph') {
        this.graph = indexGraph(this.flow);
        const all = [...this.graph.order.keys()];
        await this.runRegion(ownedSteps(all, this.graph), [], []);
      } else {
        await this.runList(this.flow.root, []);
      }
      this.checkStopped();
      result = { status: 'succeeded', outputs: this.output.set ? this.output.value : this.lastOutputs, durationMs: this.now() - this.startedAt };
    } catch (e) {
      const stop = e instanceof RunStop ? e : null;
      const error = stop
        ? { message: stop.message, ...(stop.code ? { code: stop.code } : {}), ...(stop.stepId ? { stepId: stop.stepId } : {}) }
        : { message: `Internal engine error: ${e instanceof Error ? e.message : String(e)}`, code: 'internal' };
      result = { status: stop ? stop.status : 'failed', error, durationMs: this.now() - this.startedAt };
    } finally {
      clearTimeout(this.runTimer);
      this.opts.signal?.removeEventListener('abort', onExternalAbort);
    }
    if (this.seq === 0) {
      // run-started itself failed to build (bad inputs object): still open the stream properly.
      this.emit({ type: 'run-started', flowId: this.flow?.id ?? '', inputs: {}, trigger: this.opts.trigger ?? 'manual' });
    }
    this.emit({ type: 'run-finished', ...result });
    return result;
  }

  // ---------------------------------------------------------------- events

  private emit(partial: DistributiveOmit<TraceEvent, 'runId' | 'seq' | 'at'>): void {
    // The partial is always a fresh literal, so completing it in place is safe (and cheaper than a spread).
    const event = Object.assign(partial, { runId: this.opts.runId, seq: this.seq++, at: this.now() }) as TraceEvent;
    try {
      this.opts.emit(event);
    } catch {
      // A failing consumer must not take the run down with it.
    }
  }

  private emitSkipped(step: Step, iteration: IterationPath): void {
    this.emit({ type: 'step-finished', stepId: step.id, iteration, status: 'skipped', durationMs: 0 });
  }

  setRunOutput(value: unknown): void {
    this.output = { set: true, value };
  }

  log(level: LogLevel, message: string, stepId?: string, iteration?: IterationPath): void {
    this.emit({ type: 'log', level, message, ...(stepId !== undefined ? { stepId } : {}), ...(iteration !== undefined ? { iteration } : {}) });
  }

  // ---------------------------------------------------------------- run control

  private halt(stop: RunStop): void {
    if (this.stop) return;
    this.stop = stop;
    this.runCtl.abort(stop);
  }

  /** (Re)arms the run timeout for the time the run has left; paused time does not count. */
  private armRunTimer(): void {
    clearTimeout(this.runTimer);
    this.runTimer = undefined;
    const runTimeoutMs = this.opts.runTimeoutMs;
    // Timers hold at most 2^31 - 1 ms; a longer limit would fire at once, so it means "no limit".
    if (runTimeoutMs === undefined || runTimeoutMs <= 0 || runTimeoutMs > 2_147_483_647 || this.stop) return;
    const left = Math.max(0, this.runTimeLeft());
    this.runTimer = setTimeout(() => this.halt(new RunStop('timeout', `The run exceeded its time limit of ${runTimeoutMs} ms.`, undefined, 'timeout')), left);
  }

  private checkStopped(): void {
    if (this.stop) throw this.stop;
  }

  /** A promise only when it is time to yield, so the common case costs no await. */
  private maybeYield(): Promise<void> | undefined {
    const interval = this.opts.yieldIntervalMs ?? 10;
    const t = performance.now();
    if (t - this.lastYield < interval) return undefined;
    this.lastYield = t;
    return macrotask();
  }

  private sys(name: string): unknown {
    switch (name) {
      case 'vars':
        return this.vars;
      case 'runId':
        return this.opts.runId;
      case 'flowId':
        return this.flow.id;
      case 'flowName':
        return this.flow.name;
      case 'trigger':
        return this.opts.trigger ?? 'manual';
      case 'startedAt':
        return new Date(this.startedAt).toISOString();
      case 'now':
        return new Date(this.now()).toISOString();
      case 'timestamp':
        return this.now();
      default:
        return undefined;
    }
  }

  getSandbox(): Promise<Sandbox> {
    if (!this.sandboxPromise) this.sandboxPromise = this.opts.sandbox();
    return this.sandboxPromise;
  }

  // ---------------------------------------------------------------- one step

  private async execute(step: Step, iteration: IterationPath): Promise<Executed> {
    this.checkStopped();
    const pause = this.maybeYield();
    if (pause) {
      await pause;
      this.checkStopped();
    }
    const impl = this.modules.get(step.type);
    const rawKeys = impl?.rawParams ?? NO_KEYS;
    let missing: string[] | null = null;
    let rawParams = step.params ?? {};
    let params = resolveParams(rawParams, rawKeys, this.state, (raw) => (missing ??= []).push(raw));
    const reused = this.reusedOutput(step, iteration);
    if (reused) return this.finishReused(step, iteration, params, reused);
    const reason = await this.pauseReason(step, iteration, params);
    if (reason) {
      const edited = await this.pauseBefore(step, iteration, params, reason);
      if (edited) {
        params = edited;
        // Raw params (code, conditions) are read unresolved: an edit of one replaces the raw text too.
        const raw = { ...rawParams };
        for (const k of rawKeys) if (k in edited) raw[k] = edited[k];
        rawParams = raw;
      }
    }
    this.emit({ type: 'step-started', stepId: step.id, iteration, inputs: params });
    if (missing) for (const raw of new Set<string>(missing)) this.log('warn', `${raw} has no value: the step has not run yet or has no such output.`, step.id, iteration);
    const startedAt = this.now();
    let ctx: StepContext | null = null;
    try {
      if (!impl) throw new StepError(`Unknown module "${step.type}": this backend has no such step type. Replace the step or switch backend.`, { code: 'unknown-module' });
      const timeoutMs = step.timeoutMs ?? safeDefaultTimeout(impl, params) ?? this.opts.defaultStepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
      const budget = Math.max(1, Math.min(timeoutMs, this.runTimeLeft()));
      ctx = new StepContext(this, step, iteration, params, rawParams, rawKeys, budget);
      const pending = impl.execute(ctx);
      // Synchronous executors (most data steps) need no timer, race or signal.
      const result = isThenable(pending) ? await ctx.guard(pending, timeoutMs) : pending;
      ctx.stopTimer();
      this.checkStopped();
      if (step.kind === 'loop') {
        if (!result.loop) throw new StepError(`Module "${step.type}" cannot drive a loop step.`, { code: 'invalid' });
        const loopCtx = ctx;
        return { kind: 'loop', plan: result.loop, startedAt, release: () => loopCtx.release() };
      }
      const outputs = result.outputs;
      this.steps[step.id] = outputs;
      this.lastOutputs = outputs;
      const branch = step.kind === 'if' ? (result.branch ?? 'else') : undefined;
      this.emit(
        branch
          ? { type: 'step-finished', stepId: step.id, iteration, status: 'succeeded', outputs, durationMs: this.now() - startedAt, branch }
          : { type: 'step-finished', stepId: step.id, iteration, status: 'succeeded', outputs, durationMs: this.now() - startedAt },
      );
      ctx.release();
      this.afterStep(step);
      return { kind: 'done', result: branch && result.branch !== branch ? { ...result, branch } : result };
    } catch (e) {
      ctx?.release();
      const durationMs = this.now() - startedAt;
      if (this.stop) {
        this.emit({ type: 'step-finished', stepId: step.id, iteration, status: 'cancelled', error: { message: this.stop.message, code: this.stop.status }, durationMs });
        throw this.stop;
      }
      const error: ErrorPayload =
        e instanceof StepTimeout ? { message: `Step "${step.title || step.id}" timed out after ${e.timeoutMs} ms.`, code: 'timeout' } : toErrorPayload(e);
      this.emit({ type: 'step-finished', stepId: step.id, iteration, status: 'failed', error, durationMs });
      const failed = this.afterFailure(step, error);
      this.afterStep(step);
      return failed;
    }
  }

  // ---------------------------------------------------------------- the debugger

  /** A pinned output, or (partial runs) the recorded one for this iteration. Loops are pinned as a whole. */
  private reusedOutput(step: Step, iteration: IterationPath): { value: unknown; source: ReusedOutputSource } | null {
    const pins = this.opts.debug?.pins;
    if (pins && Object.prototype.hasOwnProperty.call(pins, step.id)) return { value: pins[step.id], source: { source: 'pin' } };
    const record = this.opts.debug?.reuse?.[step.id];
    if (!record) return null;
    const found = recordedOutput(record, iteration);
    return found.found ? { value: found.value, source: { source: 'run', runId: record.runId } } : null;
  }

  private finishReused(step: Step, iteration: IterationPath, params: Record<string, unknown>, reused: { value: unknown; source: ReusedOutputSource }): Executed {
    this.emit({ type: 'step-started', stepId: step.id, iteration, inputs: params });
    const outputs = reused.value;
    this.steps[step.id] = outputs;
    this.lastOutputs = outputs;
    const base = { type: 'step-finished' as const, stepId: step.id, iteration, status: 'succeeded' as const, outputs, durationMs: 0, reused: reused.source };
    if (step.kind === 'if') {
      // An if's output is `{ result }`: the branch follows from it, as if the condition had said so.
      const branch = isTruthy((outputs as { result?: unknown } | null)?.result) ? 'then' : 'else';
      this.emit({ ...base, branch });
      this.afterStep(step);
      return { kind: 'done', result: { outputs, branch } };
    }
    this.emit(step.kind === 'loop' ? { ...base, branch: String((outputs as { iterations?: unknown } | null)?.iterations ?? 0) } : base);
    this.afterStep(step);
    return step.kind === 'loop' ? { kind: 'reused-loop' } : { kind: 'done', result: { outputs } };
  }

  /** The body of a reused loop did not run either: its steps get their recorded (last) outputs, or are skipped. */
  private reuseBody(ids: readonly StepId[], iteration: IterationPath): void {
    for (const id of ids) {
      const step = this.flow.steps[id];
      if (!step) continue;
      const record = this.opts.debug?.reuse?.[id];
      const keys = record ? Object.keys(record.byIteration) : [];
      const lastKey = keys[keys.length - 1];
      if (record && lastKey !== undefined) {
        const value = record.byIteration[lastKey];
        this.steps[id] = value;
        const at = lastKey === '' ? iteration : lastKey.split('.').map(Number);
        this.emit({ type: 'step-started', stepId: id, iteration: at, inputs: {} });
        this.emit({ type: 'step-finished', stepId: id, iteration: at, status: 'succeeded', outputs: value, durationMs: 0, reused: { source: 'run', runId: record.runId } });
      } else this.emitSkipped(step, iteration);
    }
  }

  private async pauseReason(step: Step, iteration: IterationPath, params: Record<string, unknown>): Promise<PauseReason | null> {
    const debug = this.opts.debug;
    if (!this.opts.debugChannel || !debug) return null;
    if (debug.runToStepId === step.id && !this.runToReached) {
      this.runToReached = true;
      return 'run-to';
    }
    const bp = debug.breakpoints?.[step.id];
    if (bp && (await this.breakpointHolds(bp, step, iteration, params))) return 'breakpoint';
    if (this.stepping && this.depth <= this.stepping.maxDepth) return 'step';
    return null;
  }

  /**
   * A breakpoint's condition, over the run's state like any param; the step's own resolved inputs are
   * `{{sys.params.<name>}}` (and `params` in a JavaScript condition). One that cannot be decided pauses,
   * with a warning: a breakpoint that silently never fires is worse.
   */
  private async breakpointHolds(bp: Breakpoint, step: Step, iteration: IterationPath, params: Record<string, unknown>): Promise<boolean> {
    const condition = bp.condition?.trim();
    if (!condition) return true;
    const state: ResolveState = { ...this.state, sys: (name) => (name === 'params' ? params : this.sys(name)) };
    try {
      return await evaluateCondition(condition, state, async (source) => {
        const sandbox = await this.getSandbox();
        const r = await sandbox.evaluateExpression(source, { inputs: this.runInputs, steps: this.steps, params, vars: this.vars }, { timeoutMs: 1000, signal: this.runSignal });
        if (!r.ok) throw new Error(r.error.message);
        return r.value;
      });
    } catch (e) {
      this.checkStopped();
      this.log('warn', `The breakpoint condition "${condition}" could not be evaluated (${e instanceof Error ? e.message : String(e)}); the run paused anyway.`, step.id, iteration);
      return true;
    }
  }

  /** Waits for a command; the run timeout stands still meanwhile. Returns edited inputs, if any. */
  private async pauseBefore(step: Step, iteration: IterationPath, params: Record<string, unknown>, reason: PauseReason): Promise<Record<string, unknown> | null> {
    const channel = this.opts.debugChannel as DebugChannel;
    const pausedAt = this.now();
    clearTimeout(this.runTimer);
    this.emit({ type: 'step-paused', stepId: step.id, iteration, inputs: params, reason });
    let command;
    try {
      command = await channel.next(this.runSignal);
    } finally {
      this.pausedMs += this.now() - pausedAt;
      this.lastYield = performance.now();
      this.armRunTimer();
    }
    if (command.type === 'stop') {
      this.halt(new RunStop('cancelled', 'The run was stopped in the debugger.'));
      this.checkStopped();
    }
    const edited = command.inputs && typeof command.inputs === 'object' ? command.inputs : null;
    this.emit({ type: 'step-resumed', stepId: step.id, iteration, command: command.type, ...(edited ? { inputs: edited } : {}) });
    this.stepping = steppingAfter(command.type, this.depth);
    return edited;
  }

  /** Run one step: once it has finished, nothing else runs. */
  private afterStep(step: Step): void {
    if (this.opts.debug?.stopAfterStepId === step.id) this.endedEarly = true;
  }

  /** Runs `work` one nesting level deeper (an if branch, a loop body), for step over / step out. */
  private async nested(work: () => Promise<void>): Promise<void> {
    this.depth++;
    try {
      await work();
    } finally {
      this.depth--;
    }
  }

  private afterFailure(step: Step, error: ErrorPayload): { kind: 'failed' } {
    if (step.onError === 'continue') {
      // Later steps can test `{{steps.<id>.error}}`.
      this.steps[step.id] = { error: error.message };
      return { kind: 'failed' };
    }
    throw new RunStop('failed', `Step "${step.title || step.id}" failed: ${error.message}`, step.id, error.code);
  }

  private runTimeLeft(): number {
    const limit = this.opts.runTimeoutMs;
    if (limit === undefined || limit <= 0 || !Number.isFinite(limit)) return Number.POSITIVE_INFINITY;
    return limit - (this.now() - this.startedAt - this.pausedMs);
  }

  // ---------------------------------------------------------------- loops (both structures)

  private async runLoop(
    step: Step,
    executed: Extract<Executed, { kind: 'loop' }>,
    iteration: IterationPath,
    runBody: (iteration: IterationPath) => Promise<void>,
    skipBody: (iteration: IterationPath) => void,
  ): Promise<void> {
    const { plan, startedAt } = executed;
    let count = 0;
    let item: unknown = undefined;
    try {
      for (;;) {
        this.checkStopped();
        if (this.endedEarly) break;
        this.steps[step.id] = { index: count, item };
        const next = await plan.next(count);
        this.checkStopped();
        if (next.done) break;
        if (count >= plan.maxIterations) {
          throw new StepError(`The loop reached its cap of ${plan.maxIterations} iterations and its condition still holds; raise "Max iterations" or fix the condition.`, {
            code: 'loop-cap',
          });
        }
        item = next.item;
        this.steps[step.id] = { index: count, item };
        await this.nested(() => runBody([...iteration, count]));
        count++;
      }
    } catch (e) {
      executed.release();
      const durationMs = this.now() - startedAt;
      if (e instanceof RunStop || this.stop) {
        const stop = this.stop ?? (e as RunStop);
        const status: FinishedStatus = this.stop ? 'cancelled' : 'failed';
        this.emit({ type: 'step-finished', stepId: step.id, iteration, status, error: { message: stop.message, code: stop.code ?? stop.status }, durationMs, branch: String(count) });
        throw e instanceof RunStop ? e : stop;
      }
      const error = toErrorPayload(e);
      this.emit({ type: 'step-finished', stepId: step.id, iteration, status: 'failed', error, durationMs, branch: String(count) });
      if (count === 0) skipBody(iteration);
      this.afterFailure(step, error);
      return;
    }
    executed.release();
    if (count === 0) skipBody(iteration);
    const outputs = { iterations: count };
    this.steps[step.id] = outputs;
    this.lastOutputs = outputs;
    this.emit({ type: 'step-finished', stepId: step.id, iteration, status: 'succeeded', outputs, durationMs: this.now() - startedAt, branch: String(count) });
    this.afterStep(step);
  }

  // ---------------------------------------------------------------- block flows

  private async runList(ids: readonly StepId[], iteration: IterationPath): Promise<void> {
    for (const id of ids) {
      if (this.endedEarly) return;
      const step = this.flow.steps[id];
      if (!step) {
        this.log('warn', `Step "${id}" is listed in the flow but does not exist; it was ignored.`, undefined, iteration);
        continue;
      }
      await this.runBlockStep(step, iteration);
    }
  }

  private async runBlockStep(step: Step, iteration: IterationPath): Promise<void> {
    this.checkStopped();
    if (step.disabled) {
      this.emitSkipped(step, iteration);
      this.skipBranches(step, iteration);
      return;
    }
    const executed = await this.execute(step, iteration);
    if (executed.kind === 'failed') {
      this.skipBranches(step, iteration);
      return;
    }
    if (executed.kind === 'reused-loop') {
      this.reuseBody(collectBlockBody(this.flow, step.branches?.body ?? []), iteration);
      return;
    }
    if (executed.kind === 'loop') {
      const body = step.branches?.body ?? [];
      await this.runLoop(
        step,
        executed,
        iteration,
        (iter) => this.runList(body, iter),
        (iter) => this.skipList(body, iter),
      );
      return;
    }
    if (step.kind === 'if') {
      const taken = executed.result.branch === 'then' ? 'then' : 'else';
      const other = taken === 'then' ? 'else' : 'then';
      this.skipList(step.branches?.[other] ?? [], iteration);
      await this.nested(() => this.runList(step.branches?.[taken] ?? [], iteration));
    }
  }

  private skipBranches(step: Step, iteration: IterationPath): void {
    for (const list of Object.values(step.branches ?? {})) this.skipList(list ?? [], iteration);
  }

  private skipList(ids: readonly StepId[], iteration: IterationPath): void {
    for (const id of ids) {
      const step = this.flow.steps[id];
      if (!step) continue;
      this.emitSkipped(step, iteration);
      this.skipBranches(step, iteration);
    }
  }

  // ---------------------------------------------------------------- graph flows

  /**
   * Runs the steps a region owns, in dependency order, with dead-path elimination: a step runs when all its
   * incoming edges (from inside the region) are decided and at least one fired; if none fired it is skipped
   * and its own outgoing edges are dead. So a join after an if runs once, and a branch not taken is greyed.
   */
  private async runRegion(owned: Set<StepId>, entry: readonly Edge[], iteration: IterationPath): Promise<void> {
    const g = this.graph as GraphIndex;
    const entryIds = new Set(entry.map((e) => e.id));
    const fired = new Set<string>(entryIds);
    const counted = (id: StepId): Edge[] => (g.in.get(id) ?? []).filter((e) => owned.has(e.source) || entryIds.has(e.id));
    const remaining = new Map<StepId, number>();
    const ready: StepId[] = [];
    for (const id of owned) {
      const n = counted(id).filter((e) => !entryIds.has(e.id)).length;
      remaining.set(id, n);
      if (n === 0) ready.push(id);
    }
    let done = 0;
    while (done < owned.size) {
      this.checkStopped();
      if (this.endedEarly) return;
      if (ready.length === 0) {
        const stuck = [...owned].filter((id) => (remaining.get(id) ?? 0) > 0);
        throw new RunStop('failed', `The flow graph has a cycle through ${stuck.map((id) => `"${this.flow.steps[id]?.title || id}"`).join(', ')}; only a loop step may repeat steps.`, stuck[0], 'cycle');
      }
      // The earliest ready step in the flow's order runs next, so runs are deterministic.
      let best = 0;
      for (let i = 1; i < ready.length; i++) if ((g.order.get(ready[i] as StepId) ?? 0) < (g.order.get(ready[best] as StepId) ?? 0)) best = i;
      const id = ready.splice(best, 1)[0] as StepId;
      const step = this.flow.steps[id] as Step;
      const ins = counted(id);
      const active = ins.length === 0 || ins.some((e) => fired.has(e.id));
      const fires = active ? await this.runGraphStep(step, iteration) : this.skipGraphStep(step, iteration);
      done++;
      for (const e of g.out.get(id) ?? []) {
        if (!owned.has(e.target)) continue;
        if (fires(e)) fired.add(e.id);
        const left = (remaining.get(e.target) ?? 0) - 1;
        remaining.set(e.target, left);
        if (left === 0) ready.push(e.target);
      }
    }
  }

  private skipGraphStep(step: Step, iteration: IterationPath): (e: Edge) => boolean {
    this.emitSkipped(step, iteration);
    if (step.kind === 'loop') this.skipGraphBody(step, iteration);
    return () => false;
  }

  /** A graph loop's body steps, in the flow's order. */
  private graphBody(step: Step): StepId[] {
    const g = this.graph as GraphIndex;
    return [...(g.bodyOf.get(step.id) ?? [])].sort((a, b) => (g.order.get(a) ?? 0) - (g.order.get(b) ?? 0));
  }

  private skipGraphBody(step: Step, iteration: IterationPath): void {
    for (const id of this.graphBody(step)) {
      const s = this.flow.steps[id];
      if (s) this.emitSkipped(s, iteration);
    }
  }

  /** Runs one step of a graph; returns which of its outgoing edges fire. */
  private async runGraphStep(step: Step, iteration: IterationPath): Promise<(e: Edge) => boolean> {
    const passThrough = (e: Edge): boolean => e.sourcePort === 'out' || e.sourcePort === 'after';
    if (step.disabled) {
      this.emitSkipped(step, iteration);
      if (step.kind === 'loop') this.skipGraphBody(step, iteration);
      return passThrough;
    }
    const executed = await this.execute(step, iteration);
    if (executed.kind === 'failed') {
      if (step.kind === 'loop') this.skipGraphBody(step, iteration);
      return passThrough;
    }
    if (executed.kind === 'reused-loop') {
      this.reuseBody(this.graphBody(step), iteration);
      return (e) => e.sourcePort !== 'body';
    }
    if (executed.kind === 'loop') {
      const g = this.graph as GraphIndex;
      const owned = ownedSteps(g.bodyOf.get(step.id) ?? [], g);
      const entry = (g.out.get(step.id) ?? []).filter((e) => e.sourcePort === 'body');
      await this.runLoop(
        step,
        executed,
        iteration,
        (iter) => this.runRegion(owned, entry, iter),
        (iter) => this.skipGraphBody(step, iter),
      );
      return (e) => e.sourcePort !== 'body';
    }
    if (step.kind === 'if') {
      const handle = executed.result.branch === 'then' ? 'true' : 'false';
      return (e) => e.sourcePort === handle || e.sourcePort === 'out';
    }
    return () => true;
  }
}

// -------------------------------------------------------------------- helpers

/** Every step inside a block list, depth first in document order (a reused loop's whole body). */
function collectBlockBody(flow: Flow, ids: readonly StepId[]): StepId[] {
  const out: StepId[] = [];
  const walk = (list: readonly StepId[]): void => {
    for (const id of list) {
      out.push(id);
      for (const branch of Object.values(flow.steps[id]?.branches ?? {})) walk(branch ?? []);
    }
  };
  walk(ids);
  return out;
}

/** This iteration's recorded output; outside any recorded iteration, the one recorded outside loops. */
function recordedOutput(record: ReusedOutput, iteration: IterationPath): { found: boolean; value?: unknown } {
  const key = iteration.join('.');
  if (Object.prototype.hasOwnProperty.call(record.byIteration, key)) return { found: true, value: record.byIteration[key] };
  if (Object.prototype.hasOwnProperty.call(record.byIteration, '')) return { found: true, value: record.byIteration[''] };
  return { found: false };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function safeDefaultTimeout(impl: ModuleImplementation, params: Record<string, unknown>): number | undefined {
  try {
    return impl.defaultTimeoutMs?.(params);
  } catch {
    return undefined;
  }
}

function toErrorPayload(e: unknown): ErrorPayload {
  if (e instanceof StepError) {
    return {
      message: e.message,
      ...(e.code !== undefined ? { code: e.code } : {}),
      ...(e.line !== undefined ? { line: e.line } : {}),
      ...(e.column !== undefined ? { column: e.column } : {}),
    };
  }
  if (e instanceof Error) return { message: e.message || e.name };
  return { message: String(e) };
}

const NO_KEYS: readonly string[] = [];

function isThenable<T>(v: T | PromiseLike<T>): v is PromiseLike<T> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}

/** One turn of the host event loop (not a microtask), so messages and timers get a chance to run. */
export function macrotask(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  if (typeof g.setImmediate === 'function') {
    const setImmediateFn = g.setImmediate;
    return new Promise((resolve) => void setImmediateFn(resolve));
  }
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
