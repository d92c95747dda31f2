/**
 * Structural checks: is the document a well-formed tree (block flows) or graph (graph flows)? Shared by
 * `restoreFlow` (which refuses to load a document with any of these, except cycles in free graphs) and
 * `validateFlow` (which reports them to the user).
 */
import { BRANCHES_OF, type BranchName, type Flow, type StepId } from './flow';
import { walkTree } from './tree';
import { inputPortIds, outputPortIds } from './ports';

export type FlowIssueCode =
  | 'dangling-reference'
  | 'reference-not-before'
  | 'unclosed-block'
  | 'cycle'
  | 'duplicate-id'
  | 'missing-step'
  | 'empty-title'
  /** A step in `steps` that is in no list of the structure, so no view shows it and no run reaches it. */
  | 'orphan-step'
  /** An edge on a handle its source kind has not, a self loop, a repeated edge, or edges on a block flow. */
  | 'invalid-edge'
  /** Nested steps on a step that is not a block, or a branch the block kind does not own. */
  | 'invalid-branch'
  /** `steps[key].id` differs from `key`. */
  | 'id-mismatch';

export interface FlowIssue {
  stepId?: StepId;
  code: FlowIssueCode;
  message: string;
  severity: 'error' | 'warning';
}

const STRUCTURAL: ReadonlySet<FlowIssueCode> = new Set<FlowIssueCode>([
  'unclosed-block',
  'cycle',
  'duplicate-id',
  'missing-step',
  'orphan-step',
  'invalid-edge',
  'invalid-branch',
  'id-mismatch',
]);

/** Issues that mean the document itself is malformed, as opposed to content problems (references, titles). */
export function isStructuralIssue(issue: FlowIssue): boolean {
  return STRUCTURAL.has(issue.code);
}

/** "an action", "an if", "a loop", "a trigger". */
export function aKind(kind: string): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function issue(code: FlowIssueCode, message: string, stepId?: StepId): FlowIssue {
  return stepId === undefined ? { code, message, severity: 'error' } : { stepId, code, message, severity: 'error' };
}

/** Every structural problem of a flow, in document order. Empty for a well-formed flow. */
export function structuralIssues(flow: Flow): FlowIssue[] {
  const issues: FlowIssue[] = [];
  for (const [key, step] of Object.entries(flow.steps)) {
    if (step.id !== key) issues.push(issue('id-mismatch', `steps.${key}: its id is "${step.id}", expected "${key}"`, key));
    const own = BRANCHES_OF[step.kind];
    for (const [branch, list] of Object.entries(step.branches ?? {})) {
      if (list === undefined) continue;
      if (flow.structure === 'graph') {
        issues.push(issue('invalid-branch', `steps.${key}.branches: a graph flow keeps its structure in edges, not branches`, key));
      } else if (!own.includes(branch as BranchName)) {
        const why = own.length === 0 ? `${aKind(step.kind)} step has no nested steps` : `${aKind(step.kind)} step only has ${own.join('/')}`;
        issues.push(issue('invalid-branch', `steps.${key}.branches.${branch}: ${why}`, key));
      }
    }
    if (step.hasElse !== undefined && step.kind !== 'if') {
      issues.push(issue('invalid-branch', `steps.${key}.hasElse: only an if step has an else branch`, key));
    }
  }
  const placed = new Set<StepId>();
  if (flow.structure === 'blocks') {
    walkTree(flow, (id, slot, _depth, step) => {
      const where = slot.parent === null ? 'root' : `steps.${slot.parent}.branches.${slot.branch ?? ''}`;
      if (!step) issues.push(issue('missing-step', `${where}: step "${id}" does not exist`, id));
      else if (placed.has(id)) issues.push(issue('duplicate-id', `${where}: step "${id}" appears more than once in the flow`, id));
      placed.add(id);
    });
    if (flow.edges.length > 0) {
      issues.push(issue('invalid-edge', 'edges: a block flow derives its edges; stored edges are only for graph flows'));
    }
  } else {
    for (const id of flow.root) {
      if (!flow.steps[id]) issues.push(issue('missing-step', `root: step "${id}" does not exist`, id));
      else if (placed.has(id)) issues.push(issue('duplicate-id', `root: step "${id}" is listed twice`, id));
      placed.add(id);
    }
    issues.push(...edgeIssues(flow));
  }
  for (const id of Object.keys(flow.steps)) {
    if (!placed.has(id)) issues.push(issue('orphan-step', `steps.${id}: the step is not placed in ${flow.structure === 'graph' ? 'root' : 'root or any branch'}`, id));
  }
  return issues;
}

