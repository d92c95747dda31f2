/**
 * Where a dragged step lands, as a pure function of the pointer position over the rows.
 *
 * Vertical position picks a gap between two rows (a block header's lower part means "first child", an
 * empty-branch placeholder means "into that branch"). A gap can stand for several slots: after the last step
 * of a block's last branch, the step could go at the end of that branch or, further out, after the block
 * (and after its parent block, ...). The pointer's horizontal position picks among them, like vFlow:
 * further right is deeper.
 *
 * Slots follow the model's convention: the gap in the list as the flow is *before* the move.
 */
import type { Slot, StepId } from '../../model/flow';
import type { ListRow, ListStructure } from './rows';

export interface Drop {
  slot: Slot;
  /** The indicator: a line at the top of row `gap` (`rows.length` = after the last row), indented by `depth`. */
  gap: number;
  depth: number;
  /** The line marks "into this empty branch" (drawn over the placeholder row at index `gap`). */
  into?: boolean;
}

export interface DropPointer {
  /** Vertical position in rows: 2.5 is the middle of row 2. */
  row: number;
  /** Horizontal position in indentation levels from the left edge of depth 0. */
  depth: number;
}

/** Part of a block header (from its top) that still means "before the block" rather than "into it". */
const HEADER_BEFORE = 0.35;

interface Candidate {
  slot: Slot;
  gap: number;
  depth: number;
}

function firstBranch(row: ListRow): 'then' | 'body' {
  return row.blockKind === 'loop' ? 'body' : 'then';
}

function findRow(rows: readonly ListRow[], from: number, key: string): number {
  for (let i = Math.max(0, from); i < rows.length; i++) if ((rows[i] as ListRow).key === key) return i;
  return -1;
}

/** The slots a gap between `rows[gap - 1]` and `rows[gap]` can stand for, deepest first. */
export function gapCandidates(rows: readonly ListRow[], structure: ListStructure, gap: number): Candidate[] {
  const above = rows[gap - 1];
  if (!above) return [{ slot: { parent: null, branch: null, index: 0 }, gap, depth: 0 }];
  if (above.kind === 'empty') {
    return [
      { slot: { parent: above.stepId, branch: above.branch, index: 0 }, gap: gap - 1, depth: above.depth },
    ];
  }
  if (above.kind === 'else') {
    return [{ slot: { parent: above.stepId, branch: 'else', index: 0 }, gap, depth: above.depth + 1 }];
  }
  if (above.kind === 'step' && above.blockKind && !above.collapsed && !structure.graph) {
    return [
      { slot: { parent: above.stepId, branch: firstBranch(above), index: 0 }, gap, depth: above.depth + 1 },
    ];
  }
  // After a plain step, a collapsed block or a block's end row: after that step, then outwards while it is
  // the last step of its block's last branch.
  const out: Candidate[] = [];
  let step = above.kind === 'end' ? structure.byStep.get(above.stepId) : above;
  let lineGap = gap;
  while (step) {
    out.push({
      slot: { parent: step.parent, branch: step.branch, index: step.index + 1 },
      gap: lineGap,
      depth: step.depth,
    });
    if (!step.last || step.parent === null) break;
    const parent = structure.byStep.get(step.parent);
    if (!parent || (step.branch === 'then' && parent.hasElse)) break;
    const end = findRow(rows, lineGap, `${parent.stepId}:end`);
    if (end < 0) break;
    lineGap = end + 1;
    step = parent;
  }
  return out;
}

/** Whether `target` is `id` or nested inside it. */
function isWithin(structure: ListStructure, target: StepId | null, id: StepId): boolean {
  let cur = target;
  const seen = new Set<StepId>();
  while (cur !== null && !seen.has(cur)) {
    if (cur === id) return true;
    seen.add(cur);
    cur = structure.byStep.get(cur)?.parent ?? null;
  }
  return false;
}

/** The drop for a pointer position, or null where the dragged step cannot go (into itself). */
export function computeDrop(
  rows: readonly ListRow[],
  structure: ListStructure,
  draggedId: StepId,
  pointer: DropPointer,
): Drop | null {
  if (structure.graph || rows.length === 0) {
    return structure.graph ? null : { slot: { parent: null, branch: null, index: 0 }, gap: 0, depth: 0 };
  }
  const index = Math.floor(pointer.row);
  let gap: number;
  if (index < 0) gap = 0;
  else if (index >= rows.length) gap = rows.length;
  else {
    const row = rows[index] as ListRow;
    const frac = pointer.row - index;
    if (row.kind === 'empty') {
      if (isWithin(structure, row.stepId, draggedId)) return null;
      return {
        slot: { parent: row.stepId, branch: row.branch, index: 0 },
        gap: index,
        depth: row.depth,
        into: true,
      };
    }
    const isOpenHeader = row.kind === 'step' && !!row.blockKind && !row.collapsed;
    gap = frac < (isOpenHeader ? HEADER_BEFORE : 0.5) ? index : index + 1;
  }
  const candidates = gapCandidates(rows, structure, gap);
  const want = Math.floor(pointer.depth);
  const chosen = candidates.find((c) => c.depth <= want) ?? candidates[candidates.length - 1];
  if (!chosen || isWithin(structure, chosen.slot.parent, draggedId)) return null;
  return { slot: chosen.slot, gap: chosen.gap, depth: chosen.depth };
}
