/**
 * The flow checklist: every reason a flow should not run (or be published) yet, grouped by step in document
 * order. Pure: the toolbar button, the run guard, the publish button and tests all call this one function.
 *
 * Three sources, merged:
 * - params: each step's values against its module's fields (`checkStep` → `validateParams`): required
 *   params that are missing, invalid values, and references to steps that are gone or do not run before it
 *   (those carry the field, so they are the precise version of the model's reference issues);
 * - the model's `validateFlow` (over the shared `flowIndex`): structure problems, steps without a title, and reference issues the forms did
 *   not already report for that step (a reference in a param no field renders, a step of an unknown module);
 * - code: problems of function-step code from the code editor (syntax errors block, type findings warn).
 *
 * Only `error` problems block running; warnings are listed but let the flow run. Two readings of the
 * sources' findings, so the checklist blocks only what would really fail:
 * - a number or boolean where a text param is expected is a warning (every backend sends it as text; vFlow's
 *   own seeds store `0` in string inputs);
 * - a step without a title is reported only for dialects that refer to steps by title, where it breaks
 *   references; elsewhere (local ids, vFlow's untitled steps) it is cosmetic.
 */
import type { CodeProblem } from '../code-editor/problems';
import { checkStep, fieldsForModule, type ChecklistProblem, type ReferenceCandidate } from '../../forms';
import type { Flow, Step, StepId } from '../../model/flow';
import type { LocalizedText, ModuleDefinition } from '../../model/modules';
import type { ReferenceSyntax, StepNaming } from '../../model/references';
import { namingOf, subtreeOf, type FlowIssueCode } from '../../model';
import type { FieldMessage } from '../../forms';
import { flowIndex } from '../../model/analysis';
import { validateFlow } from '../../model/validate';
import { storageProblem, type StorageProblem } from '../../editor/storable';
import type { Capabilities } from '../../backends/types';

export type ProblemSeverity = 'error' | 'warning';

export type FlowProblem =
  | {
      source: 'params';
      severity: ProblemSeverity;
      kind: ChecklistProblem['kind'];
      /** Field path (`url`, `target.host`); the widget's DOM id is `fieldDomId(`step-${stepId}`, path)`. */
      path: string;
      labels: LocalizedText[];
      message: FieldMessage;
    }
  | { source: 'flow'; severity: ProblemSeverity; code: FlowIssueCode; message: string }
  /** Something the active backend cannot store (an else branch on vFlow without an else module). */
  | { source: 'backend'; severity: ProblemSeverity; code: StorageProblem }
  | {
      source: 'code';
      severity: ProblemSeverity;
      origin: CodeProblem['source'];
      line: number;
      column: number;
      message: string;
    }
  | { source: 'module'; severity: 'error'; code: 'unknown-module'; moduleType: string };

export interface FlowChecklistItem {
  /** Null for problems of the flow as a whole (a malformed structure that names no existing step). */
  stepId: StepId | null;
  title: string;
  /** The step's module name, to show when the step has no title (vFlow steps have none). */
  moduleName?: LocalizedText;
  problems: FlowProblem[];
}

export interface FlowChecklist {
  items: FlowChecklistItem[];
  errorCount: number;
  warningCount: number;
  /** errorCount + warningCount. */
  count: number;
  /** Some problem is an error: running and publishing must wait. */
  hasBlocking: boolean;
}

export interface FlowChecklistOptions {
  syntax: ReferenceSyntax;
  /** The backend's module list (may be partial: see `partialList`). */
  modules: readonly ModuleDefinition[];
  /**
   * The list's entries lack their inputs (the backend's `partialModuleList`): a step's params are checked
   * only once its module's detail is in `details`.
   */
  partialList?: boolean;
  /** Full definitions fetched per module (`getModule`), preferred over the list entry. */
  details?: ReadonlyMap<string, ModuleDefinition>;
  /** The backend's storable structures: what it cannot store is listed (and blocks running). */
  storable?: Pick<Capabilities, 'structures' | 'elseBranch'>;
  /** Problems of a step's code (the code editor's `getCodeProblems`); absent: no code checks. */
  codeProblems?: (stepId: StepId) => readonly CodeProblem[];
}


/** Steps in document order: the tree (or the graph's root list), then anything not placed in it. */
function documentOrder(flow: Flow): StepId[] {
  const out: StepId[] = [];
  const seen = new Set<StepId>();
  const push = (id: StepId) => {
    if (!seen.has(id) && flow.steps[id]) {
      seen.add(id);
      out.push(id);
    }
  };
  for (const root of flow.root) {
    if (flow.structure === 'graph') push(root);
    else if (flow.steps[root]) for (const id of subtreeOf(flow, root)) push(id);
  }
  for (const id of Object.keys(flow.steps)) push(id);
  return out;
}

/** TypeScript's syntax diagnostics are numbered 1000–1999: code that cannot run at all. */
function codeSeverity(p: CodeProblem): ProblemSeverity | null {
  if (p.severity === 'info') return null;
  if (
    p.severity === 'error' &&
    p.source === 'types' &&
    p.code !== undefined &&
    p.code >= 1000 &&
    p.code < 2000
  )
    return 'error';
  return 'warning';
}

const REFERENCE_ISSUE_OF: Partial<Record<FieldMessage['code'], FlowIssueCode>> = {
  referenceMissing: 'dangling-reference',
  referenceUnavailable: 'reference-not-before',
};

