/**
 * The reference display layer (`model/references/display.ts`) as views use it: untitled steps are named by
 * their module in the UI language, as everywhere else (`stepDisplayTitle`), and the backend's syntax is the
 * storage side.
 */
import { useMemo } from 'react';
import { useEditor } from '../editor/context';
import type { Flow, Step } from '../model/flow';
import type { ModuleDefinition } from '../model/modules';
import type { ReferenceSyntax } from '../model/references';
import { referenceDisplay, type ReferenceDisplay, type StepFallbackName } from '../model/references/display';
import { syntaxFor } from '../model/references/dialects';
import { localSyntax } from '../model/references/local';
import { useOptionalBackend } from '../shell/backend-context';
import { labelledSummary } from './summary';

type ModuleOf = (type: string) => ModuleDefinition | undefined;

const namers = new WeakMap<ModuleOf, Map<string, StepFallbackName>>();

/** One stable namer per module lookup and language, so the display names' cache is hit. */
function moduleNamer(moduleOf: ModuleOf, language: 'en' | 'zh'): StepFallbackName {
  let perLanguage = namers.get(moduleOf);
  if (!perLanguage) namers.set(moduleOf, (perLanguage = new Map()));
  let namer = perLanguage.get(language);
  if (!namer) {
    namer = (step: Step) => {
      const m = moduleOf(step.type);
      return m ? (language === 'en' ? (m.name.en ?? m.name.text) : m.name.text) : undefined;
    };
    perLanguage.set(language, namer);
  }
  return namer;
}

const plainSummaries = new WeakMap<Step, { module: ModuleDefinition | undefined; language: string; text: string | null }>();

const lookups = new WeakMap<ReadonlyMap<string, ModuleDefinition>, ModuleOf>();

/** A stable lookup function over a module map (one per map), for `moduleNamer`'s cache. */
export function lookupOf(modules: ReadonlyMap<string, ModuleDefinition>): ModuleOf {
  let fn = lookups.get(modules);
  if (!fn) lookups.set(modules, (fn = (type) => modules.get(type)));
  return fn;
}

/**
 * A step's summary with labels and references by step name, for a flow as it is now. Views call it from a
 * store selector (so a rename elsewhere updates it): a step without references is summarised once per
 * record, which keeps a keystroke on a big canvas from re-summarising every node.
 */
export function stepSummary(flow: Flow, step: Step, syntax: ReferenceSyntax, moduleOf: ModuleOf, language: 'en' | 'zh'): string {
  const module = moduleOf(step.type);
  const hit = plainSummaries.get(step);
  // `text: null` marks a step with references: its summary depends on other steps' names.
  if (hit && hit.module === module && hit.language === language && hit.text !== null) return hit.text;
  if (!hit || hit.module !== module || hit.language !== language) {
    const hasReference = Object.values(step.params).some((v) => JSON.stringify(v)?.includes(syntax.trigger));
    const text = hasReference ? null : labelledSummary(step, { module, language });
    plainSummaries.set(step, { module, language, text });
    if (text !== null) return text;
  }
  const display = referenceDisplay(flow, syntax, moduleNamer(moduleOf, language));
  return labelledSummary(step, { module, language, display: display.toDisplay });
}

/** The storage syntax: the backend's, else the flow dialect's (views rendered without a backend). */
export function useReferenceSyntax(): ReferenceSyntax {
  const backend = useOptionalBackend();
  const dialect = useEditor((s) => s.flow.dialect);
  return backend?.referenceSyntax ?? syntaxFor(dialect) ?? localSyntax;
}

/** The display layer of the open flow; re-renders when any step changes (titles decide the names). */
export function useReferenceDisplay(moduleOf: ModuleOf, language: 'en' | 'zh'): ReferenceDisplay {
  const syntax = useReferenceSyntax();
  const steps = useEditor((s) => s.flow.steps);
  const root = useEditor((s) => s.flow.root);
  const edges = useEditor((s) => s.flow.edges);
  const structure = useEditor((s) => s.flow.structure);
  return useMemo(
    () => referenceDisplay({ steps, root, edges, structure }, syntax, moduleNamer(moduleOf, language)),
    [steps, root, edges, structure, syntax, moduleOf, language],
  );
}
