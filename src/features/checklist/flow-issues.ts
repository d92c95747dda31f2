/**
 * The model's `validateFlow`, answered in O(steps + references × depth) instead of one `stepsBefore` walk per
 * referencing step (which takes about a second on a 1000-step flow: too slow to rerun after each keystroke).
 * Same issues, same order, same messages: a property test checks it against `validateFlow` on random flows.
 */
import type { Flow, StepId } from '../../model/flow';
import type { ReferenceSyntax } from '../../model/references';
import { findFlowReferences, stepsBefore, structuralIssues, type FlowIssue } from '../../model';
import { slotIndex } from '../../model/tree';

/** `(id, target) => target runs before id`, with the meaning of the model's `stepsBefore(flow, id)`. */
export function runsBeforeTest(flow: Flow): (id: StepId, target: StepId) => boolean {
  if (flow.structure === 'graph') {
    const cache = new Map<StepId, Set<StepId>>();
    return (id, target) => {
      let set = cache.get(id);
      if (!set) cache.set(id, (set = new Set(stepsBefore(flow, id))));
      return set.has(target);
    };
  }
  const slots = slotIndex(flow);
  const chains = new Map<StepId, StepId[] | null>();
  // Ancestors from the top level down to the step itself. A parent is always visited before its children,
  // so the chain walks up a tree, never a loop.
  const chainOf = (id: StepId): StepId[] | null => {
    const hit = chains.get(id);
    if (hit !== undefined) return hit;
    const slot = slots.get(id);
    let chain: StepId[] | null = null;
    if (slot) {
      const up = slot.parent === null ? [] : chainOf(slot.parent);
      chain = up ? [...up, id] : null;
    }
    chains.set(id, chain);
    return chain;
  };
  return (id, target) => {
    if (id === target) return false;
    const mine = chainOf(id);
    const theirs = chainOf(target);
    if (!mine || !theirs) return false;
    let k = 0;
    while (k < mine.length && k < theirs.length && mine[k] === theirs[k]) k++;
    // The target encloses the step (an if or loop around it): it runs first.
    if (k === theirs.length) return true;
    // The target is nested inside the step, or they part ways: same list → earlier index runs first;
    // different branches of one if → only one of them runs.
    if (k === mine.length) return false;
    const a = slots.get(theirs[k] as StepId);
    const b = slots.get(mine[k] as StepId);
    return !!a && !!b && a.branch === b.branch && a.index < b.index;
  };
}

/** Every issue `validateFlow(flow, syntax)` reports, in its order and words. */
export function flowIssues(flow: Flow, syntax: ReferenceSyntax, before = runsBeforeTest(flow)): FlowIssue[] {
  const issues: FlowIssue[] = [...structuralIssues(flow)];
  for (const step of Object.values(flow.steps)) {
    if (step.title.trim() === '') {
      issues.push({
        stepId: step.id,
        code: 'empty-title',
        message: `Step "${step.id}" has no title.`,
        severity: 'warning',
      });
    }
  }
  for (const { stepId, param, reference } of findFlowReferences(flow, syntax)) {
    const target = reference.target;
    if (target.kind !== 'step') continue;
    const where = `"${flow.steps[stepId]?.title || stepId}" (${param})`;
    if (!flow.steps[target.stepId]) {
      issues.push({
        stepId,
        code: 'dangling-reference',
        message: `${where} uses ${reference.raw}, but that step does not exist; pick another step's output or remove the reference.`,
        severity: 'error',
      });
    } else if (!before(stepId, target.stepId)) {
      const other = flow.steps[target.stepId]?.title || target.stepId;
      issues.push({
        stepId,
        code: 'reference-not-before',
        message: `${where} uses the output of "${other}", which does not run before it; move that step earlier or use another output.`,
        severity: 'error',
      });
    }
  }
  return issues;
}
