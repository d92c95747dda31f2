/**
 * Block flow <-> indented step list (the list view, vFlow `indentationLevel`, viaSocket `order.root`).
 * Row keys are stable (`id`, `id:else`, `id:end`) so a virtualised list keeps row state across edits.
 */
import { produce } from 'immer';
import { BRANCHES_OF, isBlockKind, type BranchName, type Flow, type Step, type StepId } from './flow';
import { fromGraphFlow, topologicalOrder } from './graph';

export type StepRowRole = 'step' | 'else' | 'end';

export interface StepRow {
  key: string;
  stepId: StepId;
  role: StepRowRole;
  depth: number;
  /** Set on every row of a block (its step row, else row and end row). */
  blockKind?: 'if' | 'loop';
}

function row(stepId: StepId, role: StepRowRole, depth: number, step: Step | undefined): StepRow {
  const key = role === 'step' ? stepId : `${stepId}:${role}`;
  const r: StepRow = { key, stepId, role, depth };
  if (step && isBlockKind(step.kind)) r.blockKind = step.kind;
  return r;
}

/**
 * The rows of the list view. Block flow: an if with `branches.else` defined (even empty) gets an else row,
 * every block gets an end row. Graph flow: every step at depth 0 in topological order (see
 * `isListFaithful`), never silently restructured.
 */
export function toStepList(flow: Flow): StepRow[] {
  if (flow.structure === 'graph') return topologicalOrder(flow).map((id) => row(id, 'step', 0, flow.steps[id]));
  const rows: StepRow[] = [];
  const walk = (list: StepId[], depth: number): void => {
    for (const id of list) {
      const step = flow.steps[id];
      rows.push(row(id, 'step', depth, step));
      if (!step || !isBlockKind(step.kind)) continue;
      if (step.kind === 'if') {
        walk(step.branches?.then ?? [], depth + 1);
        if (step.branches?.else !== undefined) {
          rows.push(row(id, 'else', depth, step));
          walk(step.branches.else, depth + 1);
        }
      } else {
        walk(step.branches?.body ?? [], depth + 1);
      }
      rows.push(row(id, 'end', depth, step));
    }
  };
  walk(flow.root, 0);
  return rows;
}

/**
 * Whether `toStepList` shows the whole structure. Always for block flows. For a graph flow only when it is a
 * plain chain (then the flat list says everything); a branching graph, even a block-shaped one, shows flat
 * and the list view explains why.
 */
export function isListFaithful(flow: Flow): boolean {
  if (flow.structure === 'blocks') return true;
  const blocks = fromGraphFlow(flow);
  return blocks !== null && Object.values(blocks.steps).every((s) => !isBlockKind(s.kind));
}

export interface StepListInputRow {
  stepId: StepId;
  role: StepRowRole;
  /** When given it is checked against the nesting the roles imply (vFlow `indentationLevel`). */
  depth?: number;
}

export interface StepListError {
  /** Index of the offending row, or `rows.length` for "the list ended with open blocks". */
  row: number;
  message: string;
}

export type FromStepListResult =
  | { ok: true; root: StepId[]; steps: Record<StepId, Step> }
  | { ok: false; error: StepListError };

/**
 * Rebuilds root + branches from an indented list. Never throws: a malformed list (unknown step, step listed
 * twice, stray else/end, else on a loop, unclosed block, wrong depth) returns `{ ok: false, error }` naming
 * the row, so an importer can show the user where the source document is broken.
 *
 * `else`/`end` rows close the innermost open block. Their `stepId` is the block's id, or any id that is not a
 * step (vendor marker rows such as vFlow's `endif` module carry their own ids).
 *
 * The returned `steps` is the input record with `branches` set on every block that appears in the list; the
 * records of plain steps are the same objects.
 */
export function fromStepList(rows: StepListInputRow[], steps: Record<StepId, Step>): FromStepListResult {
  const root: StepId[] = [];
  const branches = new Map<StepId, Partial<Record<BranchName, StepId[]>>>();
  const open: Array<{ id: StepId; branch: BranchName; list: StepId[] }> = [];
  const seen = new Set<StepId>();
  const fail = (index: number, message: string): FromStepListResult => ({ ok: false, error: { row: index, message } });

  for (const [index, r] of rows.entries()) {
    const top = open[open.length - 1];
    if (r.role === 'step') {
      const step = steps[r.stepId];
      if (!step) return fail(index, `row ${index + 1}: step "${r.stepId}" does not exist`);
      if (seen.has(r.stepId)) return fail(index, `row ${index + 1}: step "${r.stepId}" is listed twice`);
      if (r.depth !== undefined && r.depth !== open.length) {
        return fail(index, `row ${index + 1}: "${r.stepId}" is at depth ${r.depth} but its enclosing blocks put it at depth ${open.length}`);
      }
      seen.add(r.stepId);
      (top ? top.list : root).push(r.stepId);
      if (isBlockKind(step.kind)) {
        const first = BRANCHES_OF[step.kind][0] as BranchName;
        const list: StepId[] = [];
        branches.set(r.stepId, { [first]: list });
        open.push({ id: r.stepId, branch: first, list });
      }
      continue;
    }
    const what = r.role === 'else' ? 'else' : 'end';
    if (!top) return fail(index, `row ${index + 1}: "${what}" without an open block`);
    if (r.stepId !== top.id && steps[r.stepId]) {
      return fail(index, `row ${index + 1}: "${what}" of "${r.stepId}" but the innermost open block is "${top.id}"`);
    }
    if (r.depth !== undefined && r.depth !== open.length - 1) {
      return fail(index, `row ${index + 1}: "${what}" of "${top.id}" is at depth ${r.depth}, expected ${open.length - 1}`);
    }
    if (r.role === 'else') {
      if (top.branch !== 'then') {
        return fail(index, `row ${index + 1}: "else" only belongs to an if block, once ("${top.id}" cannot take it)`);
      }
      const list: StepId[] = [];
      const b = branches.get(top.id);
      if (b) b.else = list;
      open[open.length - 1] = { id: top.id, branch: 'else', list };
    } else {
      open.pop();
    }
  }
  const unclosed = open[open.length - 1];
  if (unclosed) return fail(rows.length, `block "${unclosed.id}" is not closed: the list ends without its "end" row`);

  const rebuilt = produce(steps, (d) => {
    for (const [id, b] of branches) {
      const step = d[id];
      if (step) step.branches = b;
    }
  });
  return { ok: true, root, steps: rebuilt };
}
