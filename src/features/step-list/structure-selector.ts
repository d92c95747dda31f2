/**
 * A store selector for the list's rows that only recomputes when the flow's *structure* changes.
 *
 * Why: every edit makes a new `flow` object, but typing in a parameter or renaming a step must not rebuild
 * 5,000 rows or re-render the list. The structure is the root list, the edges, and each step's existence,
 * kind and `branches` object; immer-based edits keep those identities when they do not touch them, so an
 * identity walk over the step record (no deep compare) tells a structure edit from a content edit.
 */
import { isListFaithful, toStepList, type Flow, type StepRow } from '../../model';

export function sameStructure(a: Flow, b: Flow): boolean {
  if (a === b) return true;
  if (a.structure !== b.structure || a.root !== b.root || a.edges !== b.edges) return false;
  if (a.steps === b.steps) return true;
  const aKeys = Object.keys(a.steps);
  if (aKeys.length !== Object.keys(b.steps).length) return false;
  for (const id of aKeys) {
    const x = a.steps[id];
    const y = b.steps[id];
    if (!x || !y) return false;
    if (x !== y && (x.kind !== y.kind || x.branches !== y.branches)) return false;
  }
  return true;
}

export interface ListShape {
  rows: StepRow[];
  /** The list shows the flow's whole structure (always for block flows; see `isListFaithful`). */
  faithful: boolean;
  structure: Flow['structure'];
}

/** One selector per mounted list: it remembers the last flow it saw and the rows it made for it. */
export function createShapeSelector(): (s: { flow: Flow }) => ListShape {
  let seen: Flow | null = null;
  let shape: ListShape | null = null;
  return (s) => {
    if (shape && seen && sameStructure(seen, s.flow)) {
      seen = s.flow;
      return shape;
    }
    seen = s.flow;
    shape = { rows: toStepList(s.flow), faithful: isListFaithful(s.flow), structure: s.flow.structure };
    return shape;
  };
}
