import { describeAdapterContract } from '../contract/contract-suite';
import { startViasocketRig } from '../../../server/viasocket/test-rig';
import { createViasocketAdapter } from './adapter';
import { runnableFlow, sampleFlow } from './contract-flows';

const real = process.env.FLOWBENCH_VIASOCKET_URL;

describeAdapterContract(
  real ? `viasocket (${real})` : 'viasocket (test server)',
  async () => {
    if (real) {
      const adapter = createViasocketAdapter({ baseUrl: real, runUrl: process.env.FLOWBENCH_VIASOCKET_RUN_URL ?? real, token: process.env.FLOWBENCH_VIASOCKET_TOKEN ?? '' });
      return { adapter, cleanup: () => undefined };
    }
    const rig = await startViasocketRig();
    return { adapter: rig.adapter, cleanup: () => rig.close() };
  },
  { sampleFlow, runnableFlow, runInputs: { name: 'world' } },
);
