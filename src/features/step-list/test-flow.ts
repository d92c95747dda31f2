/** Test-only flows for the step-list tests. */
import { emptyFlow, type Flow, type Step, type StepKind } from '../../model/flow';

export function step(id: string, kind: StepKind = 'action', extra: Partial<Step> = {}): Step {
  return { id, kind, type: `core.${kind}`, title: id.toUpperCase(), params: {}, ...extra };
}

/**
 * t
 * c: if            then [a, l: loop [b]]   else [d]
 * e
 * w: loop          body []                 (empty)
 * k: if            then []                 (no else)
 * z
 */
export function listFlow(): Flow {
  const flow = emptyFlow('f-list', 'List sample');
  const steps = [
    step('t', 'trigger'),
    step('c', 'if', { branches: { then: ['a', 'l'], else: ['d'] }, params: { condition: 'x > 1' } }),
    step('a', 'action', { params: { url: 'https://example.com' } }),
    step('l', 'loop', { branches: { body: ['b'] } }),
    step('b'),
    step('d', 'action', { disabled: true }),
    step('e'),
    step('w', 'loop', { branches: { body: [] } }),
    step('k', 'if', { branches: { then: [] } }),
    step('z'),
  ];
  for (const s of steps) flow.steps[s.id] = s;
  flow.root = ['t', 'c', 'e', 'w', 'k', 'z'];
  return flow;
}

/** A branching free-form graph (a fan-out), which has no faithful list form. */
export function fanOutGraph(): Flow {
  const flow = emptyFlow('f-graph', 'Graph sample');
  for (const s of [step('g1', 'trigger'), step('g2'), step('g3'), step('g4')]) flow.steps[s.id] = s;
  flow.structure = 'graph';
  flow.root = ['g4', 'g3', 'g2', 'g1'];
  flow.edges = [
    { id: 'e1', source: 'g1', sourcePort: 'out', target: 'g2', targetPort: 'in' },
    { id: 'e2', source: 'g1', sourcePort: 'out', target: 'g3', targetPort: 'in' },
    { id: 'e3', source: 'g3', sourcePort: 'out', target: 'g4', targetPort: 'in' },
  ];
  return flow;
}

/** n plain steps at the top level. */
export function longFlow(n: number): Flow {
  const flow = emptyFlow('f-long', 'Long');
  for (let i = 0; i < n; i++) {
    const s = step(`s${i}`);
    flow.steps[s.id] = s;
    flow.root.push(s.id);
  }
  return flow;
}
