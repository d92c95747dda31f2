/**
 * Pure structure edits shared by the canvas and the list view. Each takes a flow and returns a new one built
 * with immer, so every step record an edit does not touch keeps its object identity (narrow selectors and
 * history diffs rely on it). Impossible edits throw `OpError` with a message fit for the user.
 *
 * Slot convention: a slot names a gap in a list *as the flow is before the edit* (`index` 0..length). For
 * `moveStep` within the same list that is the gap the user dropped into, the index is adjusted internally.
 */
import { produce, type Draft } from 'immer';
import { BRANCHES_OF, isBlockKind, type BranchName, type Flow, type Slot, type Step, type StepId } from './flow';
import { toGraphFlow } from './graph';
import { descendantsOf, slotIndex, subtreeOf } from './tree';
import { aKind, capitalized, structuralIssues } from './validate-structure';
import { OpError } from './op-error';
import { syntaxFor } from './references/dialects';

export { OP_ERROR_CODES, OpError, type OpErrorCode } from './op-error';

/** Where a step sits (root list for graph flows), or null when it is not in the flow. */
export function slotOf(flow: Flow, id: StepId): Slot | null {
  return slotIndex(flow).get(id) ?? null;
}

function requireStep(flow: Flow, id: StepId): Step {
  const step = flow.steps[id];
  if (!step) throw new OpError(`There is no step "${id}" in this flow.`, 'noStep', { id });
  return step;
}

function outsideSlot(slot: Slot, length: number): OpError {
  const max = length;
  if (slot.parent === null) return new OpError(`Position ${slot.index} is outside the top level (0..${max}).`, 'positionOutsideTop', { index: slot.index, max });
  const branch = slot.branch ?? '?';
  return new OpError(`Position ${slot.index} is outside the ${branch} branch of "${slot.parent}" (0..${max}).`, 'positionOutsideBranch', { index: slot.index, max, branch, parent: slot.parent });
}

/**
 * The draft list a slot points into. An if's else list is created on demand (dropping into "else" of an if
 * that had none gives it one); any other missing list is an error.
 */
function draftList(d: Draft<Flow>, parent: StepId | null, branch: BranchName | null): StepId[] {
  if (parent === null) {
    if (branch !== null) throw new OpError('A top-level slot has no branch.', 'topLevelNoBranch');
    return d.root;
  }
  if (d.structure === 'graph') throw new OpError('A graph flow has no nested steps; connect steps with edges instead.', 'graphNoNesting');
  const step = d.steps[parent];
  if (!step) throw new OpError(`There is no step "${parent}" in this flow.`, 'noStep', { id: parent });
  if (branch === null || !BRANCHES_OF[step.kind].includes(branch)) {
    throw new OpError(`${capitalized(aKind(step.kind))} step has no "${branch ?? ''}" branch.`, 'noBranch', { kind: step.kind, branch: branch ?? '' });
  }
  step.branches ??= {};
  return (step.branches[branch] ??= []);
}

function checkIndex(list: readonly StepId[], slot: Slot): void {
  if (!Number.isInteger(slot.index) || slot.index < 0 || slot.index > list.length) {
    throw outsideSlot(slot, list.length);
  }
}

/** A block step as the model keeps it: if/loop always have their first branch list, plain steps none. */
function normalized(step: Step): Step {
  if (step.kind === 'if') return { ...step, branches: { ...step.branches, then: step.branches?.then ?? [] } };
  if (step.kind === 'loop') return { ...step, branches: { ...step.branches, body: step.branches?.body ?? [] } };
  if (step.branches && Object.values(step.branches).some((l) => l && l.length > 0)) {
    throw new OpError(`"${step.title || step.id}" is ${aKind(step.kind)} step and cannot contain other steps.`, 'cannotContain', { title: step.title || step.id, kind: step.kind });
  }
  const { branches: _dropped, ...rest } = step;
  return rest;
}

/**
 * In a dialect that refers to steps by title (viaSocket: `context.res.<Title>`, titles unique per script), a
 * new step whose title is taken gets the next free "<title> 2", "<title> 3"…, so adding a second step of a
 * kind never makes a document the backend refuses. Other dialects keep titles as given.
 */
