/**
 * viaSocket template references (seed 000): `${context.res.StepTitle?.data?.field}` names a step by its
 * TITLE; `${context.req.body?.name}` (also `?.['name']`) is a run input; any other `context.req.*` or
 * `context.vals.*` is a system value (`req.headers`, `vals`...). Accessors may be `.x`, `?.x`, `['x']`,
 * `?.['x']`; `format` writes the optional-chaining form the seed shows.
 *
 * A title no step has yields a step target whose `stepId` is the title itself, so validation reports it as
 * dangling instead of the reference silently disappearing.
 */
import type { FoundReference, ReferenceSyntax, ReferenceTarget } from '../references';
import { matchAll } from './shared';

const IDENT = '[A-Za-z_$][\\w$]*';
const QUOTED = `'(?:[^'\\\\]|\\\\.)*'|"(?:[^"\\\\]|\\\\.)*"`;
const ACCESSOR = `(?:\\??\\.(?:${IDENT})|\\??\\.?\\[\\s*(?:${QUOTED}|\\d+)\\s*\\])`;
const REF = new RegExp(`\\$\\{\\s*context((?:${ACCESSOR})+)\\s*\\}`);
const ONE = new RegExp(`\\??\\.?(?:\\[\\s*(${QUOTED}|\\d+)\\s*\\]|(${IDENT}))`, 'g');

function segments(chain: string): string[] {
  const out: string[] = [];
  for (const m of chain.matchAll(ONE)) {
    const quoted = m[1];
    if (quoted !== undefined) out.push(/^\d+$/.test(quoted) ? quoted : quoted.slice(1, -1).replace(/\\(.)/g, '$1'));
    else if (m[2] !== undefined) out.push(m[2]);
  }
  return out;
}

function accessor(segment: string, optional: boolean): string {
  const q = optional ? '?.' : '.';
  if (new RegExp(`^${IDENT}$`).test(segment)) return `${q}${segment}`;
  if (/^\d+$/.test(segment)) return `${optional ? '?.' : ''}[${segment}]`;
  return `${optional ? '?.' : ''}['${segment.replace(/['\\]/g, '\\$&')}']`;
}

export const viasocketSyntax: ReferenceSyntax = {
  dialect: 'viasocket',
  trigger: '${',
  refersToStepsBy: 'title',
  find(text, naming) {
    const found: FoundReference[] = [];
    for (const m of matchAll(REF, text)) {
      const [scope, head, ...rest] = segments(m[1] ?? '');
      if (head === undefined) continue;
      let target: ReferenceTarget;
      if (scope === 'res') target = { kind: 'step', stepId: naming.idOfTitle(head) ?? head, path: rest };
      else if (scope === 'req' && head === 'body' && rest[0] !== undefined) target = { kind: 'input', name: rest[0], path: rest.slice(1) };
      else if (scope === 'req') target = { kind: 'system', name: `req.${head}`, path: rest };
      else target = { kind: 'system', name: scope ?? '', path: [head, ...rest] };
      found.push({ target, raw: m[0], start: m.index, end: m.index + m[0].length });
    }
    return found;
  },
  format(target, naming) {
    let chain: string;
    if (target.kind === 'step') chain = `.res${accessor(naming.titleOf(target.stepId) ?? target.stepId, false)}`;
    else if (target.kind === 'input') chain = `.req.body${accessor(target.name, true)}`;
    else chain = target.name.split('.').map((s) => accessor(s, false)).join('');
    return `\${context${chain}${target.path.map((p) => accessor(p, true)).join('')}}`;
  },
};
