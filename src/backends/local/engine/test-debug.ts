/** Drives a run in the debugger from a test: answers every pause with a scripted command (tests only). */
import type { Flow } from '../../../model/flow';
import type { DebugCommand, DebugRunOptions } from '../../debug';
import type { TraceEvent } from '../../trace';
import { DebugChannel } from './debug-channel';
import type { RunFlowOptions } from './run-flow';
import { collect, type Collected } from './test-run';

export type PausedEvent = Extract<TraceEvent, { type: 'step-paused' }>;

export interface DebugCollected extends Collected {
  pauses: PausedEvent[];
  /** `stepId@iteration` of every pause, in order. */
  pausedAt: string[];
}

/**
 * `answer` is called for each pause (after the event, on a later macrotask, as a UI would) and returns the
 * command to send (or a promise of it, to stay paused a while), or `null` to leave the run paused.
 */
export async function debugRun(
  flow: Flow,
  debug: DebugRunOptions,
  answer: (pause: PausedEvent, index: number) => DebugCommand | Promise<DebugCommand> | null,
  over: Partial<RunFlowOptions> = {},
): Promise<DebugCollected> {
  const channel = new DebugChannel();
  const pauses: PausedEvent[] = [];
  const r = await collect(flow, {
    ...over,
    debug,
    debugChannel: channel,
    emit: (e) => {
      over.emit?.(e);
      if (e.type !== 'step-paused') return;
      pauses.push(e);
      const command = answer(e, pauses.length - 1);
      if (command) setTimeout(() => void Promise.resolve(command).then((c) => channel.send(c)), 0);
    },
  });
  return { ...r, pauses, pausedAt: pauses.map((p) => `${p.stepId}@${p.iteration.join('.')}`) };
}
