/**
 * vFlow magic variables: `{{step-001.body}}` (a step's output, by step id), system variables such as
 * `{{trigger.data}}`, `{{current_time}}`, `{{device_info}}`. vFlow has no separate run-input syntax: trigger
 * data is a system variable.
 *
 * The syntax does not say whether `{{x.y}}` is a step or a system variable, so: a known system name is system;
 * an id the flow has is a step; an id shaped like vFlow's step ids (`step-...`, `step_...`) is a step (a
 * dangling one, which validation reports); anything else is a system variable.
 */
import type { FoundReference, ReferenceSyntax, ReferenceTarget } from '../references';
import { dotted, matchAll, splitPath } from './shared';

const REF = /\{\{\s*([^\s{}]+?)\s*\}\}/;

/** System variables the vFlow magic-variables endpoint lists (seed 001) plus ones the app documents. */
export const VFLOW_SYSTEM_VARIABLES: ReadonlySet<string> = new Set(['trigger', 'current_time', 'device_info', 'workflow', 'env', 'loop']);

export const vflowSyntax: ReferenceSyntax = {
  dialect: 'vflow',
  trigger: '{{',
  refersToStepsBy: 'id',
  systemVariables: [
    { name: 'trigger.data', type: 'any' },
    { name: 'current_time', type: 'number' },
    { name: 'device_info', type: 'dictionary' },
  ],
  find(text, naming) {
    const found: FoundReference[] = [];
    for (const m of matchAll(REF, text)) {
      const [head, ...path] = splitPath(m[1] ?? '');
      if (head === undefined) continue;
      const isStep = !VFLOW_SYSTEM_VARIABLES.has(head) && (naming.titleOf(head) !== undefined || /^step[-_]/.test(head));
      const target: ReferenceTarget = isStep ? { kind: 'step', stepId: head, path } : { kind: 'system', name: head, path };
      found.push({ target, raw: m[0], start: m.index, end: m.index + m[0].length });
    }
    return found;
  },
  format(target) {
    const head = target.kind === 'step' ? target.stepId : target.name;
    return `{{${head}${dotted(target.path)}}}`;
  },
};
