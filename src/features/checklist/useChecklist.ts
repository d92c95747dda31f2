/**
 * The open flow's checklist, for any component: the toolbar button, the run guard, the publish button.
 *
 * Computed once per flow document (a WeakMap keyed by the flow object, plus the module catalog and code
 * problems it was computed with), so every caller of `useChecklist()` shares one result, and a keystroke in
 * the inspector costs one recomputation whatever the number of listeners. The hook reads the flow through
 * `useDeferredValue`, so that recomputation never delays the keystroke itself.
 */
import { useDeferredValue, useMemo } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useStore } from 'zustand';
import { useBackend } from '../../shell/backend-context';
import { useCommands, useEditor, useEditorStore } from '../../editor/context';
import type { Capabilities } from '../../backends/types';
import type { Flow } from '../../model/flow';
import type { ModuleDefinition } from '../../model/modules';
import type { ReferenceSyntax } from '../../model/references';
import { localSyntax, syntaxFor } from '../../model';
import { queryKeys } from '../../queries/keys';
import { codeProblemsStore, getCodeProblems } from '../code-editor/problems';
import { flowChecklist, type FlowChecklist } from './flow-checklist';

export interface ChecklistInputs {
  syntax: ReferenceSyntax;
  modules: readonly ModuleDefinition[];
  details: ReadonlyMap<string, ModuleDefinition>;
  /** The backend's module list lacks inputs: only fetched details are checked. */
  partial?: boolean;
  /** Identity of the code-problems state the result was computed with. */
  code: unknown;
  /** What the backend can store (its capabilities). */
  storable?: Pick<Capabilities, 'structures' | 'elseBranch'>;
}

const cache = new WeakMap<Flow, { inputs: ChecklistInputs; result: FlowChecklist }>();
/** The latest computation per flow id, so a document that differs only in positions reuses it. */
const latest = new Map<string, { flow: Flow; inputs: ChecklistInputs; result: FlowChecklist }>();

/** How many times the checklist was actually computed (the benchmark's "0 recomputations per drag move"). */
export const checklistStats = { computations: 0 };

const POSITION_ONLY: ReadonlySet<string> = new Set(['position']);

/**
 * Whether two documents have the same checklist: everything it reads is the same object, and steps that are
 * new objects differ only in `position` (a drag). O(steps) reference comparisons, no walking of params.
 */
export function sameChecklistInput(a: Flow, b: Flow): boolean {
  if (a === b) return true;
  if (a.root !== b.root || a.edges !== b.edges || a.inputs !== b.inputs || a.structure !== b.structure) return false;
  if (a.name !== b.name || a.dialect !== b.dialect || a.id !== b.id) return false;
  if (a.steps === b.steps) return true;
  const keysA = Object.keys(a.steps);
  if (keysA.length !== Object.keys(b.steps).length) return false;
  for (const id of keysA) {
    const sa = a.steps[id];
    const sb = b.steps[id];
    if (sa === sb) continue;
    if (!sa || !sb) return false;
    const fields = new Set([...Object.keys(sa), ...Object.keys(sb)]);
    for (const f of fields) {
      if (POSITION_ONLY.has(f)) continue;
      if ((sa as unknown as Record<string, unknown>)[f] !== (sb as unknown as Record<string, unknown>)[f]) return false;
    }
  }
  return true;
}

/** Each hook builds its own details map; equal contents must count as the same input. */
function sameDetails(
  a: ReadonlyMap<string, ModuleDefinition>,
  b: ReadonlyMap<string, ModuleDefinition>,
): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function sameInputs(a: ChecklistInputs, b: ChecklistInputs): boolean {
  return (
    a.syntax === b.syntax &&
    a.modules === b.modules &&
    a.code === b.code &&
    a.partial === b.partial &&
    a.storable?.structures === b.storable?.structures &&
    a.storable?.elseBranch === b.storable?.elseBranch &&
    sameDetails(a.details, b.details)
  );
}

