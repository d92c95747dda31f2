/**
 * What a built-in module is at run time: its catalog definition (vFlow module format) plus an executor.
 * The engine resolves references in params before calling `execute`, enforces the step timeout, and turns
 * results and thrown `StepError`s into trace events; executors never emit events themselves.
 */
import type { RunInputDefinition, Step } from '../../../model/flow';
import type { ModuleDefinition } from '../../../model/modules';
import type { Sandbox, SandboxScope } from '../sandbox/types';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface ExecutionContext {
  step: Step;
  /** Params with references resolved (a param that is exactly one reference holds the raw value). */
  params: Record<string, unknown>;
  /** Params as written, for modules that resolve late (`code`, conditions re-evaluated per iteration). */
  rawParams: Record<string, unknown>;
  /** Run inputs after defaults and type coercion. */
  runInputs: Record<string, unknown>;
  inputDefinitions: RunInputDefinition[];
  /** The live data a sandbox call sees: outputs of earlier steps by id, variables, run inputs, params. */
  sandboxScope(): SandboxScope;
  /** Resolve a raw param value against the current state (loops re-read their condition each iteration). */
  resolve(value: unknown): unknown;
  /** A condition: a boolean, one reference, a simple comparison, or a JS expression run in the sandbox. */
  evaluateCondition(raw: unknown): Promise<boolean>;
  sandbox(): Promise<Sandbox>;
  fetch: typeof fetch;
  /** Aborted on cancel, run timeout and step timeout. */
  signal: AbortSignal;
  /** This step's time budget (already reduced to what is left of the run's). */
  timeoutMs: number;
  log(level: LogLevel, message: string): void;
  setVariable(name: string, value: unknown): void;
  setRunOutput(value: unknown): void;
}

/** How a loop step produces its iterations; the engine runs the body between calls. */
export interface LoopPlan {
  /** Hard cap: asking for iteration `maxIterations` fails the step rather than silently truncating. */
  maxIterations: number;
  /** Called before each iteration with its index; `done` ends the loop. */
  next(index: number): Promise<{ done: true } | { done: false; item: unknown }>;
}

export interface ExecutionResult {
  outputs?: unknown;
  /** `if` steps: which branch to run. */
  branch?: 'then' | 'else';
  /** `loop` steps: the iteration plan. */
  loop?: LoopPlan;
}

export interface ModuleImplementation {
  definition: ModuleDefinition;
  execute(ctx: ExecutionContext): Promise<ExecutionResult> | ExecutionResult;
  /** Params passed to the executor unresolved (code is not a template; conditions are resolved as literals). */
  rawParams?: readonly string[];
  /** Default step timeout for this module given its resolved params (else the engine default, 30 s). */
  defaultTimeoutMs?(params: Record<string, unknown>): number;
}

export type StepErrorCode = 'timeout' | 'invalid' | 'network' | 'http' | 'sandbox' | 'cancelled' | 'internal' | string;

/** The error an executor throws; `line`/`column` point into a function step's code. */
export class StepError extends Error {
  readonly code: StepErrorCode | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(message: string, opts: { code?: StepErrorCode; line?: number; column?: number } = {}) {
    super(message);
    this.name = 'StepError';
    this.code = opts.code;
    this.line = opts.line;
    this.column = opts.column;
  }
}
