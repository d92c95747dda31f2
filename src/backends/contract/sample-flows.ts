/**
 * Flows the contract suite saves and runs. Built from the adapter's own catalog so a remote adapter can map
 * them, and normalised the way `restoreFlow` leaves them, so "comes back deep-equal" is a fair demand.
 */
import { emptyFlow, type Flow, type FlowStructure, type Step } from '../../model/flow';
import { newId } from '../../model/ids';
import type { ModuleDefinition } from '../../model/modules';

function pick(modules: ModuleDefinition[], kind: Step['kind']): ModuleDefinition | undefined {
  return modules.find((m) => m.kind === kind);
}

/**
 * A flow that exercises what the document can hold: a plain step, an if with both branches (blocks), vendor
 * `extensions` on the flow and a step, a sticky note, a tag and a run input.
 */
export function contractSampleFlow(opts: { modules: ModuleDefinition[]; structure: FlowStructure; dialect: string; name?: string }): Flow {
  const action = pick(opts.modules, 'action')?.id ?? 'action';
  const ifType = pick(opts.modules, 'if')?.id;
  const flow = emptyFlow(newId('flow'), opts.name ?? `Contract flow ${Math.random().toString(36).slice(2, 8)}`, opts.dialect);
  flow.description = 'Saved by the adapter contract suite.';
  flow.tags = ['contract'];
  flow.extensions = { vendor: { keep: ['me', 1, true, null], nested: { deep: 'value' } } };
  flow.notes = [{ id: newId('note'), text: 'a note', position: { x: 10, y: 20 } }];
  flow.inputs = [{ id: 'name', label: 'Name', type: 'string', defaultValue: 'world' }];
  flow.structure = opts.structure;

  const a: Step = {
    id: newId('step'),
    kind: 'action',
    type: action,
    title: 'First',
    params: { message: 'hello', count: 3, list: [1, 2], obj: { k: 'v' } },
    position: { x: 0, y: 0 },
    extensions: { vendorStepField: { x: 1 } },
  };
  const b: Step = { id: newId('step'), kind: 'action', type: action, title: 'Second', params: {}, position: { x: 0, y: 120 } };
  flow.steps = { [a.id]: a, [b.id]: b };
  if (opts.structure === 'blocks' && ifType) {
    const c: Step = { id: newId('step'), kind: 'action', type: action, title: 'Otherwise', params: {}, position: { x: 200, y: 240 } };
    const cond: Step = {
      id: newId('step'),
      kind: 'if',
      type: ifType,
      title: 'Check',
      params: {},
      branches: { then: [b.id], else: [c.id] },
      position: { x: 0, y: 240 },
    };
    flow.steps[c.id] = c;
    flow.steps[cond.id] = cond;
    flow.root = [a.id, cond.id];
  } else if (opts.structure === 'blocks') {
    flow.root = [a.id, b.id];
  } else {
    flow.root = [a.id, b.id];
    flow.edges = [{ id: newId('edge'), source: a.id, sourcePort: 'out', target: b.id, targetPort: 'in' }];
  }
  return flow;
}

/** A flow that should run to completion: one plain step, no params. */
export function contractRunnableFlow(opts: { modules: ModuleDefinition[]; structure: FlowStructure; dialect: string }): Flow {
  const action = pick(opts.modules, 'action')?.id ?? 'action';
  const flow = emptyFlow(newId('flow'), 'Contract run', opts.dialect);
  flow.structure = opts.structure;
  const a: Step = { id: newId('step'), kind: 'action', type: action, title: 'Only step', params: {} };
  flow.steps = { [a.id]: a };
  flow.root = [a.id];
  return flow;
}
