import { emptyFlow, type Flow, type Step } from '../../model/flow';
import { newId } from '../../model/ids';
import { AMW_DIALECT } from './mapping';

/**
 * AutoMaticWorker refuses flows without a start and an end node (the document's example error), so the
 * contract's flows are built with them: start -> condition -(true)-> log -> end, -(false)-> end.
 */
export function sampleFlow(): Flow {
  const flow = emptyFlow(newId('flow'), `Contract flow ${Math.random().toString(36).slice(2, 8)}`, AMW_DIALECT);
  flow.structure = 'graph';
  flow.description = 'Saved by the adapter contract suite.';
  flow.tags = ['contract'];
  flow.extensions = { vendor: { keep: ['me', 1, true, null], nested: { deep: 'value' } } };
  flow.notes = [{ id: newId('note'), text: 'a note', position: { x: 10, y: 20 } }];
  flow.inputs = [{ id: 'name', label: 'Name', type: 'string', defaultValue: 'world' }];
  const steps: Step[] = [
    { id: newId('step'), kind: 'trigger', type: 'start', title: 'Start', params: {}, position: { x: 0, y: 0 } },
    { id: newId('step'), kind: 'if', type: 'condition', title: 'Check', params: { left: '{{input.name}}', operator: '==', right: 'world' }, position: { x: 0, y: 120 } },
    { id: newId('step'), kind: 'action', type: 'log', title: 'Say', params: { message: 'hello {{input.name}}', level: 'info' }, position: { x: 0, y: 240 }, extensions: { vendorStepField: { x: 1 } } },
    { id: newId('step'), kind: 'action', type: 'end', title: 'End', params: { output: '{{input.name}}' }, position: { x: 0, y: 360 } },
  ];
  for (const s of steps) flow.steps[s.id] = s;
  flow.root = steps.map((s) => s.id);
  const [start, cond, say, end] = steps.map((s) => s.id) as [string, string, string, string];
  flow.edges = [
    { id: newId('edge'), source: start, sourcePort: 'out', target: cond, targetPort: 'in' },
    { id: newId('edge'), source: cond, sourcePort: 'true', target: say, targetPort: 'in' },
    { id: newId('edge'), source: cond, sourcePort: 'false', target: end, targetPort: 'in' },
    { id: newId('edge'), source: say, sourcePort: 'out', target: end, targetPort: 'in' },
  ];
  return flow;
}
