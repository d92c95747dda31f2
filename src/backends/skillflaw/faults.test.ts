import { adminClient } from '../../../server/common/admin-client';
import { startSkillflawRig } from '../../../server/skillflaw/test-rig';
import { adminInjection, describeFaultContract, type FaultKind, type FaultOp } from '../contract/fault-suite';
import { sampleFlow } from './contract-flows';

/** The SkillFlaw test server's faults (server/skillflaw/server.ts `SkillflawFaults`); paths are under /api/v1. */
function faultsFor(kind: FaultKind, op: FaultOp): object | null {
  const method = op === 'read' ? 'GET' : op === 'create' ? 'POST' : op === 'update' ? 'PATCH' : 'POST';
  const path = op === 'create' ? '^/flows/$' : op === 'run' ? '^/build/[^/]+/flow$' : '^/flows/[^/]+$';
  switch (kind) {
    case '500':
      return { status500On: path, faultMethod: method };
    case '503':
      return { status503On: path, faultMethod: method };
    case '429':
      return { status429On: path, faultMethod: method };
    case 'cut-after-landed':
      return { cutAfterOn: path, faultMethod: method, cutAfterTimes: 1 };
    case 'slow':
      return { slowMs: 100 };
    case 'stream-cut':
      // The build's event stream breaks after a few events while the build goes on.
      return { cutStreamAfter: 3 };
    default:
      return null;
  }
}

describeFaultContract(
  'skillflaw (test server)',
  async () => {
    const rig = await startSkillflawRig({ tokenDelayMs: 4 });
    const admin = adminClient(rig.server.url);
    return {
      adapter: rig.adapter,
      cleanup: () => rig.close(),
      renewsTokens: true,
      ...adminInjection(admin, faultsFor, { expiresTokens: true }),
    };
  },
  { sampleFlow, runnableFlow: sampleFlow },
);
