/**
 * User-facing validation: structural problems (see `validate-structure.ts`) plus content problems the
 * document can legally hold while being edited: references to missing steps or to steps that have not run
 * yet, and steps without a title.
 */
import type { Flow, StepId } from './flow';
import { flowIndex } from './analysis';
import type { ReferenceSyntax } from './references';
import { findFlowReferences } from './references/rewrite';
import { childList, slotIndex, subtreeOf } from './tree';
import { structuralIssues, type FlowIssue } from './validate-structure';

export { isStructuralIssue, structuralIssues, type FlowIssue, type FlowIssueCode } from './validate-structure';

/**
 * The steps whose outputs exist when `id` runs, in document order. Block flow: earlier siblings with
 * everything nested in them, then each enclosing block and its earlier siblings (and their content), up to
 * the root. The other branch of an enclosing if does not count (only one of them runs), nor do later steps of
 * an enclosing loop body (they ran in the previous iteration only). Graph flow: every ancestor.
 */
export function stepsBefore(flow: Flow, id: StepId): StepId[] {
  if (flow.structure === 'graph') {
    const index = flowIndex(flow);
    return index.order.filter((s) => index.runsBefore(id, s));
  }
  const slots = slotIndex(flow);
  const before = new Set<StepId>();
  let current: StepId | null = id;
  const visited = new Set<StepId>();
  while (current !== null && !visited.has(current)) {
    visited.add(current);
    const slot = slots.get(current);
    if (!slot) break;
    const siblings = childList(flow, slot.parent, slot.branch) ?? [];
    for (const sib of siblings.slice(0, slot.index)) for (const s of subtreeOf(flow, sib)) before.add(s);
    if (slot.parent !== null) before.add(slot.parent);
    current = slot.parent;
  }
  const order: StepId[] = [];
  for (const root of flow.root) order.push(...subtreeOf(flow, root));
  return order.filter((s) => before.has(s));
}

/** Every issue of a flow: structural ones first, then per step in document order. */
export function validateFlow(
  flow: Flow,
  syntax: ReferenceSyntax,
  runsBefore: (id: StepId, target: StepId) => boolean = flowIndex(flow).runsBefore,
): FlowIssue[] {
  const issues: FlowIssue[] = [...structuralIssues(flow)];
  for (const step of Object.values(flow.steps)) {
    if (step.title.trim() === '') {
      issues.push({ stepId: step.id, code: 'empty-title', message: `Step "${step.id}" has no title.`, severity: 'warning' });
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
    } else if (!runsBefore(stepId, target.stepId)) {
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
