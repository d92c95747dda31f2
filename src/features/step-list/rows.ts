/**
 * The list view's rows, derived from the model's `toStepList` rows in two passes:
 *
 * 1. `buildStructure` (once per structure change): every row learns where it sits (parent block, branch,
 *    index, whether it is the last of its list) and which blocks enclose it, and empty branches get a
 *    placeholder row so the structure stays visible ("empty — add a step"). Drop targets, keyboard
 *    navigation and the rails all read this, so none of them walks the flow again.
 * 2. `visibleRows` (once per collapse change): rows inside collapsed blocks are dropped and the block's
 *    header learns how many steps it hides.
 *
 * Row objects are reused across rebuilds when nothing about them changed (`reuseRows`), so a memoised row
 * component re-renders only when its own row did.
 */
import type { BranchName, StepId, StepRow } from '../../model';

export type ListRowKind = 'step' | 'else' | 'end' | 'empty';
export type BlockKind = 'if' | 'loop';

export interface ListRow {
  /** Stable across edits: `id`, `id:else`, `id:end`, `id:empty:then`. */
  key: string;
  kind: ListRowKind;
  /** The step (step rows), the block (else/end rows) or the block owning the empty branch (empty rows). */
  stepId: StepId;
  /** Indentation: how many blocks enclose the row. */
  depth: number;
  /** Block rows (header, else, end) and empty rows: the kind of their block. */
  blockKind?: BlockKind;
  /** The enclosing block (step rows: the block whose branch holds it; empty rows: the block itself). */
  parent: StepId | null;
  /** The branch the row sits in (empty rows: the empty branch). */
  branch: BranchName | null;
  /** Step rows: position in its list. */
  index: number;
  /** Step rows: the last step of its list. */
  last: boolean;
  /** Step rows of if blocks: the if has an else branch (its then branch is not its last). */
  hasElse: boolean;
  /** Kind of each enclosing block, outermost first; one rail is drawn per entry. */
  rails: readonly BlockKind[];
  /** Collapsed block headers: how many steps they hide. */
  hiddenCount: number;
  collapsed: boolean;
}

export interface ListStructure {
  /** Every row, collapsed or not. */
  rows: ListRow[];
  /** The step row of each step. */
  byStep: Map<StepId, ListRow>;
  /** A graph flow: rows are flat, in execution order. */
  graph: boolean;
}

interface OpenBlock {
  id: StepId;
  kind: BlockKind;
  branch: BranchName;
  count: number;
  lastRow: ListRow | null;
  header: ListRow;
  rails: BlockKind[];
}

function makeRow(partial: Partial<ListRow> & Pick<ListRow, 'key' | 'kind' | 'stepId' | 'depth'>): ListRow {
  return {
    parent: null,
    branch: null,
    index: 0,
    last: false,
    hasElse: false,
    rails: [],
    hiddenCount: 0,
    collapsed: false,
    ...partial,
  };
}

export function buildStructure(stepRows: readonly StepRow[], graph: boolean): ListStructure {
  const rows: ListRow[] = [];
  const byStep = new Map<StepId, ListRow>();
  const stack: OpenBlock[] = [];
  let rootCount = 0;
  let rootLast: ListRow | null = null;

  const closeBranch = (top: OpenBlock): void => {
    if (top.lastRow) top.lastRow.last = true;
    if (top.count === 0) {
      rows.push(
        makeRow({
          key: `${top.id}:empty:${top.branch}`,
          kind: 'empty',
          stepId: top.id,
          depth: stack.length,
          blockKind: top.kind,
          parent: top.id,
          branch: top.branch,
          rails: [...top.rails, top.kind],
        }),
      );
    }
  };

  for (const r of stepRows) {
    const top = stack[stack.length - 1];
    if (graph || r.role === 'step') {
      const rails = top ? [...top.rails, top.kind] : [];
      const row = makeRow({
        key: r.key,
        kind: 'step',
        stepId: r.stepId,
        depth: graph ? 0 : stack.length,
        parent: graph ? null : (top?.id ?? null),
        branch: graph ? null : (top?.branch ?? null),
        index: top && !graph ? top.count++ : rootCount++,
        rails: graph ? [] : rails,
        ...(r.blockKind && !graph ? { blockKind: r.blockKind } : {}),
      });
      rows.push(row);
      if (!byStep.has(r.stepId)) byStep.set(r.stepId, row);
      if (top && !graph) top.lastRow = row;
      else rootLast = row;
      if (!graph && r.blockKind) {
        stack.push({
          id: r.stepId,
          kind: r.blockKind,
          branch: r.blockKind === 'if' ? 'then' : 'body',
          count: 0,
          lastRow: null,
          header: row,
          rails,
        });
      }
      continue;
    }
    if (!top) continue; // a stray else/end: toStepList never makes one, and there is nothing to close
    closeBranch(top);
    if (r.role === 'else') {
      top.header.hasElse = true;
      rows.push(
        makeRow({
          key: r.key,
          kind: 'else',
          stepId: top.id,
          depth: stack.length - 1,
          blockKind: top.kind,
          rails: top.rails,
        }),
      );
      top.branch = 'else';
      top.count = 0;
      top.lastRow = null;
    } else {
      stack.pop();
      rows.push(
        makeRow({
          key: r.key,
          kind: 'end',
          stepId: top.id,
          depth: stack.length,
          blockKind: top.kind,
          rails: top.rails,
        }),
      );
    }
  }
  if (rootLast) rootLast.last = true;
  return { rows, byStep, graph };
}