function titlesUnique(flow: Flow): (step: Step) => Step {
  if (syntaxFor(flow.dialect)?.refersToStepsBy !== 'title') return (step) => step;
  const taken = new Set(Object.values(flow.steps).map((s) => s.title));
  return (step) => {
    let title = step.title;
    for (let n = 2; taken.has(title); n += 1) title = `${step.title} ${n}`;
    taken.add(title);
    return title === step.title ? step : { ...step, title };
  };
}

/** Inserts one step (without nested steps) at a slot. */
export function insertStep(flow: Flow, step: Step, slot: Slot): Flow {
  const nested = Object.values(step.branches ?? {}).some((l) => l && l.length > 0);
  if (nested) throw new OpError('insertStep takes a step without nested steps; use insertSteps for a block with content.', 'insertNested');
  return insertSteps(flow, [step], [step.id], slot);
}

/**
 * Inserts a group of steps: `steps` holds every step (nested ones too, wired through their `branches`),
 * `rootIds` the top-level ones in order. In a graph flow the group's block structure becomes edges among the
 * inserted steps.
 */
export function insertSteps(flow: Flow, steps: Step[], rootIds: StepId[], slot: Slot): Flow {
  const record: Record<StepId, Step> = {};
  const titled = titlesUnique(flow);
  for (const s of steps) {
    if (flow.steps[s.id]) throw new OpError(`A step with id "${s.id}" already exists in this flow.`, 'stepExists', { id: s.id });
    if (record[s.id]) throw new OpError(`Step id "${s.id}" is given twice.`, 'stepGivenTwice', { id: s.id });
    record[s.id] = titled(normalized(s));
  }
  const group: Flow = { ...flow, structure: 'blocks', steps: record, root: rootIds, edges: [] };
  const problem = structuralIssues(group)[0];
  if (problem) throw new OpError(`The steps to insert are not a well-formed group: ${problem.message}`, 'malformedGroup', { problem: problem.message });
  const incoming = flow.structure === 'graph' ? toGraphFlow(group) : group;

  return produce(flow, (d) => {
    const list = draftList(d, slot.parent, slot.branch);
    checkIndex(list, slot);
    for (const [id, s] of Object.entries(incoming.steps)) d.steps[id] = s;
    if (flow.structure === 'graph') {
      list.splice(slot.index, 0, ...incoming.root);
      d.edges.push(...incoming.edges);
    } else {
      list.splice(slot.index, 0, ...rootIds);
    }
  });
}

/** Drops the given ids that sit inside another given block: removing/copying the block covers them. */
export function topmostOf(flow: Flow, ids: readonly StepId[]): StepId[] {
  const inside = new Set<StepId>();
  for (const id of ids) if (flow.steps[id]) for (const d of descendantsOf(flow, id)) inside.add(d);
  return [...new Set(ids)].filter((id) => !inside.has(id));
}

/** Removes steps; a block takes its nested steps with it; in a graph flow edges touching them go too. */
export function removeSteps(flow: Flow, ids: readonly StepId[]): Flow {
  for (const id of ids) requireStep(flow, id);
  if (ids.length === 0) return flow;
  const gone = new Set(topmostOf(flow, ids).flatMap((id) => subtreeOf(flow, id)));
  const slots = slotIndex(flow);
  return produce(flow, (d) => {
    for (const id of topmostOf(flow, ids)) {
      const slot = slots.get(id);
      if (!slot) continue;
      const list = draftList(d, slot.parent, slot.branch);
      const at = list.indexOf(id);
      if (at >= 0) list.splice(at, 1);
    }
    for (const id of gone) delete d.steps[id];
    if (flow.structure === 'graph') d.edges = d.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target));
  });
}

/** Moves a step (with its nested steps) to a slot. A block cannot move into itself. */
export function moveStep(flow: Flow, id: StepId, slot: Slot): Flow {
  requireStep(flow, id);
  if (flow.structure === 'graph') {
    throw new OpError('Steps of a graph flow run in the order of their connections; connect them instead of moving them.', 'graphNoMove');
  }
  if (slot.parent !== null && subtreeOf(flow, id).includes(slot.parent)) {
    throw new OpError('A block cannot be moved into itself.', 'moveIntoItself');
  }
  const from = slotOf(flow, id);
  if (!from) throw new OpError(`Step "${id}" is not placed in the flow.`, 'notPlaced', { id });
  return produce(flow, (d) => {
    const target = draftList(d, slot.parent, slot.branch);
    checkIndex(target, slot);
    const source = draftList(d, from.parent, from.branch);
    const sameList = from.parent === slot.parent && from.branch === slot.branch;
    if (sameList && (slot.index === from.index || slot.index === from.index + 1)) return;
    source.splice(from.index, 1);
    target.splice(sameList && slot.index > from.index ? slot.index - 1 : slot.index, 0, id);
  });
}

