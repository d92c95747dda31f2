/**
 * The flow checklist (issue 4): what keeps a flow from running or being published, per step.
 *
 * - `useChecklist()` → `{ items, hasBlocking, errorCount, warningCount, count, pending, current() }` for any
 *   component of the open flow; `current()` is the checklist of the document as it is right now, for event
 *   handlers (Run, Publish) that must not act on a deferred render value.
 * - `<ChecklistList>` renders a checklist with a button per step; `jumpToStep(store, id, path?)` is what its
 *   buttons do. `<ChecklistButton>` is the toolbar's "N problems" popover.
 * - `flowChecklist(flow, options)` is the pure function underneath; `fieldsForRunInputs` / `readRunInputs`
 *   build and read the run-inputs form.
 */
export {
  flowChecklist,
  firstFieldPath,
  type FlowChecklist,
  type FlowChecklistItem,
  type FlowChecklistOptions,
  type FlowProblem,
  type ProblemSeverity,
} from './flow-checklist';
export { useChecklist, checklistOf, type ChecklistInputs, type UseChecklistResult } from './useChecklist';
export { jumpToStep, focusInspector } from './jump';
export { ChecklistList, type ChecklistListProps } from './ChecklistList';
export { ChecklistButton } from './ChecklistButton';
export { fieldsForRunInputs, initialRunInputValues, readRunInputs, type RunInputsResult } from './run-inputs';
