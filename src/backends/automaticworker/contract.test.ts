import { describeAdapterContract } from '../contract/contract-suite';
import { startAmwRig } from '../../../server/automaticworker/test-rig';
import { vi } from 'vitest';
import { createBackend, settingsFromEnv } from '../kinds';
import { AMW_DIALECT } from './mapping';
import { sampleFlow } from './contract-flows';

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
