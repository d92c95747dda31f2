/**
 * What a step's fields may reference: outputs of the steps that run before it, the flow's run inputs and the
 * backend's system variables. Computed from the model, so the picker never offers a step that runs later.
 */
import type { Flow, StepId } from '../../model/flow';
import type { ModuleDefinition } from '../../model/modules';
import { stepsBefore } from '../../model';
import { localSyntax, syntaxFor } from '../../model/references/dialects';
import type { ReferenceCandidate } from '../../forms';
import { stepDisplayTitle } from '../../step-types/presentation';
import type { StepDisplayNames } from '../../model/references/display';

export function referenceCandidates(
  flow: Flow,
  stepId: StepId,
  modules: ModuleDefinition[],
  lastOutputs: Record<StepId, unknown> = {},
  language: 'en' | 'zh' = 'en',
  /** The flow's display names: groups read as the names references are written with (`Log (2)`). */
  names?: StepDisplayNames,
): ReferenceCandidate[] {
  const byId = new Map(modules.map((m) => [m.id, m]));
  const out: ReferenceCandidate[] = [];
  for (const id of stepsBefore(flow, stepId)) {
    const step = flow.steps[id];
    if (!step) continue;
    const module = byId.get(step.type);
    const outputs = module?.outputs ?? [];
    const stepTitle = names?.nameOf(id) ?? stepDisplayTitle(step, module, language);
    for (const o of outputs) {
      out.push({ kind: 'step', stepId: id, stepTitle, outputId: o.id, outputLabel: o.label, type: o.type });
    }
    // After a run, fields of the real output are offered too (e.g. a function's returned object).
    const real = lastOutputs[id];
    if (real && typeof real === 'object' && !Array.isArray(real)) {
      for (const key of Object.keys(real).slice(0, 50)) {
        if (outputs.some((o) => o.id === key)) continue;
        out.push({ kind: 'step', stepId: id, stepTitle, outputId: key, outputLabel: { text: key }, type: 'any' });
      }
    }
  }
  for (const input of flow.inputs) {
    out.push({ kind: 'input', name: input.id, label: { text: input.label }, type: input.type === 'json' ? 'any' : input.type });
  }
  // The backend's system variables, as its reference dialect declares them.
  for (const v of (syntaxFor(flow.dialect) ?? localSyntax).systemVariables ?? []) {
    out.push({ kind: 'system', name: v.name, label: { text: v.name }, type: v.type });
  }
  return out;
}