/** `flowChecklist`, cached by flow identity (and by what else it read). */
export function checklistOf(flow: Flow, inputs: ChecklistInputs): FlowChecklist {
  const hit = cache.get(flow);
  if (hit && sameInputs(hit.inputs, inputs)) return hit.result;
  const last = latest.get(flow.id);
  if (last && sameInputs(last.inputs, inputs) && sameChecklistInput(last.flow, flow)) {
    cache.set(flow, { inputs, result: last.result });
    return last.result;
  }
  checklistStats.computations += 1;
  const result = flowChecklist(flow, {
    syntax: inputs.syntax,
    modules: inputs.modules,
    details: inputs.details,
    partialList: inputs.partial,
    ...(inputs.storable ? { storable: inputs.storable } : {}),
    codeProblems: (stepId) => getCodeProblems(flow.id, stepId),
  });
  cache.set(flow, { inputs, result });
  latest.set(flow.id, { flow, inputs, result });
  return result;
}

export interface UseChecklistResult extends FlowChecklist {
  /** Some steps' module details are still loading: their params are not checked yet. */
  pending: boolean;
  /**
   * The checklist of the document as it is now (not the deferred render value): call it in event handlers
   * that decide something, like Run or Publish.
   */
  current(): FlowChecklist;
}

const NO_MODULES: readonly ModuleDefinition[] = Object.freeze([]);
const dataOf = (results: Array<{ data?: ModuleDefinition | undefined }>) => results.map((r) => r.data);

export function useChecklist(): UseChecklistResult {
  const backend = useBackend();
  const store = useEditorStore();
  const { services } = useCommands();
  const flow = useDeferredValue(useEditor((s) => s.flow));
  const syntax: ReferenceSyntax =
    (backend as { referenceSyntax?: ReferenceSyntax }).referenceSyntax ??
    syntaxFor(flow.dialect) ??
    localSyntax;

  // The same query as the palette's module list, so the checklist updates when the catalog arrives.
  const listModules = (backend as { listModules?: () => Promise<ModuleDefinition[]> }).listModules;
  const list = useQuery({
    queryKey: queryKeys.modules(backend.id),
    queryFn: () => backend.listModules(),
    staleTime: Infinity,
    enabled: typeof listModules === 'function',
  });
  const listed = list.data ?? services.modules();
  const modules = listed.length > 0 ? listed : NO_MODULES;

  // A partial list has no inputs: fetch the details the inspector fetches (same cache key).
  const partial = backend.capabilities.partialModuleList === true;
  const stepTypes = useMemo(
    () => [...new Set(Object.values(flow.steps).map((s) => s.type))].sort().join('\n'),
    [flow.steps],
  );
  const lightTypes = useMemo(() => {
    const byId = new Map(modules.map((m) => [m.id, m]));
    return stepTypes.split('\n').filter((type) => {
      const def = byId.get(type);
      return partial && def !== undefined;
    });
  }, [stepTypes, modules, partial]);
  const fetched = useQueries({
    queries: lightTypes.map((id) => ({
      queryKey: [...queryKeys.modules(backend.id), 'detail', id],
      queryFn: () => backend.getModule(id),
      staleTime: Infinity,
      retry: false,
    })),
    combine: dataOf,
  });
  const details = useMemo(() => {
    const map = new Map<string, ModuleDefinition>();
    for (const d of fetched) if (d) map.set(d.id, d);
    return map;
  }, [fetched]);
  const pending = lightTypes.some((t) => !details.has(t));

  const code = useStore(codeProblemsStore, (s) => s.byKey);
  const structures = backend.capabilities.structures;
  const elseBranch = backend.capabilities.elseBranch;
  const inputs = useMemo<ChecklistInputs>(
    () => ({ syntax, modules, details, partial, code, storable: { structures, elseBranch } }),
    [syntax, modules, details, partial, code, structures, elseBranch],
  );
  const result = useMemo(() => checklistOf(flow, inputs), [flow, inputs]);
  return {
    ...result,
    pending,
    current: () =>
      checklistOf(store.getState().flow, { ...inputs, code: codeProblemsStore.getState().byKey }),
  };
}
