/**
 * Shift+drag on the pane draws React Flow's selection box, but the browser also starts a text selection at the
 * mouse-down and stretches it over everything the pointer crosses (toolbar labels stayed highlighted).
 * React Flow draws the box from pointer events, so cancelling the mouse-down's default action (text
 * selection) leaves the box alone.
 */
import type { MouseEvent } from 'react';

export function stopTextSelectionOnBoxSelect(e: MouseEvent<HTMLElement>): void {
  if (!e.shiftKey || e.button !== 0) return;
  const target = e.target instanceof Element ? e.target : null;
  if (!target?.closest('.react-flow__pane, .react-flow__selection, .react-flow__nodesselection')) return;
  e.preventDefault();
  window.getSelection()?.removeAllRanges();
}