/** Moves a step to the end of the last branch of the block just above it (else if the if has one). */
export function indentStep(flow: Flow, id: StepId): Flow {
  requireStep(flow, id);
  const slot = slotOf(flow, id);
  if (!slot || flow.structure === 'graph') throw new OpError('Only steps of a block flow can be indented.', 'indentBlockOnly');
  const siblings = slot.parent === null ? flow.root : (flow.steps[slot.parent]?.branches?.[slot.branch ?? 'then'] ?? []);
  const prevId = siblings[slot.index - 1];
  const prev = prevId === undefined ? undefined : flow.steps[prevId];
  if (prevId === undefined || !prev || !isBlockKind(prev.kind)) {
    throw new OpError('A step can only be indented into an if or loop block right above it.', 'indentAbove');
  }
  const branch: BranchName = prev.kind === 'loop' ? 'body' : prev.branches?.else !== undefined ? 'else' : 'then';
  const index = prev.branches?.[branch]?.length ?? 0;
  return moveStep(flow, id, { parent: prevId, branch, index });
}

/** Moves a step out of its enclosing block, right after that block. */
export function outdentStep(flow: Flow, id: StepId): Flow {
  requireStep(flow, id);
  const slot = slotOf(flow, id);
  if (!slot || slot.parent === null) throw new OpError('This step is not inside a block.', 'notInBlock');
  const parentSlot = slotOf(flow, slot.parent);
  if (!parentSlot) throw new OpError(`Block "${slot.parent}" is not placed in the flow.`, 'blockNotPlaced', { id: slot.parent });
  return moveStep(flow, id, { ...parentSlot, index: parentSlot.index + 1 });
}

/**
 * Wraps contiguous sibling steps in a new if/loop block placed where they were; they become its then/body.
 * The block must be new and empty (an if may carry an empty `else: []` to get an else branch).
 */
export function wrapInBlock(flow: Flow, ids: readonly StepId[], block: Step): Flow {
  block = titlesUnique(flow)(block);
  if (flow.structure === 'graph') throw new OpError('A graph flow has no blocks; connect steps to an if or loop instead.', 'graphNoBlocks');
  if (!isBlockKind(block.kind)) throw new OpError(`Steps can only be wrapped in an if or loop block, not ${aKind(block.kind)} step.`, 'wrapKind', { kind: block.kind });
  if (flow.steps[block.id]) throw new OpError(`A step with id "${block.id}" already exists in this flow.`, 'stepExists', { id: block.id });
  if (Object.values(block.branches ?? {}).some((l) => l && l.length > 0)) throw new OpError('The wrapping block must be empty.', 'wrapNotEmpty');
  if (ids.length === 0) throw new OpError('Select the steps to wrap.', 'wrapNothing');
  const slots = ids.map((id) => {
    requireStep(flow, id);
    return slotOf(flow, id) as Slot;
  });
  const first = slots[0] as Slot;
  if (slots.some((s) => s.parent !== first.parent || s.branch !== first.branch)) {
    throw new OpError('Only steps side by side in the same list can be wrapped together.', 'wrapSameList');
  }
  const indexes = slots.map((s) => s.index).sort((a, b) => a - b);
  if (new Set(indexes).size !== indexes.length || indexes.some((n, i) => n !== (indexes[0] as number) + i)) {
    throw new OpError('Only a contiguous run of steps can be wrapped; the selection has gaps.', 'wrapGaps');
  }
  const start = indexes[0] as number;
  return produce(flow, (d) => {
    const list = draftList(d, first.parent, first.branch);
    const moved = list.splice(start, ids.length, block.id);
    const firstBranch = block.kind === 'if' ? 'then' : 'body';
    const branches = { ...block.branches, [firstBranch]: moved };
    d.steps[block.id] = { ...block, branches };
  });
}
