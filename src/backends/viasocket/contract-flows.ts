import { emptyFlow, type Flow, type Step } from '../../model/flow';
import { randomStepId } from './planner';

/**
 * What a viaSocket script can hold: titled steps with `func…` ids, an ifBlock with both branches, code in
 * the params. No tags, notes, run inputs, positions or vendor extensions: the API has nowhere to keep them.
 */
export function sampleFlow(): Flow {
  const flow = emptyFlow('pending', `Contract flow ${Math.random().toString(36).slice(2, 8)}`, 'viasocket');
  flow.description = 'Saved by the adapter contract suite.';
  const step = (s: Omit<Step, 'id'>): Step => {
    const id = randomStepId();
    flow.steps[id] = { id, ...s };
    return flow.steps[id]!;
  };
  const first = step({ kind: 'action', type: 'function', title: 'First', params: { code: 'return { data: { hello: context.req.body?.name ?? "world" } };' } });
  const yes = step({ kind: 'action', type: 'function', title: 'Second', params: { code: 'return 2;' } });
  const no = step({ kind: 'action', type: 'delay', title: 'Otherwise', params: { seconds: 0 } });
  const check = step({ kind: 'if', type: 'ifBlock', title: 'Check', params: { condition: 'context.res.First?.data?.hello === "world"' }, branches: { then: [yes.id], else: [no.id] } });
  flow.root = [first.id, check.id];
  return flow;
}

export function runnableFlow(): Flow {
  const flow = emptyFlow('pending', 'Contract run', 'viasocket');
  const id = randomStepId();
  flow.steps[id] = { id, kind: 'action', type: 'function', title: 'Only_step', params: { code: 'return { data: { ok: true } };' } };
  flow.root = [id];
  return flow;
}
