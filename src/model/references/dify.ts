/**
 * Dify variable references: `{{#node_id.var#}}` (a node's output), `{{#sys.query#}}`, `{{#env.KEY#}}`,
 * `{{#conversation.x#}}`. Run inputs are outputs of the start node in Dify, so they are step references.
 * System targets: `sys.*` are named without the prefix (`query`); `env`/`conversation` keep theirs
 * (`env.KEY`) so `format` can tell them apart.
 */
import type { FoundReference, ReferenceSyntax, ReferenceTarget } from '../references';
import { dotted, matchAll, splitPath } from './shared';

const REF = /\{\{#([^#{}\s]+)#\}\}/;
const SCOPES = new Set(['env', 'conversation']);

export const difySyntax: ReferenceSyntax = {
  dialect: 'dify',
  trigger: '{{#',
  refersToStepsBy: 'id',
  find(text) {
    const found: FoundReference[] = [];
    for (const m of matchAll(REF, text)) {
      const [head, ...rest] = splitPath(m[1] ?? '');
      if (head === undefined) continue;
      let target: ReferenceTarget;
      if (head === 'sys' && rest[0] !== undefined) target = { kind: 'system', name: rest[0], path: rest.slice(1) };
      else if (SCOPES.has(head) && rest[0] !== undefined) target = { kind: 'system', name: `${head}.${rest[0]}`, path: rest.slice(1) };
      else target = { kind: 'step', stepId: head, path: rest };
      found.push({ target, raw: m[0], start: m.index, end: m.index + m[0].length });
    }
    return found;
  },
  format(target) {
    if (target.kind === 'step') return `{{#${target.stepId}${dotted(target.path)}#}}`;
    // Dify reads run inputs from the start node; `start` is the id the Dify adapter gives that node.
    if (target.kind === 'input') return `{{#start.${target.name}${dotted(target.path)}#}}`;
    const name = target.name.includes('.') ? target.name : `sys.${target.name}`;
    return `{{#${name}${dotted(target.path)}#}}`;
  },
};
