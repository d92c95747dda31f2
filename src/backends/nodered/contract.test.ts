/**
 * The shared adapter contract against Node-RED: a real engine started for this file by default, or any
 * running Node-RED when FLOWBENCH_NODERED_URL is set (with FLOWBENCH_NODERED_USER + _PASSWORD for adminAuth
 * credentials, or FLOWBENCH_NODERED_TOKEN for a static token). The tests create every flow they use, with
 * fresh ids, and delete nothing they did not create; the trace plugin is optional on a remote server.
 */
import { afterAll, beforeAll } from 'vitest';
import type { NodeRedEngine } from '../../../server/nodered/engine';
import { describeAdapterContract } from '../contract/contract-suite';
import type { NodeRedAuth } from './client';
import { hex, slowFlow, tabFlow } from './contract-flows';
import { adapterFor, engine } from './test-rig';

const remote = process.env.FLOWBENCH_NODERED_URL;
const auth: NodeRedAuth = process.env.FLOWBENCH_NODERED_TOKEN
  ? { kind: 'token', token: process.env.FLOWBENCH_NODERED_TOKEN }
  : process.env.FLOWBENCH_NODERED_USER
    ? { kind: 'credentials', username: process.env.FLOWBENCH_NODERED_USER, password: process.env.FLOWBENCH_NODERED_PASSWORD ?? '' }
    : { kind: 'none' };

// One engine for the whole file (the suite makes an adapter per test; each gets its own flows).
let shared: Promise<NodeRedEngine> | null = null;
// Started before the suite's per-test hooks, with room for a slow start on a busy machine.
beforeAll(async () => {
  if (!remote) await (shared ??= engine());
}, 90_000);
afterAll(async () => {
  if (shared) await (await shared).stop();
}, 30_000);

describeAdapterContract(
  remote ? `nodered (${remote})` : 'nodered (node-red 4.1.15, started for the suite)',
  async () => {
    if (remote) return { adapter: adapterFor(remote, { auth }), cleanup: () => undefined };
    const red = await (shared ??= engine());
    return { adapter: adapterFor(red.url), cleanup: () => undefined };
  },
  {
    sampleFlow: () => tabFlow(`Contract flow ${hex()}`),
    runnableFlow: () => tabFlow(`Contract run ${hex()}`),
    slowFlow,
  },
);