/** Ids of the steps the params refer to. */
function referencedSteps(
  value: unknown,
  syntax: ReferenceSyntax,
  naming: StepNaming,
  out: Set<StepId>,
): Set<StepId> {
  if (typeof value === 'string') {
    for (const r of syntax.find(value, naming)) if (r.target.kind === 'step') out.add(r.target.stepId);
  } else if (Array.isArray(value)) for (const v of value) referencedSteps(v, syntax, naming, out);
  else if (value && typeof value === 'object')
    for (const v of Object.values(value)) referencedSteps(v, syntax, naming, out);
  return out;
}

type RunsBefore = (id: StepId, target: StepId) => boolean;

function paramProblems(
  flow: Flow,
  step: Step,
  def: ModuleDefinition,
  syntax: ReferenceSyntax,
  naming: StepNaming,
  before: RunsBefore,
): FlowProblem[] {
  const fields = fieldsForModule(def);
  // Validation only asks whether a referenced step is among the candidates: list the referenced steps that
  // run before this one, rather than every earlier step's outputs.
  const candidates: ReferenceCandidate[] = [];
  for (const target of referencedSteps(step.params, syntax, naming, new Set())) {
    if (flow.steps[target] && before(step.id, target)) {
      candidates.push({
        kind: 'step',
        stepId: target,
        stepTitle: flow.steps[target]?.title ?? target,
        outputId: '',
        outputLabel: { text: '' },
      });
    }
  }
  const item = checkStep({
    stepId: step.id,
    title: step.title,
    fields,
    values: step.params,
    moduleId: def.id,
    references: { syntax, naming, candidates },
  });
  // A disabled step does not run: its settings may be unfinished without stopping the flow.
  const base: ProblemSeverity = step.disabled ? 'warning' : 'error';
  return (item?.problems ?? []).map((p) => {
    const value = valueAt(step.params, p.path);
    const coercible =
      p.message.code === 'expectedString' && (typeof value === 'number' || typeof value === 'boolean');
    const severity: ProblemSeverity = coercible ? 'warning' : base;
    return { source: 'params', severity, kind: p.kind, path: p.path, labels: p.labels, message: p.message };
  });
}

function valueAt(params: Record<string, unknown>, path: string): unknown {
  let v: unknown = params;
  for (const seg of path.split('.'))
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined;
  return v;
}

function summarize(items: FlowChecklistItem[]): FlowChecklist {
  let errorCount = 0;
  let warningCount = 0;
  for (const item of items) {
    for (const p of item.problems) {
      if (p.severity === 'error') errorCount++;
      else warningCount++;
    }
  }
  return { items, errorCount, warningCount, count: errorCount + warningCount, hasBlocking: errorCount > 0 };
}

export function flowChecklist(flow: Flow, options: FlowChecklistOptions): FlowChecklist {
  const { syntax, modules, details, codeProblems, partialList } = options;
  const naming = namingOf(flow);
  const listed = new Map(modules.map((m) => [m.id, m]));
  const byStep = new Map<StepId, FlowProblem[]>();
  const flowLevel: FlowProblem[] = [];
  const add = (id: StepId, p: FlowProblem) => {
    let list = byStep.get(id);
    if (!list) byStep.set(id, (list = []));
    list.push(p);
  };

  const order = documentOrder(flow);
  const before = flowIndex(flow).runsBefore;
  for (const id of order) {
    const step = flow.steps[id] as Step;
    const def = details?.get(step.type) ?? listed.get(step.type);
    if (!def) {
      // Only once the catalog is known: while it loads, every step would look unknown.
      if (modules.length > 0)
        add(id, { source: 'module', severity: 'error', code: 'unknown-module', moduleType: step.type });
    } else if (!partialList || details?.has(step.type)) {
      for (const p of paramProblems(flow, step, def, syntax, naming, before)) add(id, p);
    }
  }

  for (const issue of validateFlow(flow, syntax, before)) {
    if (issue.code === 'empty-title' && syntax.refersToStepsBy !== 'title') continue;
    const p: FlowProblem = {
      source: 'flow',
      severity: issue.severity,
      code: issue.code,
      message: issue.message,
    };
    if (issue.stepId === undefined || !flow.steps[issue.stepId]) {
      flowLevel.push(p);
      continue;
    }
    const already = byStep.get(issue.stepId) ?? [];
    const covered = already.some(
      (q) => q.source === 'params' && REFERENCE_ISSUE_OF[q.message.code] === issue.code,
    );
    if (!covered) add(issue.stepId, p);
  }

  if (codeProblems) {
    for (const id of order) {
      for (const c of codeProblems(id)) {
        const severity = codeSeverity(c);
        if (severity)
          add(id, {
            source: 'code',
            severity,
            origin: c.source,
            line: c.line,
            column: c.column,
            message: c.message,
          });
      }
    }
  }

  const unstorable = storageProblem(flow, options.storable);
  if (unstorable === 'structure') flowLevel.push({ source: 'backend', severity: 'error', code: 'structure' });
  if (unstorable === 'else') {
    for (const id of order) {
      if ((flow.steps[id]?.branches?.else?.length ?? 0) > 0) add(id, { source: 'backend', severity: 'error', code: 'else' });
    }
  }

  const items: FlowChecklistItem[] = [];
  if (flowLevel.length > 0) items.push({ stepId: null, title: flow.name, problems: flowLevel });
  for (const id of order) {
    const problems = byStep.get(id);
    if (!problems || problems.length === 0) continue;
    const step = flow.steps[id] as Step;
    const def = details?.get(step.type) ?? listed.get(step.type);
    items.push(
      def
        ? { stepId: id, title: step.title, moduleName: def.name, problems }
        : { stepId: id, title: step.title, problems },
    );
  }
  return summarize(items);
}

/** The first field a jump should focus for an item: its first params problem, if any. */
export function firstFieldPath(item: FlowChecklistItem): string | undefined {
  for (const p of item.problems) if (p.source === 'params') return p.path;
  return undefined;
}
