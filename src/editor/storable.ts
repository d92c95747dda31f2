/**
 * Whether the active backend can store a document: an edit that makes something it cannot store (a free
 * graph on a blocks-only backend, an else branch where there is none) is refused when it is made, with the
 * reason, not at save time. Pure; the editor store applies `guardStorable` to every edit when it is made with
 * the backend's capabilities (`createEditorStore({ storable })`), and the connection check of the canvas asks
 * `storageProblem` before a connection is even made.
 */
import type { Capabilities } from '../backends/types';
import type { Flow } from '../model/flow';

export type StorageProblem = 'structure' | 'else';

/** What the guard refuses: a document the backend cannot store, or any edit on a backend that stores none. */
export type RefusedEdit = StorageProblem | 'readonly';

export function storageProblem(flow: Flow, caps: Pick<Capabilities, 'structures' | 'elseBranch'> | undefined): StorageProblem | null {
  if (!caps) return null;
  if (caps.structures?.length && !caps.structures.includes(flow.structure)) return 'structure';
  if (caps.elseBranch === false) {
    for (const s of Object.values(flow.steps)) if ((s.branches?.else?.length ?? 0) > 0) return 'else';
  }
  return null;
}

/** Thrown by a guarded edit; the edit funnel shows `key` (i18n, `editor` namespace) as the notice. */
export class UnstorableEdit extends Error {
  readonly key: string;
  constructor(readonly problem: RefusedEdit) {
    super(`unstorable: ${problem}`);
    this.name = 'UnstorableEdit';
    this.key = `editor:unstorable.${problem}`;
  }
}

/**
 * Wraps a document change: the result must be storable unless the document already was not (an existing
 * graph opened on a blocks-only backend can still be edited; it is refused at save with the backend's words).
 */
export function guardStorable(
  change: (flow: Flow) => Flow,
  caps: (Pick<Capabilities, 'structures' | 'elseBranch'> & Partial<Pick<Capabilities, 'editFlows'>>) | undefined,
): (flow: Flow) => Flow {
  return (before) => {
    const after = change(before);
    if (after === before) return after;
    // A run-only backend (Dify) stores no edit at all: say so when one is made, instead of letting it sit
    // unsaved in this tab.
    if (caps?.editFlows === false) throw new UnstorableEdit('readonly');
    const problem = storageProblem(after, caps);
    if (problem && storageProblem(before, caps) !== problem) throw new UnstorableEdit(problem);
    return after;
  };
}
