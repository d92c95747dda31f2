/**
 * Trace events: one discriminated union every transport is turned into. A run is an
 * `AsyncIterable<TraceEvent>`; one pure reducer (`run-state.ts`) turns events into run state that the
 * canvas, the list and the run panel read.
 */
import type { RunStatus } from './types';

export type StepStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

/**
 * Loop iterations are told apart by `iteration`: the index path of the enclosing loops, outermost first
 * (`[2]` = third iteration of the one loop; `[0, 4]` = first outer, fifth inner). Empty outside loops.
 */
export type IterationPath = number[];

/**
 * Per-step metadata an engine reports (Dify `execution_metadata`): token counts, cost and its currency, and
 * anything else the engine says. Shown in step details and summed on the run.
 */
export interface StepMetadata {
  tokens?: number;
  cost?: number;
  currency?: string;
  [key: string]: unknown;
}

/** Why a run paused before a step (the debugger). */
export type PauseReason = 'breakpoint' | 'step' | 'run-to';

/** Where a step's output came from when the step did not run. */
export type ReusedOutputSource = { source: 'pin' } | { source: 'run'; runId: string };

export interface PartialRunInfo {
  /** Run from this step (steps before it reuse recorded outputs). */
  fromStepId?: string;
  /** Stop (run one step) or pause (run to here) at this step. */
  toStepId?: string;
  mode?: 'from' | 'one' | 'to';
  /** The run whose outputs were reused. */
  sourceRunId?: string;
}

interface EventBase {
  runId: string;
  /** Sequence number within the run, from 0, strictly increasing; replay and dedup rely on it. */
  seq: number;
  /** Epoch milliseconds. */
  at: number;
}

export type TraceEvent =
  | (EventBase & {
      type: 'run-started';
      flowId: string;
      inputs: Record<string, unknown>;
      trigger: string;
      versionId?: string;
      /** A partial run (run from / to a step): what it started from. Absent for a whole run. */
      partial?: PartialRunInfo;
    })
  | (EventBase & {
      type: 'step-paused';
      stepId: string;
      iteration: IterationPath;
      /** The step's resolved inputs; the debugger may edit them before it resumes. */
      inputs: Record<string, unknown>;
      reason: PauseReason;
    })
  | (EventBase & {
      type: 'step-resumed';
      stepId: string;
      iteration: IterationPath;
      command: string;
      /** The inputs were edited while paused: the step runs with these. */
      inputs?: Record<string, unknown>;
    })
  | (EventBase & {
      type: 'step-started';
      stepId: string;
      /**
       * Loop iterations, or for message-driven engines (Node-RED) `[k]`: the k-th execution of the step in
       * this run, so every execution has its own record exactly like a loop iteration.
       */
      iteration: IterationPath;
      inputs: Record<string, unknown>;
      /** The message that caused this execution (Node-RED `_msgid`), for message-driven engines. */
      messageId?: string;
    })
  | (EventBase & {
      type: 'step-chunk';
      stepId: string;
      iteration: IterationPath;
      /** A piece of streamed output (LLM tokens: Dify `text_chunk`, Langflow `token`), appended in order. */
      text: string;
    })
  | (EventBase & {
      type: 'step-finished';
      stepId: string;
      iteration: IterationPath;
      status: Exclude<StepStatus, 'queued' | 'running'>;
      outputs?: unknown;
      error?: { message: string; code?: string; line?: number; column?: number };
      durationMs: number;
      /** For if steps: which branch ran (`then`/`else`); for loops: iterations run. Drives edge highlighting. */
      branch?: string;
      /**
       * The output ports that fired (a Node-RED switch's `"2"`, an if's `"true"`). When present it decides
       * which edges from this step are lit; `branch` is the older, if-only form of the same fact.
       */
      ports?: string[];
      metadata?: StepMetadata;
      messageId?: string;
      /** The step did not run: its output was pinned, or reused from an earlier run (partial runs). */
      reused?: ReusedOutputSource;
    })
  | (EventBase & {
      type: 'step-status';
      stepId: string;
      /**
       * A short status line the engine shows on the node while it works (Node-RED's node status: "connected",
       * "3 queued"); `''` clears it. Stays after the run until another status replaces it.
       */
      text: string;
      /** Colour of its dot: `red`, `green`, `yellow`, `blue`, `grey` (Node-RED's fills). */
      fill?: string;
      /** `dot` (filled) or `ring`. */
      shape?: string;
    })
  | (EventBase & { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string; stepId?: string; iteration?: IterationPath })
  | (EventBase & {
      type: 'run-finished';
      status: Exclude<RunStatus, 'queued' | 'running'>;
      outputs?: unknown;
      error?: { message: string; code?: string; stepId?: string };
      durationMs: number;
    });

export type TraceEventType = TraceEvent['type'];
