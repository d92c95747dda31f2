import { adminClient } from '../../../server/common/admin-client';
import { startViasocketRig } from '../../../server/viasocket/test-rig';
import { adminInjection, describeFaultContract, type FaultKind, type FaultOp } from '../contract/fault-suite';
import { runnableFlow, sampleFlow } from './contract-flows';

/**
 * The viaSocket test server's faults (server/viasocket/server.ts `ViasocketFaults`); its regexes see
 * `METHOD /path`. The seed documents no rate limit, so there is no 429 to inject.
 */
function faultsFor(kind: FaultKind, op: FaultOp): object | null {
  const line =
    op === 'read' ? '^GET /projects/[^/]+/scripts/[^/]+$' : op === 'create' ? '^POST /projects/[^/]+/scripts$' : op === 'update' ? '^PUT /projects/[^/]+/scripts/[^/]+$' : '^POST /func/';
  switch (kind) {
    case '500':
      return { status500On: line };
    case '503':
      return { status503On: line };
    case 'cut-after-landed':
      return { cutOn: line, cutTimes: 1 };
    case 'slow':
      return { slowMs: 100 };
    case 'expired-token':
      return { expireToken: true };
    case 'stream-cut':
      // A run answers once, with its whole log: the answer breaks half-way after the run happened.
      return { cutOn: '^POST /func/', cutTimes: 1 };
    default:
      return null;
  }
}

describeFaultContract(
  'viasocket (test server)',
  async () => {
    const rig = await startViasocketRig();
    const admin = adminClient(rig.server.url);
    return {
      adapter: rig.adapter,
      cleanup: () => rig.close(),
      // A proxy_auth_token is the user's to renew.
      renewsTokens: false,
      ...adminInjection(admin, faultsFor),
    };
  },
  { sampleFlow, runnableFlow, runInputs: { name: 'world' } },
);
