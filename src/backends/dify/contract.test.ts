/**
 * The shared adapter contract (run-only capabilities) against the Dify test server, or against any Dify when
 * `FLOWBENCH_DIFY_URL` (the API base URL, e.g. https://api.dify.ai/v1) and `FLOWBENCH_DIFY_KEY` (one workflow
 * app's API key) are set; `FLOWBENCH_DIFY_INPUTS` (JSON) gives that app's run inputs when it needs some.
 * The test creates nothing on the server but runs.
 */
import type { Flow } from '../../model/flow';
import { describeAdapterContract } from '../contract/contract-suite';
import { startDifyRig } from '../../../server/dify/test-rig';
import { createDifyAdapter, flowIdOfKey } from './adapter';

const url = process.env.FLOWBENCH_DIFY_URL;
const key = process.env.FLOWBENCH_DIFY_KEY;
let runnable: Flow | null = null;
let slow: Flow | null = null;

if (url && key) {
  describeAdapterContract(
    `dify (${url})`,
    async () => {
      const adapter = createDifyAdapter({ baseUrl: url, apps: [{ apiKey: key }], user: 'flowbench-contract', recoverPollMs: 1000 });
      runnable = (await adapter.getFlow(flowIdOfKey(key))).flow;
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
