/**
 * The debugger's contract between the UI and a backend: what a run may be asked to do (breakpoints, pinned
 * outputs, reused outputs of an earlier run), the commands a paused run takes, and which of it a backend
 * honours. Backends that declare nothing honour nothing (`debugCapabilitiesOf`): their runs simply never pause.
 */
import type { IterationPath, PartialRunInfo } from './trace';
import type { Capabilities } from './types';

export interface DebugCapabilities {
  /** Pauses before breakpointed steps and takes step commands. */
  breakpoints: boolean;
  /** Skips pinned steps, using their pinned output. */
  pins: boolean;
  /** Run from / to / one step, reusing recorded outputs. */
  partialRuns: boolean;
}

const NO_DEBUG: DebugCapabilities = Object.freeze({ breakpoints: false, pins: false, partialRuns: false });

/** The one place a backend without a `debug` capability gets "nothing". */
export function debugCapabilitiesOf(caps: Pick<Capabilities, 'debug'> | null | undefined): DebugCapabilities {
  return caps?.debug ?? NO_DEBUG;
}

export interface Breakpoint {
  /** A condition in the backend's reference syntax; the run pauses only when it holds. Empty: always. */
  condition?: string;
}

/** A recorded output reused by a partial run: per iteration key (`""` outside loops), from which run. */
export interface ReusedOutput {
  /** Outputs by iteration key (`iterationKey`); `""` also serves any iteration the record lacks. */
  byIteration: Record<string, unknown>;
  runId: string;
}

export interface DebugRunOptions {
  breakpoints?: Record<string, Breakpoint>;
  /** Step id -> pinned output. */
  pins?: Record<string, unknown>;
  /** Steps that do not run: their recorded outputs are used instead (run from here). */
  reuse?: Record<string, ReusedOutput>;
  /** Pause before the first step that runs (step through from the start). */
  pauseAtStart?: boolean;
  /** Pause before this step (run to here). */
  runToStepId?: string;
  /** Stop the run once this step has finished (run one step). */
  stopAfterStepId?: string;
  /** Recorded as the run's `partial` info. */
  partial?: PartialRunInfo;
}

export type DebugCommandType = 'continue' | 'stepOver' | 'stepInto' | 'stepOut' | 'stop';

export interface DebugCommand {
  type: DebugCommandType;
  /** Replaces the paused step's resolved inputs for this execution only. */
  inputs?: Record<string, unknown>;
}

/** Where a run is paused (from the `step-paused` event). */
export interface PausePoint {
  stepId: string;
  iteration: IterationPath;
}
