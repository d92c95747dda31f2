import { afterAll, vi } from 'vitest';
import { emptyFlow, type Flow } from '../../model/flow';
import { newId } from '../../model/ids';
import { describeAdapterContract } from '../contract/contract-suite';
import { startRig } from '../../../server/vflow/test-rig';
import { createBackend, settingsFromEnv } from '../kinds';
import type { BackendAdapter } from '../types';

/** One `log` step: vFlow validates required inputs before running, so the runnable flow fills them. */
function runnableFlow(): Flow {
  const flow = emptyFlow(newId('flow'), `Contract run ${newId('n')}`, 'vflow');
  const id = newId('step');
  flow.steps[id] = { id, kind: 'action', type: 'log', title: 'Say hello', params: { message: 'hello from the contract', level: 'info' } };
  flow.root = [id];
  return flow;
}

/** A loop of 40 x 50 ms delays: long enough to be cancelled half-way. */
function slowFlow(): Flow {
  const flow = emptyFlow(newId('flow'), `Contract slow ${newId('n')}`, 'vflow');
  const loop = newId('step');
  const wait = newId('step');
  flow.steps[loop] = { id: loop, kind: 'loop', type: 'loop', title: 'Repeat', params: { count: 40 }, branches: { body: [wait] } };
  flow.steps[wait] = { id: wait, kind: 'action', type: 'delay', title: 'Wait', params: { duration: 50 } };
  flow.root = [loop];
  return flow;
}

/**
 * Against the project's test server by default; against any running vFlow server when FLOWBENCH_VFLOW_URL is
 * set (e.g. `npx tsx server/vflow/main.ts` started separately, or a phone): the same tests, assuming no
 * fixtures beyond what they create.
 */
const real = settingsFromEnv('vflow', process.env);
// A real server rate-limits (vFlow: 100 queries, 60 changes, 10 runs a minute): the adapter waits for the
// window to reopen, so tests take longer than against the test server without limits.
if (real) vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });
// One adapter (one token) for the whole run: a device rate-limits POST /auth/token.
let shared: Promise<BackendAdapter> | null = null;
afterAll(async () => {
  const adapter = await shared;
  await adapter?.session?.disconnect().catch(() => undefined);
  adapter?.dispose?.();
});

describeAdapterContract(
  real ? `vflow (${String(real.baseUrl)})` : 'vflow (test server)',
  async () => {
    if (real) {
      shared ??= createBackend('vflow', {
        deviceName: 'Flowbench contract test',
        rateLimit: { maxRetries: 20, maxWaitMs: 65_000 },
        ...real,
      });
      const adapter = await shared;
      // Each test expects a backend holding only what it created (start the server with `--empty`): what a
      // test leaves behind is removed after it, so names and totals do not leak into the next one.
      const existing = async () => ({
        flows: (await adapter.listFlows({ limit: 500 })).items.map((f) => f.id),
        folders: await adapter.listFolders!(),
      });
      const before = await existing();
      const cleanup = async (): Promise<void> => {
        const now = await existing();
        for (const id of now.flows.filter((f) => !before.flows.includes(f))) await adapter.deleteFlow(id).catch(() => undefined);
        const added = now.folders.filter((f) => !before.folders.some((b) => b.id === f.id));
        for (const f of added.filter((x) => !added.some((y) => y.id === x.parentId))) await adapter.deleteFolder!(f.id, { mode: 'delete' }).catch(() => undefined);
      };
      return { adapter, cleanup };
    }
    const rig = await startRig({ fixtures: { folders: [], workflows: [] }, stepDelayMs: 5, delayScale: 1 });
    return { adapter: rig.adapter, cleanup: () => rig.close() };
  },
  { runnableFlow, slowFlow },
);
