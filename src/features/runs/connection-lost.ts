/**
 * A run whose trace broke off: the stream or the polling failed (or ended) before `run-finished`, so we do not
 * know how the run ends; it may well still be going on the backend. The run view stops showing "Running" (Run
 * is enabled again), says so, and offers to reconnect: read the run's trace from the backend's history and
 * follow it until it ends. One per editor, beside the run view (run-view.ts), not inside it.
 */
import { createStore, useStore, type StoreApi } from 'zustand';
import { runStateFrom } from '../../backends/run-state';
import { sleep } from '../../backends/transport/poll';
import type { BackendAdapter } from '../../backends/types';
import { useEditorStore } from '../../editor/context';
import type { EditorStore } from '../../editor/store';
import { commitLive, runViewOf } from './run-view';

export interface LostRun {
  runId: string;
  /** Why the trace broke off (the transport's words); `error` itself for a translated text. */
  message: string;
  error: unknown;
  /** `checking`: reading the trace; `still-running`: a check found it going on. */
  phase: 'lost' | 'checking' | 'still-running';
  /** The backend can read a run's trace back (its run history); without it there is nothing to reconnect to. */
  canReconnect: boolean;
}

type LostStore = StoreApi<{ lost: LostRun | null }>;
const stores = new WeakMap<EditorStore, LostStore>();

export function lostRunOf(editor: EditorStore): LostStore {
  let s = stores.get(editor);
  if (!s) stores.set(editor, (s = createStore<{ lost: LostRun | null }>()(() => ({ lost: null }))));
  return s;
}

export function useLostRun(): LostRun | null {
  return useStore(lostRunOf(useEditorStore()), (s) => s.lost);
}

export function markRunLost(editor: EditorStore, adapter: BackendAdapter, runId: string, error: unknown): void {
  const message = error instanceof Error ? error.message : error === undefined ? '' : String(error);
  lostRunOf(editor).setState({ lost: { runId, message, error, phase: 'lost', canReconnect: typeof adapter.getRunEvents === 'function' } });
}

export function clearLostRun(editor: EditorStore): void {
  lostRunOf(editor).setState({ lost: null });
}

/**
 * Reads the run's trace back from the backend and shows it as the live run. `follow`: keeps reading until the
 * run ends (the live view runs again meanwhile, Cancel works); otherwise one look. A failure puts the lost
 * state back with the new reason. Resolves with whether the run has ended.
 */
export async function reconnectRun(
  editor: EditorStore,
  adapter: BackendAdapter,
  opts: { follow: boolean; pollMs?: number; signal?: AbortSignal; onFinished?(runId: string): void },
): Promise<boolean> {
  const lost = lostRunOf(editor).getState().lost;
  if (!lost || !adapter.getRunEvents) return false;
  const { runId } = lost;
  lostRunOf(editor).setState({ lost: { ...lost, phase: 'checking' } });
  const view = runViewOf(editor);
  // Reading a run back costs the backend several requests (vFlow: status, logs, workflow) and devices
  // rate-limit: the pause grows while the run goes on.
  let pause = opts.pollMs ?? 2000;
  for (;;) {
    let events;
    try {
      events = await adapter.getRunEvents(runId);
    } catch (e) {
      markRunLost(editor, adapter, runId, e);
      return false;
    }
    // The backend's record replaces what the broken stream delivered: same run, complete up to now.
    if (view.getState().live?.runId === runId) {
      view.setState({ liveEvents: [...events] });
      commitLive(editor, runStateFrom(events, runId));
    }
    const ended = events.some((e) => e.type === 'run-finished');
    if (ended) {
      clearLostRun(editor);
      opts.onFinished?.(runId);
      return true;
    }
    if (!opts.follow || opts.signal?.aborted) {
      lostRunOf(editor).setState({ lost: { ...lost, phase: 'still-running' } });
      return false;
    }
    // Following: the run shows as going on again (Run waits, Cancel works) while we read it.
    lostRunOf(editor).setState({ lost: null });
    // Aborted: the check right after the pause stops the loop.
    await sleep(pause, opts.signal).catch(() => undefined);
    pause = Math.min(pause * 1.5, 10_000);
    // Stop when aborted, or when the live run is another one now (nothing of this one is on screen).
    if (opts.signal?.aborted || view.getState().live?.runId !== runId) return false;
  }
}
