/**
 * What the local adapter needs from the execution engine. Two implementations: one that runs the engine in
 * a Web Worker (the browser), one that runs it in-process (Vitest, benchmarks). The adapter never knows which.
 */
import type { Flow } from '../../../model/flow';
import type { ModuleDefinition } from '../../../model/modules';
import type { TestStepRequest, TestStepResult } from '../../types';
import type { TraceEvent } from '../../trace';
import type { DebugCommand, DebugRunOptions } from '../../debug';

export interface EngineRunRequest {
  runId: string;
  flow: Flow;
  inputs: Record<string, unknown>;
  trigger: string;
  versionId?: string;
  /** Whole-run limit; each step also has its own (`Step.timeoutMs` or the module default). */
  runTimeoutMs?: number;
  /** Breakpoints, pins, reused outputs. */
  debug?: DebugRunOptions;
}

export interface EngineRunner {
  /** Starts the run at once; the iterable yields every event in order and ends after `run-finished`. */
  start(req: EngineRunRequest, signal?: AbortSignal): AsyncIterable<TraceEvent>;
  cancel(runId: string): void;
  /** A command to a run paused in the debugger; ignored when it is not paused. */
  debug(runId: string, command: DebugCommand): void;
  testStep(req: TestStepRequest): Promise<TestStepResult>;
  /** The built-in module catalog (vFlow module format). */
  modules(): ModuleDefinition[];
  dispose(): void;
}