/** Rows minus those inside collapsed blocks; collapsed headers carry how many steps they hide. */
export function visibleRows(structure: ListStructure, collapsed: Readonly<Record<StepId, true>>): ListRow[] {
  if (structure.graph) return structure.rows;
  const out: ListRow[] = [];
  const { rows } = structure;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ListRow;
    if (row.kind !== 'step' || !row.blockKind || !collapsed[row.stepId]) {
      out.push(row);
      continue;
    }
    const endKey = `${row.stepId}:end`;
    let hidden = 0;
    let j = i + 1;
    for (; j < rows.length; j++) {
      const inner = rows[j] as ListRow;
      if (inner.key === endKey) break;
      if (inner.kind === 'step') hidden++;
    }
    out.push({ ...row, collapsed: true, hiddenCount: hidden });
    i = j; // skips the end row too: a collapsed block is one row
  }
  return out;
}

function sameRow(a: ListRow, b: ListRow): boolean {
  if (a === b) return true;
  for (const k of Object.keys(b) as (keyof ListRow)[]) {
    if (k === 'rails') continue;
    if (a[k] !== b[k]) return false;
  }
  return a.rails.length === b.rails.length && a.rails.every((r, i) => r === b.rails[i]);
}

/** `next` with each row replaced by its previous object when equal, so memoised rows skip rendering. */
export function reuseRows(prev: readonly ListRow[], next: ListRow[]): ListRow[] {
  if (prev.length === 0) return next;
  const old = new Map(prev.map((r) => [r.key, r]));
  return next.map((r) => {
    const o = old.get(r.key);
    return o && sameRow(o, r) ? o : r;
  });
}

/** Rows the keyboard moves between: steps and empty-branch placeholders (else/end rows are labels). */
export function isNavigable(row: ListRow | undefined): boolean {
  return !!row && (row.kind === 'step' || row.kind === 'empty');
}

export function nextNavigable(rows: readonly ListRow[], from: number, delta: 1 | -1): number {
  for (let i = from + delta; i >= 0 && i < rows.length; i += delta) if (isNavigable(rows[i])) return i;
  return from;
}

export function firstNavigable(rows: readonly ListRow[]): number {
  return nextNavigable(rows, -1, 1);
}

export function lastNavigable(rows: readonly ListRow[]): number {
  return nextNavigable(rows, rows.length, -1);
}

/** The header row of the block that encloses row `index`, or -1 at the top level. */
export function parentRowIndex(rows: readonly ListRow[], index: number): number {
  const row = rows[index];
  if (!row || row.parent === null) return -1;
  for (let i = index - 1; i >= 0; i--) {
    const r = rows[i] as ListRow;
    if (r.kind === 'step' && r.stepId === row.parent) return i;
  }
  return -1;
}

/** Whether a row is an expandable block header. */
export function isBlockHeader(row: ListRow | undefined): boolean {
  return !!row && row.kind === 'step' && !!row.blockKind;
}

/** The enclosing blocks of a step, innermost first. */
export function ancestorIds(structure: ListStructure, id: StepId): StepId[] {
  const out: StepId[] = [];
  let parent = structure.byStep.get(id)?.parent ?? null;
  while (parent !== null && !out.includes(parent)) {
    out.push(parent);
    parent = structure.byStep.get(parent)?.parent ?? null;
  }
  return out;
}

/** Step ids of the step rows between two row indexes, inclusive, in list order (Shift+Arrow, Shift+click). */
export function stepIdsBetween(rows: readonly ListRow[], a: number, b: number): StepId[] {
  const out: StepId[] = [];
  for (let i = Math.min(a, b); i <= Math.max(a, b); i++) {
    const r = rows[i];
    if (r?.kind === 'step') out.push(r.stepId);
  }
  return out;
}
