import { emptyFlow, type Flow } from '../../model/flow';
import { newId } from '../../model/ids';
import { describeAdapterContract } from '../contract/contract-suite';
import { startRig } from '../../../server/vflow/test-rig';

/** One `log` step: vFlow validates required inputs before running, so the runnable flow fills them. */
function runnableFlow(): Flow {
  const flow = emptyFlow(newId('flow'), `Contract run ${newId('n')}`, 'vflow');
  const id = newId('step');
  flow.steps[id] = { id, kind: 'action', type: 'log', title: 'Say hello', params: { message: 'hello from the contract', level: 'info' } };
  flow.root = [id];
  return flow;
}

/** A loop of 40 x 50 ms delays: long enough to be cancelled half-way. */
function slowFlow(): Flow {
  const flow = emptyFlow(newId('flow'), `Contract slow ${newId('n')}`, 'vflow');
  const loop = newId('step');
  const wait = newId('step');
  flow.steps[loop] = { id: loop, kind: 'loop', type: 'loop', title: 'Repeat', params: { count: 40 }, branches: { body: [wait] } };
  flow.steps[wait] = { id: wait, kind: 'action', type: 'delay', title: 'Wait', params: { duration: 50 } };
  flow.root = [loop];
  return flow;
}

describeAdapterContract(
  'vflow (test server)',
  async () => {
    const rig = await startRig({ fixtures: { folders: [], workflows: [] }, stepDelayMs: 5, delayScale: 1 });
    return { adapter: rig.adapter, cleanup: () => rig.close() };
  },
  { runnableFlow, slowFlow },
);
