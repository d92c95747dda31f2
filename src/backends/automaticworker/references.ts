/**
 * AutoMaticWorker references as the test server resolves them: `{{input.<param>}}` (the execution's
 * `input_data`) and `{{<nodeId>.<path>}}` (an earlier node's output). The document names no syntax; this is
 * the reading the server and the Python export share (see README.md). `input` is reserved as a node id.
 */
import type { FoundReference, ReferenceSyntax, ReferenceTarget } from '../../model/references';
import { dotted, matchAll, splitPath } from '../../model/references/shared';
import { AMW_DIALECT } from './kind';

const REF = /\{\{\s*([^\s{}]+?)\s*\}\}/;

export const automaticworkerSyntax: ReferenceSyntax = {
  dialect: AMW_DIALECT,
  trigger: '{{',
  refersToStepsBy: 'id',
  find(text) {
    const found: FoundReference[] = [];
    for (const m of matchAll(REF, text)) {
      const [head, ...path] = splitPath(m[1] ?? '');
      if (head === undefined) continue;
      let target: ReferenceTarget;
      if (head === 'input') {
        const [name, ...rest] = path;
        if (name === undefined) continue;
        target = { kind: 'input', name, path: rest };
      } else target = { kind: 'step', stepId: head, path };
      found.push({ target, raw: m[0], start: m.index, end: m.index + m[0].length });
    }
    return found;
  },
  format(target) {
    if (target.kind === 'input') return `{{input.${target.name}${dotted(target.path)}}}`;
    if (target.kind === 'step') return `{{${target.stepId}${dotted(target.path)}}}`;
    // No system variables on AutoMaticWorker: written as a plain path, which the server resolves to empty.
    return `{{${target.name}${dotted(target.path)}}}`;
  },
};
