/**
 * The engine end of the debugger: commands from the UI arrive here (in the worker: from a `debug` message),
 * and a paused run waits here for the next one. A command that arrives while the run is not paused is dropped
 * (a stale F10 pressed after the run went on must not skip the next pause).
 */
import type { DebugCommand } from '../../debug';

export class DebugChannel {
  private waiter: ((command: DebugCommand) => void) | null = null;

  send(command: DebugCommand): void {
    const w = this.waiter;
    if (!w) return;
    this.waiter = null;
    w(command);
  }

  /** The next command; rejects when `signal` aborts (the run was cancelled or timed out while paused). */
  next(signal: AbortSignal): Promise<DebugCommand> {
    return new Promise<DebugCommand>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const onAbort = (): void => {
        this.waiter = null;
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiter = (command) => {
        signal.removeEventListener('abort', onAbort);
        resolve(command);
      };
    });
  }
}

/**
 * Where the next pause happens after a step command, by nesting depth (0 = top level, +1 inside each if
 * branch or loop body). `null`: only at breakpoints.
 */
export type SteppingTarget = null | { maxDepth: number };

export function steppingAfter(command: DebugCommand['type'], depth: number): SteppingTarget {
  switch (command) {
    case 'stepInto':
      return { maxDepth: Number.POSITIVE_INFINITY };
    case 'stepOver':
      return { maxDepth: depth };
    case 'stepOut':
      return depth > 0 ? { maxDepth: depth - 1 } : null;
    default:
      return null;
  }
}
