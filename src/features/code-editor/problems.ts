/**
 * Problems found in function-step code (type checking and the last test run), by flow and step. The Monaco
 * editor writes them; the inspector's "N problems" line and the flow checklist read them through
 * `useCodeProblems(stepId)`.
 *
 * A small store of its own rather than a slice of the editor store: problems are derived data that change
 * while the user types, and writing them into the document store would wake every subscriber of it.
 * Keyed by flow id too, so two open flows with copied step ids do not mix. They are kept after the editor
 * closes (they describe the code as it was last checked) and replaced when it opens again.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { useEditor } from '../../editor/context';

export interface CodeProblem {
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** 1-based, in the step's code. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** `types`: the TypeScript check; `test`: the last "Test step" run. */
  source: 'types' | 'test';
  /** TypeScript's error number, for `types`. */
  code?: number;
  /**
   * Which code field of the step (`func`, `initialize`): a step may have several. Absent: the step's code as
   * a whole (a test run's error on a one-field step), shown in each of its editors.
   */
  field?: string;
}

interface ProblemsState {
  byKey: Readonly<Record<string, readonly CodeProblem[]>>;
}

const NONE: readonly CodeProblem[] = Object.freeze([]);

export const codeProblemsStore = createStore<ProblemsState>()(() => ({ byKey: {} }));

const keyOf = (flowId: string, stepId: string) => `${flowId}\u0000${stepId}`;

function sameProblems(a: readonly CodeProblem[], b: readonly CodeProblem[]): boolean {
  return a.length === b.length && a.every((p, i) => JSON.stringify(p) === JSON.stringify(b[i]));
}

/**
 * Replaces the problems of one source for a step (the other source's problems stay); with `field`, only that
 * code field's problems of the source (each of a step's editors checks its own field).
 */
export function setCodeProblems(
  flowId: string,
  stepId: string,
  source: CodeProblem['source'],
  problems: readonly CodeProblem[],
  field?: string,
): void {
  const key = keyOf(flowId, stepId);
  const current = codeProblemsStore.getState().byKey[key] ?? NONE;
  const replaced = (p: CodeProblem) => p.source === source && (field === undefined || p.field === field);
  const tagged = field === undefined ? problems : problems.map((p) => ({ ...p, field }));
  const next = [...current.filter((p) => !replaced(p)), ...tagged].sort(
    (a, b) => a.line - b.line || a.column - b.column,
  );
  if (sameProblems(current, next)) return;
  codeProblemsStore.setState((s) => ({ byKey: { ...s.byKey, [key]: next.length > 0 ? next : NONE } }));
}

export function getCodeProblems(flowId: string, stepId: string): readonly CodeProblem[] {
  return codeProblemsStore.getState().byKey[keyOf(flowId, stepId)] ?? NONE;
}

/** Whether a problem belongs to the editor of `field` (a problem without a field belongs to every one). */
export function problemInField(p: CodeProblem, field: string | undefined): boolean {
  return field === undefined || p.field === undefined || p.field === field;
}

const fieldCache = new WeakMap<readonly CodeProblem[], Map<string, readonly CodeProblem[]>>();

/** One field's share of a step's problems, the same array while they are unchanged (a stable selector). */
function inField(all: readonly CodeProblem[], field: string | undefined): readonly CodeProblem[] {
  if (field === undefined || all.every((p) => problemInField(p, field))) return all;
  let byField = fieldCache.get(all);
  if (!byField) fieldCache.set(all, (byField = new Map()));
  let list = byField.get(field);
  if (!list) byField.set(field, (list = all.filter((p) => problemInField(p, field))));
  return list;
}

/**
 * The problems of one step's code in the open flow (of one of its code fields, given `field`); re-renders
 * only when they change.
 */
export function useCodeProblems(stepId: string, field?: string): readonly CodeProblem[] {
  const flowId = useEditor((s) => s.flow.id);
  return useStore(codeProblemsStore, (s) => inField(s.byKey[keyOf(flowId, stepId)] ?? NONE, field));
}
