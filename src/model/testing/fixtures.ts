/** Hand-written flows for example-based tests. Test-only. */
import { emptyFlow, type Flow, type Step, type StepKind } from '../flow';

export function step(id: string, kind: StepKind = 'action', extra: Partial<Step> = {}): Step {
  return { id, kind, type: `core.${kind}`, title: id.toUpperCase(), params: {}, ...extra };
}

/**
 * root: t, c(if: then [a, l(loop: body [b])], else [d]), e
 */
export function sampleFlow(): Flow {
  const flow = emptyFlow('f1', 'Sample');
  const steps = [
    step('t', 'trigger'),
    step('c', 'if', { branches: { then: ['a', 'l'], else: ['d'] } }),
    step('a'),
    step('l', 'loop', { branches: { body: ['b'] } }),
    step('b'),
    step('d'),
    step('e'),
  ];
  for (const s of steps) flow.steps[s.id] = s;
  flow.root = ['t', 'c', 'e'];
  return flow;
}
