/**
 * Node-RED's references: a node reads the message and context, never another node's output by name. In
 * params and code they look like `msg.payload.total`, `flow.counter`, `global.config.url`, `env.HOME`
 * (the editor's typed inputs store the path alone, with the type beside it; code spells them in full).
 *
 * Mapped to the shared targets: `msg.<path>` is the run input `msg` (the message the node receives),
 * `flow.` / `global.` / `env.` are system variables. No reference names a step, so renaming a step never
 * rewrites anything.
 */
import type { FoundReference, ReferenceSyntax, ReferenceTarget } from '../../model/references';

const REF = /\b(msg|flow|global|env)((?:\.[A-Za-z_$][\w$]*|\[\d+\])+)/g;

function pathOf(rest: string): string[] {
  return [...rest.matchAll(/\.([A-Za-z_$][\w$]*)|\[(\d+)\]/g)].map((m) => m[1] ?? m[2] ?? '');
}

export const NODERED_SYSTEM_VARIABLES = ['flow', 'global', 'env'] as const;

export const noderedSyntax: ReferenceSyntax = {
  dialect: 'nodered',
  trigger: 'msg.',
  refersToStepsBy: 'id',
  find(text) {
    const found: FoundReference[] = [];
    for (const m of text.matchAll(REF)) {
      const head = m[1]!;
      const path = pathOf(m[2]!);
      // `msg.payload` is the message; the first segment is part of the path.
      const target: ReferenceTarget = head === 'msg' ? { kind: 'input', name: 'msg', path } : { kind: 'system', name: head, path };
      found.push({ target, raw: m[0], start: m.index, end: m.index + m[0].length });
    }
    return found;
  },
  format(target) {
    const head = target.kind === 'input' ? 'msg' : target.kind === 'system' ? target.name : 'msg';
    const path = target.kind === 'step' ? ['payload'] : target.path;
    return head + path.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('');
  },
};
