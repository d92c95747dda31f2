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

interface EventBase {
  runId: string;
  /** Sequence number within the run, from 0, strictly increasing; replay and dedup rely on it. */
  seq: number;
  /** Epoch milliseconds. */
  at: number;
}

export type TraceEvent =
  | (EventBase & { type: 'run-started'; flowId: string; inputs: Record<string, unknown>; trigger: string; versionId?: string })
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
