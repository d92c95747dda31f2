/**
 * The local dialect (embedded backend): `{{steps.<stepId>.<path>}}`, `{{inputs.<name>.<path>}}`,
 * `{{sys.<name>.<path>}}`. Whitespace inside the braces is tolerated when reading; `format` writes none.
 */
import type { FoundReference, ReferenceSyntax, ReferenceTarget } from '../references';
import { dotted, matchAll, splitPath } from './shared';

const REF = /\{\{\s*(steps|inputs|sys)\.([^\s{}]+?)\s*\}\}/;

export const localSyntax: ReferenceSyntax = {
  dialect: 'local',
  trigger: '{{',
  refersToStepsBy: 'id',
  // The local engine's `{{sys.<name>}}` values (src/backends/local/engine/README.md).
  systemVariables: [
    { name: 'runId', type: 'string' },
    { name: 'flowId', type: 'string' },
    { name: 'flowName', type: 'string' },
    { name: 'trigger', type: 'string' },
    { name: 'startedAt', type: 'number' },
    { name: 'now', type: 'string' },
    { name: 'timestamp', type: 'number' },
    { name: 'vars', type: 'dictionary' },
  ],
  find(text) {
    const found: FoundReference[] = [];
    for (const m of matchAll(REF, text)) {
      const [head, ...path] = splitPath(m[2] ?? '');
      if (head === undefined) continue;
      const target: ReferenceTarget =
        m[1] === 'steps' ? { kind: 'step', stepId: head, path } : m[1] === 'inputs' ? { kind: 'input', name: head, path } : { kind: 'system', name: head, path };
      found.push({ target, raw: m[0], start: m.index, end: m.index + m[0].length });
    }
    return found;
  },
  format(target) {
    const prefix = target.kind === 'step' ? `steps.${target.stepId}` : target.kind === 'input' ? `inputs.${target.name}` : `sys.${target.name}`;
    return `{{${prefix}${dotted(target.path)}}}`;
  },
};
