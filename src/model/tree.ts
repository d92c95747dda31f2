/**
 * Small read-only helpers over the block structure (root + each block's branches). Everything that walks the
 * tree goes through here so the walk order (pre-order, branches in `BRANCHES_OF` order) is the same everywhere:
 * step list rows, derived edges, validation and copy/paste all agree on "what comes first".
 */
import { BRANCHES_OF, type BranchName, type Flow, type Slot, type Step, type StepId, type StepKind } from './flow';

/** The nested list of a block, or the root list when `parent` is null. Undefined when it does not exist. */
export function childList(
  flow: Pick<Flow, 'root' | 'steps'>,
  parent: StepId | null,
  branch: BranchName | null,
): StepId[] | undefined {
  if (parent === null) return flow.root;
  if (branch === null) return undefined;
  return flow.steps[parent]?.branches?.[branch];
}

/** The branches a step actually has, in display order (if without else -> only `then`). */
export function presentBranches(step: Step): BranchName[] {
  return BRANCHES_OF[step.kind].filter((b) => step.branches?.[b] !== undefined);
}

/**
 * Visits every placed step in pre-order. Tolerates broken documents (missing steps are visited with
 * `step` undefined, repeated ids are visited once) so validation can use it to report them.
 */
export function walkTree(
  flow: Pick<Flow, 'root' | 'steps'>,
  visit: (id: StepId, slot: Slot, depth: number, step: Step | undefined) => void,
): void {
  const seen = new Set<StepId>();
  const walk = (list: StepId[], parent: StepId | null, branch: BranchName | null, depth: number): void => {
    list.forEach((id, index) => {
      const step = flow.steps[id];
      visit(id, { parent, branch, index }, depth, step);
      if (seen.has(id) || !step) return;
      seen.add(id);
      for (const b of presentBranches(step)) walk(step.branches?.[b] ?? [], id, b, depth + 1);
    });
  };
  walk(flow.root, null, null, 0);
}

/** Where every step sits. For a graph flow every step sits in the root list. */
export function slotIndex(flow: Pick<Flow, 'root' | 'steps'>): Map<StepId, Slot> {
  const slots = new Map<StepId, Slot>();
  walkTree(flow, (id, slot) => {
    if (!slots.has(id)) slots.set(id, slot);
  });
  return slots;
}

/** The step ids nested inside a block, in pre-order, not including the block itself. */
export function descendantsOf(flow: Pick<Flow, 'steps'>, id: StepId): StepId[] {
  const out: StepId[] = [];
  const seen = new Set<StepId>([id]);
  const visit = (stepId: StepId): void => {
    const step = flow.steps[stepId];
    if (!step) return;
    for (const b of presentBranches(step)) {
      for (const child of step.branches?.[b] ?? []) {
        if (seen.has(child)) continue; // a broken document must not loop forever
        seen.add(child);
        out.push(child);
        visit(child);
      }
    }
  };
  visit(id);
  return out;
}

/** The ids of a step and everything nested in it. */
export function subtreeOf(flow: Pick<Flow, 'steps'>, id: StepId): StepId[] {
  return [id, ...descendantsOf(flow, id)];
}

/** The chain of enclosing blocks of a step, innermost first. */
export function ancestorsOf(flow: Pick<Flow, 'root' | 'steps'>, id: StepId): StepId[] {
  const slots = slotIndex(flow);
  const out: StepId[] = [];
  let parent = slots.get(id)?.parent ?? null;
  while (parent !== null && !out.includes(parent)) {
    out.push(parent);
    parent = slots.get(parent)?.parent ?? null;
  }
  return out;
}

/** Graph handles by step kind: `out` for plain steps, `true`/`false` for if, `body`/`after` for loop. */
export const HANDLES_OF = {
  trigger: ['out'],
  action: ['out'],
  if: ['true', 'false'],
  loop: ['body', 'after'],
} as const satisfies Record<StepKind, readonly string[]>;
