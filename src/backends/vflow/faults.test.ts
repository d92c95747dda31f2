import { adminClient } from '../../../server/common/admin-client';
import { startRig } from '../../../server/vflow/test-rig';
import { adminInjection, describeFaultContract, type FaultKind, type FaultOp } from '../contract/fault-suite';
import { emptyFlow, type Flow } from '../../model/flow';
import { newId } from '../../model/ids';

/** One `log` step (vFlow validates required inputs before running). */
function runnableFlow(): Flow {
  const flow = emptyFlow(newId('flow'), `Fault run ${newId('n')}`, 'vflow');
  const id = newId('step');
  flow.steps[id] = { id, kind: 'action', type: 'log', title: 'Say hello', params: { message: 'hello', level: 'info' } };
  flow.root = [id];
  return flow;
}

/** The vFlow test server's faults (server/vflow/server.ts `VflowFaults`) for each cell of the matrix. */
const ONE_FLOW = '^/api/v1/workflows/[^/]+$';
function faultsFor(kind: FaultKind, op: FaultOp): object | null {
  const method = op === 'read' ? 'GET' : op === 'create' ? 'POST' : op === 'update' ? 'PUT' : 'POST';
  const path = op === 'create' ? '^/api/v1/workflows$' : op === 'run' ? '/execute$' : ONE_FLOW;
  switch (kind) {
    case '500':
      return { status500On: path, faultMethod: method };
    case '503':
      return { status503On: path, faultMethod: method };
    case 'cut-after-landed':
      return { cutResponseOn: path, cutResponseMethod: method, cutResponseTimes: 1 };
    case 'slow':
      return { slowMs: 100 };
    case 'stream-cut':
      // vFlow runs are polled: one status answer breaks half-way through mid-run.
      return { cutResponseOn: '^/api/v1/executions/[^/]+$', cutResponseMethod: 'GET', cutResponseTimes: 1 };
    default:
      return null;
  }
}

describeFaultContract(
  'vflow (test server)',
  async () => {
    const rig = await startRig({ fixtures: { folders: [], workflows: [] }, stepDelayMs: 5, delayScale: 1 });
    const admin = adminClient(rig.server.url);
    const faults = adminInjection(admin, faultsFor, { expiresTokens: true });
    return {
      adapter: rig.adapter,
      cleanup: () => rig.close(),
      renewsTokens: true,
      async inject(kind, op) {
        // The device's own rate limit, with nothing left in the query window (reset a minute away).
        if (kind === '429') return admin.post('/__admin/rate-limits', { query: 0, windowMs: 60_000 }).then(() => true);
        return faults.inject(kind, op);
      },
      async clear() {
        await faults.clear();
        await admin.post('/__admin/rate-limits', false);
      },
    };
  },
  { runnableFlow },
);
