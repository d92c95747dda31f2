import { adminClient } from '../../../server/common/admin-client';
import { startAmwRig } from '../../../server/automaticworker/test-rig';
import { adminInjection, describeFaultContract, type FaultKind, type FaultOp } from '../contract/fault-suite';
import { sampleFlow } from './contract-flows';

/** The AutoMaticWorker test server's faults (server/automaticworker/server.ts `AmwFaults`) per matrix cell. */
function faultsFor(kind: FaultKind, op: FaultOp): object | null {
  const method = op === 'read' ? 'GET' : op === 'create' ? 'POST' : op === 'update' ? 'PUT' : 'POST';
  const path = op === 'create' ? '^/api(/v1)?/flows$' : op === 'run' ? '/execute$' : '^/api(/v1)?/flows/[^/]+$';
  switch (kind) {
    case '500':
      return { status500On: path, faultMethod: method };
    case '503':
      return { status503On: path, faultMethod: method };
    case '429':
      return { rateLimitOn: path, faultMethod: method };
    case 'cut-after-landed':
      return { cutAfterOn: path, faultMethod: method, cutAfterTimes: 1 };
    case 'slow':
      return { slowMs: 100 };
    case 'stream-cut':
      // Runs are polled: one status answer breaks half-way through mid-run.
      return { cutAfterOn: '^/api(/v1)?/executions/[^/]+$', faultMethod: 'GET', cutAfterTimes: 1 };
    default:
      return null;
  }
}

describeFaultContract(
  'automaticworker (test server)',
  async () => {
    const rig = await startAmwRig({ fixtures: { flows: [], users: [{ username: 'admin', password: 'admin123' }] } });
    const admin = adminClient(rig.server.url);
    return {
      adapter: rig.adapter,
      cleanup: () => rig.close(),
      renewsTokens: true,
      ...adminInjection(admin, faultsFor, { expiresTokens: true }),
    };
  },
  { sampleFlow, runnableFlow: sampleFlow, runInputs: { name: 'world' } },
);