function edgeIssues(flow: Flow): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const ids = new Set<string>();
  const triples = new Set<string>();
  flow.edges.forEach((e, i) => {
    const where = `edges.${i}`;
    const source = flow.steps[e.source];
    if (ids.has(e.id)) issues.push(issue('duplicate-id', `${where}: edge id "${e.id}" is used twice`));
    ids.add(e.id);
    if (!source) issues.push(issue('missing-step', `${where}: source step "${e.source}" does not exist`, e.source));
    if (!flow.steps[e.target]) issues.push(issue('missing-step', `${where}: target step "${e.target}" does not exist`, e.target));
    if (source && !outputPortIds(source).includes(e.sourcePort)) {
      issues.push(issue('invalid-edge', `${where}: ${aKind(source.kind)} step has no "${e.sourcePort}" output`, e.source));
    }
    const target = flow.steps[e.target];
    if (target && !inputPortIds(target).includes(e.targetPort)) {
      issues.push(issue('invalid-edge', `${where}: step "${e.target}" has no "${e.targetPort}" input`, e.target));
    }
    if (e.source === e.target) issues.push(issue('invalid-edge', `${where}: step "${e.source}" is connected to itself`, e.source));
    const triple = `${e.source}\u0000${e.sourcePort}\u0000${e.target}\u0000${e.targetPort}`;
    if (triples.has(triple)) issues.push(issue('invalid-edge', `${where}: the same connection exists twice`, e.source));
    triples.add(triple);
  });
  const cyclic = stepsOnCycles(flow);
  if (cyclic.length > 0) {
    issues.push(issue('cycle', `the graph has a cycle through ${cyclic.map((id) => `"${id}"`).join(', ')}; flows run forwards only, use a loop step to repeat`, cyclic[0]));
  }
  return issues;
}

/** Steps that lie on a cycle of a graph flow (self loops excluded, they are reported on their own). */
export function stepsOnCycles(flow: Pick<Flow, 'edges' | 'root'>): StepId[] {
  // Tarjan's strongly connected components, iterative (deep chains must not overflow the stack): O(steps +
  // edges). A step is on a cycle when its component has more than one step (self loops are reported apart).
  const nodes = [...new Set<StepId>([...flow.root, ...flow.edges.flatMap((e) => [e.source, e.target])])];
  const indexOf = new Map(nodes.map((id, i) => [id, i]));
  const next: number[][] = nodes.map(() => []);
  for (const e of flow.edges) if (e.source !== e.target) next[indexOf.get(e.source)!]!.push(indexOf.get(e.target)!);
  const n = nodes.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const cyclic = new Uint8Array(n);
  const stack: number[] = [];
  let counter = 0;
  for (let start = 0; start < n; start++) {
    if (index[start] !== -1) continue;
    const work: Array<[number, number]> = [[start, 0]];
    index[start] = low[start] = counter++;
    stack.push(start);
    onStack[start] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [v, k] = frame;
      const outs = next[v]!;
      if (k < outs.length) {
        frame[1] = k + 1;
        const w = outs[k]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push([w, 0]);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        if (component.length > 1) for (const c of component) cyclic[c] = 1;
      }
    }
  }
  return nodes.filter((_, i) => cyclic[i]);
}
