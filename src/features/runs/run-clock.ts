/**
 * The moment a running step's elapsed time is measured to, for the run on screen.
 *
 * Live run: the wall clock, ticking. Replay: the time of the event the scrubber stands on, so a step that was
 * running at that point shows how long it had been running then, never the minutes since the original run.
 * A finished past run: its finish (a step left "running" by a crash stops counting there).
 */
import type { TraceEvent } from '../../backends/trace';
import { useNow } from './use-now';
import { useRunView, type RunViewState } from './run-view';

function lastEventAt(events: readonly TraceEvent[]): number | null {
  let at: number | null = null;
  for (const e of events) at = at === null ? e.at : Math.max(at, e.at);
  return at;
}

/** A fixed time for a recorded run on screen; `undefined` while the wall clock applies (the live run). */
export function recordedClock(view: RunViewState): number | null | undefined {
  if (view.replay) return view.replay.cursor.event?.at ?? null;
  const past = view.past;
  if (past && past.state.status !== 'running' && past.state.status !== 'queued')
    return past.state.finishedAt ?? lastEventAt(past.events);
  return undefined;
}

/** `ticking`: something on screen is running, so the live clock refreshes. Null: no time to measure to. */
export function useRunClock(ticking: boolean, intervalMs?: number): number | null {
  const recorded = useRunView(recordedClock);
  const now = useNow(ticking && recorded === undefined, intervalMs);
  return recorded === undefined ? now : recorded;
}

/** How long a step has been running at `clock`, or null when that cannot be said. */
export function elapsedAt(startedAt: number | null, clock: number | null): number | null {
  return startedAt === null || clock === null ? null : Math.max(0, clock - startedAt);
}
