/**
 * Run from here / run this step: which recorded outputs of an earlier run stand in for the steps before the
 * chosen one. Pure: the flow, the run state recorded, the step.
 *
 * Every step that runs before the chosen one (the shared flow index's meaning) and succeeded in the recorded
 * run is reused, per iteration. Loop steps are never reused: a reused loop would not run its body, and the
 * chosen step may be in it; so a loop runs again and its body steps reuse their output of the same iteration.
 */
import type { ReusedOutput } from '../../backends/debug';
import { listToArray, type RunState } from '../../backends/run-state';
import { flowIndex } from '../../model/analysis';
import type { Flow } from '../../model/flow';

export function reusedOutputsFor(flow: Flow, recorded: RunState, stepId: string): Record<string, ReusedOutput> {
  const index = flowIndex(flow);
  const reuse: Record<string, ReusedOutput> = {};
  for (const id of Object.keys(flow.steps)) {
    if (id === stepId || flow.steps[id]?.kind === 'loop' || !index.runsBefore(stepId, id)) continue;
    const state = recorded.steps[id];
    if (!state) continue;
    const byIteration: Record<string, unknown> = {};
    let any = false;
    for (const it of listToArray(state.iterations)) {
      if (it.status !== 'succeeded' || !('outputs' in it)) continue;
      byIteration[it.key] = it.outputs;
      any = true;
    }
    if (any) reuse[id] = { byIteration, runId: recorded.runId };
  }
  return reuse;
}
