import { afterAll, vi } from 'vitest';
import { emptyFlow, type Flow } from '../../model/flow';
import { newId } from '../../model/ids';
import { describeAdapterContract } from '../contract/contract-suite';
import { startRig } from '../../../server/vflow/test-rig';
import { createBackend, settingsFromEnv } from '../kinds';
import type { BackendAdapter } from '../types';
import type { VflowAdapter } from './adapter';

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
        // No user competes for the budget here: polling may use all of it.
        rateLimit: { maxRetries: 20, maxWaitMs: 65_000, backgroundReserve: 0 },
        ...real,
      });
      const inner = await shared;
      // A run's stream must end within the suite's 15 s: start each test with room in the query window
      // rather than let a run's polling wait a minute for it.
      const budget = (inner as Partial<VflowAdapter>).rateLimitState?.('query');
      if (budget && budget.remaining < 40) await new Promise((r) => setTimeout(r, Math.max(0, budget.resetAt - Date.now()) + 50));
      // Each test expects a backend holding only what it created (start the server with `--empty`): what a
      // test creates is recorded and removed after it, without listing (the query budget is the run's).
      const flows = new Set<string>();
      const folders: string[] = [];
      const adapter: BackendAdapter = {
        ...inner,
        async saveFlow(req) {
          const saved = await inner.saveFlow(req);
          flows.add(saved.flow.id);
          return saved;
        },
        async duplicateFlow(id, opts) {
          const copy = await inner.duplicateFlow!(id, opts);
          flows.add(copy.flow.id);
          return copy;
        },
        async createFolder(name, parentId) {
          const f = await inner.createFolder!(name, parentId);
          folders.push(f.id);
          return f;
        },
        async importFiles(files, opts) {
          const report = await inner.importFiles!(files, opts);
          for (const e of report) if (e.flowId && !opts.dryRun) flows.add(e.flowId);
          return report;
        },
      };
      const cleanup = async (): Promise<void> => {
        for (const id of flows) await inner.deleteFlow(id).catch(() => undefined);
        for (const id of folders.reverse()) await inner.deleteFolder!(id, { mode: 'delete' }).catch(() => undefined);
      };
      return { adapter, cleanup };
    }
    const rig = await startRig({ fixtures: { folders: [], workflows: [] }, stepDelayMs: 5, delayScale: 1 });
    return { adapter: rig.adapter, cleanup: () => rig.close() };
  },
  { runnableFlow, slowFlow },
);
