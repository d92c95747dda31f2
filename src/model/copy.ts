/**
 * Copying steps: duplicate in place and the clipboard share one notion, a `StepGroup` (a self-contained set of
 * steps with its own root list), cloned with fresh ids and with references inside the group pointing at the
 * copies. References to steps outside the group are left as written: they still mean the same step.
 */
import { produce } from 'immer';
import type { Edge, Flow, Slot, Step, StepId } from './flow';
import { edgeId, fromGraphFlow } from './graph';
import { newStepId } from './ids';
import { insertSteps, OpError, slotOf, topmostOf } from './ops';
import type { ReferenceSyntax, StepNaming } from './references';
import { rewriteReferences, rewriteValue } from './references/rewrite';
import { syntaxFor } from './references/dialects';
import { namingOf } from './references/shared';
import { subtreeOf } from './tree';

export interface StepGroup {
  /** Every step of the group, nested ones included. */
  steps: Record<StepId, Step>;
  /** Top-level ids in order. For a group taken from a graph flow: every step. */
  root: StepId[];
  /** Only for groups taken from a graph flow: the edges among the group's steps. */
  edges?: Edge[];
}

/** Where copies land so they do not hide their originals on the canvas. */
const COPY_OFFSET = 40;

/** The selected steps (blocks with everything inside them) as a group, in document order. */
export function extractGroup(flow: Flow, ids: readonly StepId[]): StepGroup {
  for (const id of ids) if (!flow.steps[id]) throw new OpError(`There is no step "${id}" in this flow.`, 'noStep', { id });
  if (flow.structure === 'graph') {
    const chosen = new Set(ids);
    const root = flow.root.filter((id) => chosen.has(id));
    const steps = Object.fromEntries(root.map((id) => [id, flow.steps[id] as Step]));
    return { steps, root, edges: flow.edges.filter((e) => chosen.has(e.source) && chosen.has(e.target)) };
  }
  const preorder: StepId[] = [];
  for (const id of flow.root) preorder.push(...subtreeOf(flow, id));
  const rank = new Map(preorder.map((id, i) => [id, i]));
  const root = topmostOf(flow, ids).sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
  const steps: Record<StepId, Step> = {};
  for (const id of root) for (const sid of subtreeOf(flow, id)) steps[sid] = flow.steps[sid] as Step;
  return { steps, root };
}

