/**
 * Runs one step in isolation against sample data (`TestStepRequest.sample`): the engine runs a one-step
 * flow whose earlier-step outputs are seeded from the sample, so the step sees exactly what it would in a run.
 */
import type { Flow } from '../../../model/flow';
import type { TestStepRequest, TestStepResult } from '../../types';
import type { TraceEvent } from '../../trace';
import { displayNamesOf } from '../../../model/references/display';
import { runFlow, type RunFlowOptions } from './run-flow';
import { withStepNames } from './step-context';

export type TestStepDeps = Pick<RunFlowOptions, 'modules' | 'sandbox' | 'fetch' | 'now' | 'defaultStepTimeoutMs'>;

export async function testStep(req: TestStepRequest, deps: TestStepDeps): Promise<TestStepResult> {
  const started = performance.now();
  const step = req.flow.steps[req.stepId];
  if (!step) return { ok: false, logs: [], durationMs: 0, error: { message: `There is no step "${req.stepId}" in this flow.` } };
  const { branches: _branches, ...plain } = step;
  const flow: Flow = {
    ...req.flow,
    structure: 'blocks',
    root: [step.id],
    steps: { [step.id]: { ...plain, disabled: false, onError: 'stop' } },
    edges: [],
  };
  const events: TraceEvent[] = [];
  await runFlow(flow, {
    ...deps,
    runId: `test-${step.id}`,
    inputs: req.sample?.inputs ?? {},
    trigger: 'test',
    // The one-step flow has no other steps to name, so the names come from the whole flow.
    initialStepOutputs: withStepNames(req.sample?.steps ?? {}, displayNamesOf(req.flow)),
    emit: (e) => events.push(e),
  });
  const logs: TestStepResult['logs'] = [];
  let finished: Extract<TraceEvent, { type: 'step-finished' }> | undefined;
  let runError: string | undefined;
  for (const e of events) {
    if (e.type === 'log') logs.push({ level: e.level, message: e.message });
    else if (e.type === 'step-finished' && e.stepId === step.id) finished = e;
    else if (e.type === 'run-finished' && e.error) runError = e.error.message;
  }
  const durationMs = finished?.durationMs ?? performance.now() - started;
  if (!finished || finished.status !== 'succeeded') {
    const err = finished?.error;
    return {
      ok: false,
      logs,
      durationMs,
      error: {
        message: err?.message ?? runError ?? 'The step did not run.',
        ...(err?.line !== undefined ? { line: err.line } : {}),
        ...(err?.column !== undefined ? { column: err.column } : {}),
      },
    };
  }
  // A function step's value is what its code returned; other modules return their whole outputs.
  const outputs = finished.outputs;
  const value =
    step.type === 'core.function' && outputs && typeof outputs === 'object' && 'result' in outputs ? (outputs as { result: unknown }).result : outputs;
  return { ok: true, value, logs, durationMs };
}
