/**
 * What a run is asked to do for the debugger, from the debugger store and the backend's capabilities: only
 * what the backend honours is sent (a backend without `capabilities.debug` gets nothing and never pauses).
 */
import { debugCapabilitiesOf, type DebugRunOptions } from '../../backends/debug';
import { isTerminal, type RunState } from '../../backends/run-state';
import type { BackendAdapter } from '../../backends/types';
import type { EditorStore } from '../../editor/store';
import { noticeStore } from '../../shell/notices';
import { runViewOf } from '../runs/run-view';
import { debuggerFor } from './debugger-store';
import { reusedOutputsFor } from './partial-run';

/** The finished run whose outputs a partial run reuses: the one on screen (a past run opened), else the last. */
function sourceRunFor(editor: EditorStore): RunState | null {
  const shown = editor.getState().run;
  if (shown && isTerminal(shown.status) && !runViewOf(editor).getState().replay) return shown;
  const view = runViewOf(editor).getState();
  const candidate = view.past?.state ?? view.live;
  return candidate && isTerminal(candidate.status) ? candidate : null;
}

/** Builds the run's debug options and consumes a pending partial run. `undefined`: a plain run. */
export function prepareDebugRun(editor: EditorStore, adapter: Pick<BackendAdapter, 'capabilities' | 'id'> & { label?: string }): DebugRunOptions | undefined {
  const caps = debugCapabilitiesOf(adapter.capabilities);
  const dbg = debuggerFor(editor, adapter.id);
  const { breakpoints, pins, pendingPartial } = dbg.getState();
  if (pendingPartial) dbg.setState({ pendingPartial: null });
  // The checklist lists them too; at the moment of running, say it once more.
  const ignored = ignoredPins(editor, adapter);
  if (ignored.length > 0) {
    noticeStore.getState().push({ key: 'debugger:errors.pinsIgnored', tone: 'warning', values: { count: ignored.length, backend: adapter.label ?? adapter.id } });
  }
  const flow = editor.getState().flow;
  const exists = (id: string) => id in flow.steps;
  const options: DebugRunOptions = {};
  if (caps.breakpoints) {
    const bps = Object.fromEntries(Object.entries(breakpoints).filter(([id]) => exists(id)));
    if (Object.keys(bps).length > 0) options.breakpoints = bps;
  }
  if (caps.pins) {
    const pinned = Object.fromEntries(Object.entries(pins).filter(([id]) => exists(id)).map(([id, p]) => [id, p.value]));
    if (Object.keys(pinned).length > 0) options.pins = pinned;
  }
  if (pendingPartial && exists(pendingPartial.stepId)) {
    const { stepId, mode } = pendingPartial;
    if (mode === 'to' && caps.breakpoints) {
      options.runToStepId = stepId;
      options.partial = { toStepId: stepId, mode };
    } else if (mode !== 'to' && caps.partialRuns) {
      const source = sourceRunFor(editor);
      options.reuse = source ? reusedOutputsFor(flow, source, stepId) : {};
      options.partial = { fromStepId: stepId, mode, ...(source ? { sourceRunId: source.runId } : {}) };
      if (mode === 'one') {
        options.stopAfterStepId = stepId;
        options.partial.toStepId = stepId;
      }
    }
  }
  return Object.keys(options).length > 0 ? options : undefined;
}

/** Pinned steps a run on this backend would run for real (it cannot honour pins). */
export function ignoredPins(editor: EditorStore, adapter: Pick<BackendAdapter, 'capabilities' | 'id'>): string[] {
  if (debugCapabilitiesOf(adapter.capabilities).pins) return [];
  const flow = editor.getState().flow;
  return Object.keys(debuggerFor(editor, adapter.id).getState().pins).filter((id) => id in flow.steps);
}
