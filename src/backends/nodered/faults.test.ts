/**
 * The fault matrix against the real Node-RED engine, behind server/common's fault proxy (Node-RED has no
 * fault injection of its own): the proxy answers 500 / 503 / 429 / 401 as a gateway would, cuts answers after
 * the engine handled them, slows everything, and cuts the /comms WebSocket a run's trace arrives on.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { adminClient } from '../../../server/common/admin-client';
import { startFaultProxy, type FaultProxy, type ProxyFaults } from '../../../server/common/fault-proxy';
import type { NodeRedEngine } from '../../../server/nodered/engine';
import { adminInjection, describeFaultContract, type FaultKind, type FaultOp } from '../contract/fault-suite';
import { hex, slowFlow, tabFlow } from './contract-flows';
import { adapterFor, engine } from './test-rig';

const USER = 'admin';
const PASSWORD = 'fault-matrix';

/** Node-RED's admin API: GET /flows reads, POST /flows deploys (a create and a save alike), POST /inject runs. */
function faultsFor(kind: FaultKind, op: FaultOp): ProxyFaults | null {
  const method = op === 'read' ? 'GET' : 'POST';
  const path = op === 'run' ? '^/inject/' : '^/flows$';
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
    case 'expired-token':
      // The engine's token expiring: one 401, then the adapter's fresh sign-in passes.
      return { unauthorizedOn: '^/flows', unauthorizedTimes: 1 };
    case 'stream-cut':
      // Half-way through the slow flow's 1.5 s delay.
      return { cutStreamsOn: '^/inject/', cutStreamsAfterMs: 500 };
    default:
      return null;
  }
}

let red: NodeRedEngine | null = null;
let proxy: FaultProxy | null = null;
beforeAll(async () => {
  red = await engine({ adminAuth: { username: USER, password: PASSWORD } });
  proxy = await startFaultProxy({ target: red.url });
}, 90_000);
afterAll(async () => {
  await proxy?.close();
  await red?.stop();
}, 30_000);

describeFaultContract(
  'nodered (node-red, real engine behind a fault proxy)',
  async () => {
    const admin = adminClient(proxy!.url);
    const cutBefore = proxy!.streamsCut();
    const adapter = adapterFor(proxy!.url, { auth: { kind: 'credentials', username: USER, password: PASSWORD } });
    return {
      adapter,
      cleanup: () => undefined,
      renewsTokens: true,
      afterStreamCut: () => expect(proxy!.streamsCut(), 'the /comms socket was cut').toBeGreaterThan(cutBefore),
      ...adminInjection(admin, faultsFor),
    };
  },
  { sampleFlow: () => tabFlow(`Fault flow ${hex()}`), runnableFlow: () => tabFlow(`Fault run ${hex()}`), slowFlow },
);
