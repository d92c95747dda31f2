/**
 * A backend for run-panel tests: runs play scripted events (one script per `startRun`, in order), are kept
 * with their events, and can be listed, read and deleted. Only what the run panel calls is implemented.
 */
import type { TraceEvent } from '../../../backends/trace';
import type { BackendAdapter, Capabilities, RunStatus, RunSummary } from '../../../backends/types';

export interface MemoryAdapter extends BackendAdapter {
  runs: Map<string, { summary: RunSummary; events: TraceEvent[] }>;
  /** Resolve to let a run that waits at `holdAt` go on. */
  release(): void;
}

export function memoryAdapter(scripts: TraceEvent[][], opts: { holdAt?: number; stored?: TraceEvent[][] } = {}): MemoryAdapter {
  const runs = new Map<string, { summary: RunSummary; events: TraceEvent[] }>();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const store = (events: TraceEvent[]) => {
    const first = events[0]!;
    const last = events[events.length - 1];
    const started = first.type === 'run-started' ? first : null;
    const summary: RunSummary = {
      id: first.runId,
      flowId: started?.flowId ?? 'flow-1',
      status: last?.type === 'run-finished' ? last.status : 'running',
      startedAt: first.at,
      finishedAt: last?.type === 'run-finished' ? last.at : null,
      trigger: started?.trigger ?? 'manual',
      ...(started?.versionId ? { versionId: started.versionId } : {}),
    };
    runs.set(first.runId, { summary, events });
  };
  for (const events of opts.stored ?? []) store(events);
  let next = 0;
  const capabilities = { run: true, cancelRun: true, runHistory: true, logs: true } as Capabilities;
  return {
    id: 'memory',
    label: 'Memory',
    capabilities,
    runs,
    release,
    async startRun() {
      const script = scripts[next++];
      if (!script) throw new Error('no more scripted runs');
      const recorded: TraceEvent[] = [];
      return {
        runId: script[0]!.runId,
        events: (async function* () {
          for (let i = 0; i < script.length; i++) {
            if (i === opts.holdAt) await gate;
            recorded.push(script[i]!);
            store(recorded);
            yield script[i]!;
          }
        })(),
      };
    },
    async cancelRun() {},
    async listRuns(_flowId: string, q: { limit?: number; offset?: number; status?: RunStatus } = {}) {
      const all = [...runs.values()].map((r) => r.summary).filter((s) => !q.status || s.status === q.status);
      all.sort((a, b) => b.startedAt - a.startedAt);
      const offset = q.offset ?? 0;
      const limit = q.limit ?? 50;
      return { items: all.slice(offset, offset + limit), total: all.length, offset, limit };
    },
    async getRunEvents(runId: string) {
      const r = runs.get(runId);
      if (!r) throw new Error(`no run ${runId}`);
      return r.events;
    },
    async deleteRun(runId: string) {
      runs.delete(runId);
    },
  } as unknown as MemoryAdapter;
}
