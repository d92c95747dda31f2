/**
 * Test rig: a vFlow test server plus an adapter wired to it, with every request recorded. Node only, for the
 * adapter's Vitest files; never import it from app code.
 */
import type { FetchLike } from '../../src/backends/transport';
import type { TraceEvent } from '../../src/backends/trace';
import { createVflowAdapter, type VflowAdapter, type VflowAdapterOptions } from '../../src/backends/vflow/adapter';
import { startVflowServer, type VflowServer, type VflowServerOptions } from './server';

export interface RecordedCall {
  method: string;
  url: string;
  authorization: string | null;
  status?: number;
}

export interface VflowTestRig {
  server: VflowServer;
  adapter: VflowAdapter;
  calls: RecordedCall[];
  close(): Promise<void>;
}

export async function startRig(serverOpts: VflowServerOptions = {}, adapterOpts: Partial<VflowAdapterOptions> = {}): Promise<VflowTestRig> {
  const server = await startVflowServer({ port: 0, stepDelayMs: 15, delayScale: 0.05, rateLimits: false, ...serverOpts });
  const calls: RecordedCall[] = [];
  const recording: FetchLike = async (input, init) => {
    const headers = new Headers(init?.headers);
    const call: RecordedCall = { method: init?.method ?? 'GET', url: input, authorization: headers.get('authorization') };
    calls.push(call);
    const res = await fetch(input, init);
    call.status = res.status;
    return res;
  };
  const adapter = createVflowAdapter({ baseUrl: server.url, deviceId: 'vitest-device', deviceName: 'Vitest', pollIntervalMs: 20, maxPollIntervalMs: 160, fetch: recording, ...adapterOpts });
  return {
    server,
    adapter,
    calls,
    async close() {
      adapter.dispose?.();
      await server.close();
    },
  };
}

export async function collectEvents(events: AsyncIterable<TraceEvent>, limitMs = 15_000): Promise<TraceEvent[]> {
  const out: TraceEvent[] = [];
  const deadline = Date.now() + limitMs;
  for await (const e of events) {
    out.push(e);
    if (Date.now() > deadline) throw new Error(`run did not finish within ${limitMs} ms`);
  }
  return out;
}
