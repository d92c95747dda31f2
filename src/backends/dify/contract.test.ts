/**
 * The shared adapter contract (run-only capabilities) against the Dify test server, or against any Dify when
 * `FLOWBENCH_DIFY_URL` (the API base URL, e.g. https://api.dify.ai/v1) and `FLOWBENCH_DIFY_KEY` (one workflow
 * app's API key) are set; `FLOWBENCH_DIFY_INPUTS` (JSON) gives that app's run inputs when it needs some.
 * The test creates nothing on the server but runs.
 */
import type { Flow } from '../../model/flow';
import { describeAdapterContract } from '../contract/contract-suite';
import { createBackend, settingsFromEnv } from '../kinds';
import { startDifyRig } from '../../../server/dify/test-rig';
import { flowIdOfKey } from './adapter';

const real = settingsFromEnv('dify', process.env);
let runnable: Flow | null = null;
let slow: Flow | null = null;

if (real) {
  describeAdapterContract(
    `dify (${String(real.baseUrl)})`,
    async () => {
      const adapter = await createBackend('dify', { ...real, user: 'flowbench-contract' });
      const first = (await adapter.listFlows()).items[0];
      if (!first) throw new Error('FLOWBENCH_DIFY_KEY gave no app');
      runnable = (await adapter.getFlow(first.id)).flow;
      return { adapter, cleanup: () => undefined };
    },
    { runnableFlow: () => runnable!, runInputs: JSON.parse(process.env.FLOWBENCH_DIFY_INPUTS ?? '{}') as Record<string, unknown> },
  );
} else {
  describeAdapterContract(
    'dify (test server)',
    async () => {
      const rig = await startDifyRig({ stepMs: 5, chunkMs: 5 });
      runnable = (await rig.adapter.getFlow(flowIdOfKey(rig.server.keyOf('linear')))).flow;
      slow = (await rig.adapter.getFlow(flowIdOfKey(rig.server.keyOf('slow')))).flow;
      return { adapter: rig.adapter, cleanup: () => rig.close() };
    },
    { runnableFlow: () => runnable!, slowFlow: () => slow!, runInputs: { query: 'from the contract suite' } },
  );
}
