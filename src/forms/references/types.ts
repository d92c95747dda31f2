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
  /** The syntax of what the field shows (by step name when `display` is given), for picker, chips, autocomplete. */
  syntax: ReferenceSyntax;
  naming: StepNaming;
  candidates: ReferenceCandidate[];
  /**
   * How stored text reads to a person and back (`model/references/display.ts`): fields show `toDisplay` of
   * the value and store `toStorage` of what was typed. Absent: the field shows the stored text.
   */
  display?: {
    toDisplay(stored: string): string;
    toStorage(display: string, previous?: string): string;
  };
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
