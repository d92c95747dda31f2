/**
 * After a param edit, the backend may say the step's ports changed (a Langflow Prompt's new `{variable}` is
 * an input): the new ports go into the same edit, so the canvas draws them at once and undo takes both back.
 */
import type { BackendAdapter } from '../../backends/types';
import type { Flow, StepId } from '../../model/flow';
import { setStepFields } from '../../model';

export function withLivePorts(flow: Flow, stepId: StepId, backend: Pick<BackendAdapter, 'portsForParams'>): Flow {
  const ports = backend.portsForParams?.(flow, stepId);
  const step = flow.steps[stepId];
  if (!ports || !step) return flow;
  if (step.ports && JSON.stringify(step.ports) === JSON.stringify(ports)) return flow;
  return setStepFields(flow, stepId, { ports });
}
