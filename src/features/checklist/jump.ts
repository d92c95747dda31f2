/**
 * Going to a step from the checklist: select it, have the views reveal it, and put the keyboard in the
 * inspector, on the field at fault when there is one.
 */
import type { EditorStore } from '../../editor/store';
import type { StepId } from '../../model/flow';
import { fieldDomId } from '../../forms';

const FOCUSABLE =
  'input:not([type="hidden"]):not([disabled]), textarea:not([disabled]), select:not([disabled]), button:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusableIn(el: HTMLElement): HTMLElement | null {
  return el.matches(FOCUSABLE) ? el : el.querySelector<HTMLElement>(FOCUSABLE);
}

/** Focuses the step's field (or the inspector's first control) once the inspector shows the step. */
export function focusInspector(stepId: StepId, path?: string, frames = 10): void {
  let left = frames;
  const attempt = () => {
    const root = document.getElementById('fb-inspector');
    const field = path ? document.getElementById(fieldDomId(`step-${stepId}`, path)) : null;
    // Fields are rendered with the step's id prefix; without a path any of them shows the inspector is ready.
    const prefix = `step-${stepId}-`;
    const ready =
      field ??
      [...(root?.querySelectorAll<HTMLElement>('[id]') ?? [])].find((el) => el.id.startsWith(prefix)) ??
      null;
    const target =
      (field && focusableIn(field)) ?? (ready ? (root?.querySelector<HTMLElement>(FOCUSABLE) ?? null) : null);
    if (target) {
      target.focus();
      target.scrollIntoView?.({ block: 'nearest' });
      return;
    }
    if (--left > 0) requestAnimationFrame(attempt);
    else root?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
  };
  requestAnimationFrame(attempt);
}

export function jumpToStep(store: EditorStore, stepId: StepId, path?: string): void {
  const state = store.getState();
  if (!(stepId in state.flow.steps)) return;
  state.select([stepId], stepId);
  if (state.revealStep === stepId) {
    // The views react to a change: clear it and set it again next frame, so they scroll to it again.
    store.setState({ revealStep: null });
    requestAnimationFrame(() => store.setState({ revealStep: stepId }));
  } else store.setState({ revealStep: stepId });
  focusInspector(stepId, path);
}
