import { describe, expect, it } from 'vitest';
import { emptyFlow, type Flow, type Step } from '../../model/flow';
import { duplicatePlaces, flowOrder, inFlowOrder } from './step-order';

const step = (id: string, kind: Step['kind'], title: string, extra: Partial<Step> = {}): Step => ({
  id,
  kind,
  type: `core.${kind}`,
  title,
  params: {},
  ...extra,
});

function ifElseFlow(): Flow {
  const flow = emptyFlow('f', 'If/else');
  flow.steps = {
    start: step('start', 'trigger', 'Start'),
    check: step('check', 'if', 'Check', { branches: { then: ['yes'], else: ['no', 'no2'] } }),
    yes: step('yes', 'action', 'Log'),
    no: step('no', 'action', 'Log'),
    no2: step('no2', 'action', 'Log'),
    end: step('end', 'action', 'Done'),
  };
  flow.root = ['start', 'check', 'end'];
  return flow;
}

describe('run tables in flow order', () => {
  it('reads a block flow in pre-order, then branch, then else', () => {
    expect(flowOrder(ifElseFlow())).toEqual(['start', 'check', 'yes', 'no', 'no2', 'end']);
  });

  it('sorts the steps of a run by the flow, not by when they were reported', () => {
    // The engine reported the skipped else steps before the then branch that ran.
    const started = ['start', 'check', 'no', 'no2', 'yes', 'end'];
    expect(inFlowOrder(started, flowOrder(ifElseFlow()))).toEqual(['start', 'check', 'yes', 'no', 'no2', 'end']);
  });

  it('keeps steps deleted since the run, after the others, in their order', () => {
    expect(inFlowOrder(['gone2', 'end', 'gone1', 'start'], ['start', 'end'])).toEqual(['start', 'end', 'gone2', 'gone1']);
  });

  it('reads a free graph in topological order', () => {
    const flow = emptyFlow('g', 'Graph');
    flow.structure = 'graph';
    flow.steps = { a: step('a', 'action', 'A'), b: step('b', 'action', 'B'), c: step('c', 'action', 'C') };
    flow.root = ['c', 'a', 'b'];
    flow.edges = [
      { id: 'e1', source: 'a', sourcePort: 'out', target: 'b', targetPort: 'in' },
      { id: 'e2', source: 'b', sourcePort: 'out', target: 'c', targetPort: 'in' },
    ];
    expect(flowOrder(flow)).toEqual(['a', 'b', 'c']);
  });
});

describe('steps with the same title', () => {
  it('are told apart by branch and position; unique titles need no place', () => {
    const flow = ifElseFlow();
    const places = duplicatePlaces(flow, (id) => flow.steps[id]!.title);
    expect(places.get('yes')).toEqual({ parent: 'check', branch: 'then', position: 1 });
    expect(places.get('no')).toEqual({ parent: 'check', branch: 'else', position: 1 });
    expect(places.get('no2')).toEqual({ parent: 'check', branch: 'else', position: 2 });
    expect(places.has('start')).toBe(false);
    expect(places.has('end')).toBe(false);
  });
});
