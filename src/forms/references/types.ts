/**
 * What a form needs to offer and display references. The caller computes the candidates (earlier steps'
 * outputs via `stepsBefore`, the flow's run inputs, the backend's system variables); the form knows no flow.
 */
import type { StepId } from '../../model/flow';
import type { LocalizedText, ValueType } from '../../model/modules';
import type { ReferenceSyntax, ReferenceTarget, StepNaming } from '../../model/references';

export type ReferenceCandidate =
  | {
      kind: 'step';
      stepId: StepId;
      stepTitle: string;
      outputId: string;
      outputLabel: LocalizedText;
      type?: ValueType;
      /** Deeper path under the output, e.g. `['items', '0']`; usually absent. */
      path?: string[];
    }
  | { kind: 'input'; name: string; label?: LocalizedText; type?: ValueType }
  | { kind: 'system'; name: string; label?: LocalizedText; type?: ValueType; description?: LocalizedText };

export interface ReferenceContext {
  syntax: ReferenceSyntax;
  naming: StepNaming;
  candidates: ReferenceCandidate[];
}

export function candidateTarget(c: ReferenceCandidate): ReferenceTarget {
  switch (c.kind) {
    case 'step':
      return { kind: 'step', stepId: c.stepId, path: [c.outputId, ...(c.path ?? [])] };
    case 'input':
      return { kind: 'input', name: c.name, path: [] };
    case 'system':
      return { kind: 'system', name: c.name, path: [] };
  }
}
