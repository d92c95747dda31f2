/**
 * Test rig: a Dify test server plus an adapter wired to it (every app's key), with every request recorded.
 * Node only, for Vitest files; never import it from app code.
 */
import type { FetchLike } from '../../src/backends/transport';
import type { TraceEvent } from '../../src/backends/trace';
import { createDifyAdapter, type DifyAdapter, type DifyAdapterOptions } from '../../src/backends/dify/adapter';
import { startDifyServer, type DifyServer, type DifyServerOptions } from './server';

export interface RecordedCall {
  method: string;
  url: string;
  authorization: string | null;
  status?: number;
}

export interface DifyTestRig {
  server: DifyServer;
  adapter: DifyAdapter;
  calls: RecordedCall[];
  close(): Promise<void>;
}

export async function startDifyRig(serverOpts: DifyServerOptions = {}, adapterOpts: Partial<DifyAdapterOptions> = {}): Promise<DifyTestRig> {
  const server = await startDifyServer({ port: 0, stepMs: 10, chunkMs: 5, pingMs: 1000, ...serverOpts });
  const calls: RecordedCall[] = [];
  const recording: FetchLike = async (input, init) => {
    const headers = new Headers(init?.headers);
    const call: RecordedCall = { method: init?.method ?? 'GET', url: input, authorization: headers.get('authorization') };
    calls.push(call);
    const res = await fetch(input, init);
    call.status = res.status;
    return res;
  };
  const adapter = createDifyAdapter({
    baseUrl: server.apiUrl,
    apps: server.apps.map((a) => ({ apiKey: a.key })),
    user: 'vitest',
    fetch: recording,
    recoverPollMs: 30,
    recoverMaxWaitMs: 10_000,
    ...adapterOpts,
  });
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
