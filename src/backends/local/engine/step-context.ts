/**
 * The `ExecutionContext` one step execution gets. A class rather than an object of closures, and the abort
 * signal is created only when a module asks for it (or the step turns out to be asynchronous): most steps
 * are synchronous data steps, and per-step AbortControllers, listeners and timers were the bulk of the
 * engine's overhead per step.
 */
import type { RunInputDefinition, Step } from '../../../model/flow';
import type { IterationPath } from '../../trace';
import { StepError, type ExecutionContext, type LogLevel } from '../modules/types';
import type { Sandbox, SandboxScope } from '../sandbox/types';
import { evaluateCondition } from './condition';

const MAX_TIMER_MS = 2_147_483_647;
import { resolveValue, type ResolveState } from './resolve';
import type { StepDisplayNames } from '../../../model/references/display';

/** What a step context needs from its run. */
export interface RunServices {
  readonly runInputs: Record<string, unknown>;
  readonly steps: Record<string, unknown>;
  /** Steps' display names (`model/references/display.ts`): code reads `steps["Fetch customer"]` too. */
  readonly stepNames?: StepDisplayNames;
  readonly vars: Record<string, unknown>;
  readonly state: ResolveState;
  readonly inputDefinitions: RunInputDefinition[];
  readonly runSignal: AbortSignal;
  readonly fetchImpl: typeof fetch;
  getSandbox(): Promise<Sandbox>;
  log(level: LogLevel, message: string, stepId?: string, iteration?: IterationPath): void;
  setRunOutput(value: unknown): void;
}

export class StepTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
  }
}

/** Earlier steps' outputs by id and by display name (a name never hides an id). */
export function withStepNames(steps: Record<string, unknown>, names: StepDisplayNames | undefined): Record<string, unknown> {
  if (!names) return steps;
  const out: Record<string, unknown> = { ...steps };
  for (const [id, value] of Object.entries(steps)) {
    const name = names.nameOf(id);
    if (name !== undefined && !(name in out)) out[name] = value;
  }
  return out;
}

const globalFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);

export class StepContext implements ExecutionContext {
  private controller: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private codeParams: Record<string, unknown> | null = null;

  constructor(
    private readonly run: RunServices,
    readonly step: Step,
    readonly iteration: IterationPath,
    readonly params: Record<string, unknown>,
    readonly rawParams: Record<string, unknown>,
    private readonly rawKeys: readonly string[],
    readonly timeoutMs: number,
  ) {}

  get runInputs(): Record<string, unknown> {
    return this.run.runInputs;
  }

  get inputDefinitions(): RunInputDefinition[] {
    return this.run.inputDefinitions;
  }

  get fetch(): typeof fetch {
    return this.run.fetchImpl ?? globalFetch;
  }

  /** Aborted when the run stops or this step's time is up. Linked to the run only once someone asks. */
  get signal(): AbortSignal {
    return this.ensureController().signal;
  }

  private ensureController(): AbortController {
    if (!this.controller) {
      const ctl = new AbortController();
      this.controller = ctl;
      const runSignal = this.run.runSignal;
      if (runSignal.aborted) ctl.abort(runSignal.reason);
      else runSignal.addEventListener('abort', this.onRunAbort, { once: true });
    }
    return this.controller;
  }

  private readonly onRunAbort = (): void => {
    this.controller?.abort(this.run.runSignal.reason);
  };

  /** Waits for an asynchronous executor, failing it at the step timeout or when the run stops. */
  guard<T>(work: PromiseLike<T>, timeoutMs: number): Promise<T> {
    const ctl = this.ensureController();
    // Timers hold at most 2^31 - 1 ms; a longer limit would fire at once (a limit that long is no limit).
    if (timeoutMs <= MAX_TIMER_MS) this.timer = setTimeout(() => ctl.abort(new StepTimeout(timeoutMs)), timeoutMs);
    const signal = ctl.signal;
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }

  /** The step timer ends with the executor; the run link ends with the step (after a loop's body). */
  stopTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  release(): void {
    this.stopTimer();
    if (this.controller) this.run.runSignal.removeEventListener('abort', this.onRunAbort);
  }

  sandboxScope(): SandboxScope {
    if (!this.codeParams) {
      const p: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(this.params)) if (!this.rawKeys.includes(k)) p[k] = v;
      this.codeParams = p;
    }
    return { inputs: this.run.runInputs, steps: withStepNames(this.run.steps, this.run.stepNames), params: this.codeParams, vars: this.run.vars };
  }

  resolve(value: unknown): unknown {
    return resolveValue(value, this.run.state);
  }

  evaluateCondition(raw: unknown): Promise<boolean> {
    return evaluateCondition(
      raw,
      this.run.state,
      async (source) => {
        const sandbox = await this.run.getSandbox();
        const r = await sandbox.evaluateExpression(source, this.sandboxScope(), { timeoutMs: this.timeoutMs, signal: this.signal });
        for (const line of r.logs) this.log(line.level, line.message);
        if (!r.ok) {
          throw new StepError(`The condition could not be evaluated: ${r.error.message}`, {
            code: r.error.code === 'timeout' ? 'timeout' : 'condition',
            ...(r.error.line !== undefined ? { line: r.error.line } : {}),
          });
        }
        return r.value;
      },
      (raw) => this.log('warn', `${raw} has no value: the step has not run yet or has no such output.`),
    );
  }

  sandbox(): Promise<Sandbox> {
    return this.run.getSandbox();
  }

  log(level: LogLevel, message: string): void {
    this.run.log(level, message, this.step.id, this.iteration);
  }

  setVariable(name: string, value: unknown): void {
    this.run.vars[name] = value;
  }

  setRunOutput(value: unknown): void {
    this.run.setRunOutput(value);
  }
}
