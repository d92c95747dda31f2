import { emptyFlow, type Flow, type Step } from '../../model/flow';
import { newId } from '../../model/ids';
import { describeAdapterContract } from '../contract/contract-suite';
import { startAmwRig } from '../../../server/automaticworker/test-rig';
import { vi } from 'vitest';
import { createBackend, settingsFromEnv } from '../kinds';
import { AMW_DIALECT } from './mapping';

/**
 * AutoMaticWorker refuses flows without a start and an end node (the document's example error), so the
 * contract's flows are built with them: start -> condition -(true)-> log -> end, -(false)-> end.
 */
function sampleFlow(): Flow {
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

/**
 * Against the project's test server by default; against any AutoMaticWorker when
 * FLOWBENCH_AUTOMATICWORKER_URL (+ _USER, _PASSWORD) is set, assuming no fixtures beyond what it creates.
 */
const real = settingsFromEnv(AMW_DIALECT, process.env);
if (real) vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

describeAdapterContract(
  real ? `automaticworker (${String(real.baseUrl)})` : 'automaticworker (test server)',
  async () => {
    if (real) {
      const adapter = await createBackend(AMW_DIALECT, real);
      // The suite creates what it needs; only those flows are deleted afterwards.
      const before = new Set((await adapter.listFlows()).items.map((s) => s.id));
      return {
        adapter,
        cleanup: async () => {
          for (const s of (await adapter.listFlows()).items) if (!before.has(s.id)) await adapter.deleteFlow(s.id);
        },
      };
    }
    const rig = await startAmwRig({ fixtures: { flows: [], users: [{ username: 'admin', password: 'admin123' }] } });
    return { adapter: rig.adapter, cleanup: () => rig.close() };
  },
  { sampleFlow, runnableFlow: sampleFlow, runInputs: { name: 'world' } },
);
