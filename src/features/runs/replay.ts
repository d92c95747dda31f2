/**
 * The state of a recorded run after its first k events, for the replay scrubber.
 *
 * Moving forward applies only the new events to the current state (`applyEvents` on the delta). Moving back
 * restarts from the nearest checkpoint at or before k: one is kept every `checkpointEvery` events on the way
 * forward. States share structure (see run-state.ts), so a checkpoint costs what its changes cost, not a copy.
 */
import { applyEvents, initialRunState, type RunState } from '../../backends/run-state';
import type { TraceEvent } from '../../backends/trace';

export class ReplayCursor {
  readonly events: readonly TraceEvent[];
  private readonly every: number;
  private readonly checkpoints = new Map<number, RunState>();
  private pos = 0;
  private current: RunState;
  /** Events fed to the reducer so far; tests read it to prove seeks are incremental. */
  applied = 0;

  constructor(events: readonly TraceEvent[], opts: { checkpointEvery?: number } = {}) {
    this.events = [...events].sort((a, b) => a.seq - b.seq);
    this.every = Math.max(1, opts.checkpointEvery ?? 256);
    this.current = initialRunState(this.events[0]?.runId ?? '');
    this.checkpoints.set(0, this.current);
  }

  get total(): number {
    return this.events.length;
  }

  get position(): number {
    return this.pos;
  }

  get state(): RunState {
    return this.current;
  }

  /** The last event applied at the current position (`undefined` at 0). */
  get event(): TraceEvent | undefined {
    return this.events[this.pos - 1];
  }

  seek(k: number): RunState {
    const target = Math.max(0, Math.min(this.total, Math.round(k)));
    if (target === this.pos) return this.current;
    if (target < this.pos) {
      const base = Math.floor(target / this.every) * this.every;
      // Every multiple below the furthest position reached was recorded on the way forward.
      this.current = this.checkpoints.get(base)!;
      this.pos = base;
    }
    while (this.pos < target) {
      const nextCheckpoint = (Math.floor(this.pos / this.every) + 1) * this.every;
      const to = Math.min(target, nextCheckpoint);
      this.current = applyEvents(this.current, this.events.slice(this.pos, to));
      this.applied += to - this.pos;
      this.pos = to;
      if (to % this.every === 0 && !this.checkpoints.has(to)) this.checkpoints.set(to, this.current);
    }
    return this.current;
  }
}
