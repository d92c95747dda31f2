import { adminClient } from '../../../server/common/admin-client';
import { startDifyRig } from '../../../server/dify/test-rig';
import type { Flow } from '../../model/flow';
import { adminInjection, describeFaultContract, type FaultKind } from '../contract/fault-suite';
import { flowIdOfKey } from './adapter';

/**
 * The Dify test server's faults (server/dify/server.ts `DifyFaults`); paths are under /v1. Dify stores no
 * flows here (run-only, the app list is read once and kept): reading is the run history (/workflows/logs).
 */
function faultsFor(kind: FaultKind): object | null {
  const read = '^/workflows/logs$';
  switch (kind) {
    case '500':
      return { status500On: read };
    case '503':
      return { status503On: read };
    case '429':
      return { status429On: read };
    case 'slow':
      return { slowMs: 100 };
    case 'expired-token':
      return { unauthorizedOn: read };
    case 'stream-cut':
      // The run's SSE stream breaks half-way through an event, the run goes on on the server.
      return { cutStreamAfterEvents: 3 };
    default:
      return null;
  }
}

let runnable: Flow | null = null;

describeFaultContract(
  'dify (test server)',
  async () => {
    const rig = await startDifyRig({ stepMs: 5, chunkMs: 5 });
    runnable = (await rig.adapter.getFlow(flowIdOfKey(rig.server.keyOf('linear')))).flow;
    const admin = adminClient(rig.server.url);
    return {
      adapter: rig.adapter,
      cleanup: () => rig.close(),
      // An app's API key is the user's to replace.
      renewsTokens: false,
      read: () => rig.adapter.listRuns!(runnable!.id),
      ...adminInjection(admin, faultsFor),
    };
  },
  { runnableFlow: () => runnable!, runInputs: { query: 'from the fault suite' } },
);
