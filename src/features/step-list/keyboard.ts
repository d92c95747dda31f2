/**
 * What a key pressed on the tree means, as a pure function of the rows and the active row. Keys it returns
 * null for (Tab, Delete, Alt+Arrow, shortcuts) are not the list's: they bubble on to the app shell, which
 * runs the matching command (indent, delete, move), so the list never reimplements them.
 */
import type { StepId } from '../../model';
import {
  firstNavigable,
  isBlockHeader,
  lastNavigable,
  nextNavigable,
  parentRowIndex,
  type ListRow,
} from './rows';

export type KeyAction =
  | { type: 'move'; index: number; extend: boolean }
  | { type: 'expand' | 'collapse'; id: StepId }
  | { type: 'open'; id: StepId }
  | { type: 'add'; row: ListRow }
  | { type: 'rename'; id: StepId }
  /** A key of the list's that does nothing here (ArrowLeft at the top level): still not the shell's. */
  | { type: 'none' };

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

export function keyAction(rows: readonly ListRow[], active: number, e: KeyLike): KeyAction | null {
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  const row = rows[active];
  if (!row) return null;
  const none: KeyAction = { type: 'none' };
  switch (e.key) {
    case 'ArrowDown':
    case 'ArrowUp':
      return {
        type: 'move',
        index: nextNavigable(rows, active, e.key === 'ArrowDown' ? 1 : -1),
        extend: e.shiftKey,
      };
    case 'Home':
      return { type: 'move', index: firstNavigable(rows), extend: e.shiftKey };
    case 'End':
      return { type: 'move', index: lastNavigable(rows), extend: e.shiftKey };
    case 'ArrowRight':
      if (e.shiftKey || !isBlockHeader(row)) return none;
      return row.collapsed
        ? { type: 'expand', id: row.stepId }
        : { type: 'move', index: nextNavigable(rows, active, 1), extend: false };
    case 'ArrowLeft': {
      if (e.shiftKey) return none;
      if (isBlockHeader(row) && !row.collapsed) return { type: 'collapse', id: row.stepId };
      const parent = parentRowIndex(rows, active);
      return parent >= 0 ? { type: 'move', index: parent, extend: false } : none;
    }
    case 'Enter':
      if (e.shiftKey) return null;
      if (row.kind === 'step') return { type: 'open', id: row.stepId };
      return row.kind === 'empty' ? { type: 'add', row } : none;
    case 'F2':
      return !e.shiftKey && row.kind === 'step' ? { type: 'rename', id: row.stepId } : null;
    default:
      return null;
  }
}