/** A title no other step has, for dialects that reference steps by title. */
function uniqueTitle(title: string, taken: Set<string>): string {
  let candidate = `${title}_copy`;
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${title}_copy${n}`;
  taken.add(candidate);
  return candidate;
}

/**
 * Clones a group with fresh ids. `readNaming` resolves titles in the group's params (the source flow when
 * known); `target` is the flow the copies go into (for unique titles in title-based dialects).
 */
export function cloneGroup(
  group: StepGroup,
  syntax: ReferenceSyntax | undefined,
  target: Flow,
  readNaming: StepNaming = namingOf(group),
): { group: StepGroup; idMap: Record<StepId, StepId> } {
  const idMap: Record<StepId, StepId> = {};
  for (const id of Object.keys(group.steps)) idMap[id] = newStepId();
  const mapId = (id: StepId): StepId => idMap[id] ?? id;
  const byTitle = syntax?.refersToStepsBy === 'title';
  const taken = new Set([...Object.values(target.steps), ...Object.values(group.steps)].map((s) => s.title));
  const steps: Record<StepId, Step> = {};
  for (const step of Object.values(group.steps)) {
    const copy: Step = { ...step, id: mapId(step.id) };
    if (byTitle) copy.title = uniqueTitle(step.title, taken);
    if (step.branches) {
      copy.branches = Object.fromEntries(Object.entries(step.branches).map(([b, list]) => [b, list?.map(mapId)]));
    }
    if (step.position) copy.position = { x: step.position.x + COPY_OFFSET, y: step.position.y + COPY_OFFSET };
    steps[copy.id] = copy;
  }
  if (syntax) {
    const writeNaming: StepNaming = {
      titleOf: (id) => steps[id]?.title ?? readNaming.titleOf(id),
      idOfTitle: (title) => readNaming.idOfTitle(title),
    };
    const remap = (text: string): string =>
      rewriteReferences(text, syntax, readNaming, (t) => (t.kind === 'step' && idMap[t.stepId] ? { ...t, stepId: mapId(t.stepId) } : null), writeNaming);
    for (const copy of Object.values(steps)) copy.params = rewriteValue(copy.params, remap) as Record<string, unknown>;
  }
  const cloned: StepGroup = { steps, root: group.root.map(mapId) };
  if (group.edges) {
    cloned.edges = group.edges.map((e) => {
      const source = mapId(e.source);
      const targetId = mapId(e.target);
      return { ...e, id: edgeId(source, e.sourcePort, targetId, e.targetPort), source, target: targetId };
    });
  }
  return { group: cloned, idMap };
}

/**
 * Inserts a (fresh-id) group at a slot. A graph group pasted into a block flow keeps its block structure
 * when it has one, otherwise its steps land as a flat sequence (edges dropped, since blocks cannot hold them).
 */
export function insertGroup(flow: Flow, group: StepGroup, slot: Slot): Flow {
  if (flow.structure === 'graph' && group.edges) {
    // Graph into graph: the group's own edges are its structure; going through insertSteps would chain it.
    const edges = group.edges;
    if (slot.parent !== null) throw new OpError('A graph flow has no nested steps.', 'graphNoNesting');
    if (!Number.isInteger(slot.index) || slot.index < 0 || slot.index > flow.root.length) {
      throw new OpError(`Position ${slot.index} is outside the top level (0..${flow.root.length}).`, 'positionOutsideTop', { index: slot.index, max: flow.root.length });
    }
    for (const id of group.root) if (flow.steps[id]) throw new OpError(`A step with id "${id}" already exists in this flow.`, 'stepExists', { id });
    return produce(flow, (d) => {
      for (const id of group.root) {
        const { branches: _none, ...step } = group.steps[id] as Step;
        d.steps[id] = step;
      }
      d.root.splice(slot.index, 0, ...group.root);
      d.edges.push(...edges);
    });
  }
  let { steps, root } = group;
  if (group.edges) {
    const asGraph: Flow = { ...flow, structure: 'graph', steps, root, edges: group.edges };
    const blocks = fromGraphFlow(asGraph);
    if (blocks) ({ steps, root } = blocks);
    else steps = Object.fromEntries(Object.entries(steps).map(([id, s]) => [id, withoutHasElse(s)]));
  }
  return insertSteps(flow, Object.values(steps), root, slot);
}

function withoutHasElse(step: Step): Step {
  const { hasElse: _drop, ...rest } = step;
  return rest;
}

/**
 * Duplicates steps (blocks with their content). In a block flow the copies of each list's selected steps land
 * right after the last selected step of that list, in order; in a graph flow they are appended with the
 * edges among them. References inside the copies that point into the copied set point at the copies.
 */
export function duplicateSteps(
  flow: Flow,
  ids: readonly StepId[],
  syntax: ReferenceSyntax | undefined = syntaxFor(flow.dialect),
): { flow: Flow; idMap: Record<StepId, StepId> } {
  const group = extractGroup(flow, ids);
  const { group: copies, idMap } = cloneGroup(group, syntax, flow, namingOf(flow));
  if (flow.structure === 'graph') {
    return { flow: insertGroup(flow, copies, { parent: null, branch: null, index: flow.root.length }), idMap };
  }
  // Group the selected roots by the list they sit in; each list gets its copies after its last selected step.
  const lists = new Map<string, StepId[]>();
  for (const id of group.root) {
    const slot = slotOf(flow, id) as Slot;
    const key = `${slot.parent ?? ''}\u0000${slot.branch ?? ''}`;
    lists.set(key, [...(lists.get(key) ?? []), id]);
  }
  let next = flow;
  for (const members of lists.values()) {
    const last = members.reduce((a, b) => ((slotOf(flow, a)?.index ?? 0) > (slotOf(flow, b)?.index ?? 0) ? a : b));
    const slot = slotOf(next, last) as Slot;
    const roots = members.map((id) => idMap[id] as StepId);
    const stepsOfCopies = roots.flatMap((r) => subtreeOf(copies, r).map((sid) => copies.steps[sid] as Step));
    next = insertSteps(next, stepsOfCopies, roots, { ...slot, index: slot.index + 1 });
  }
  return { flow: next, idMap };
}
