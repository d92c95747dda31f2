/**
 * Test rig: an AutoMaticWorker test server plus an adapter signed in to it, every request recorded. Node
 * only, for the adapter's Vitest files; never import it from app code.
 */
import type { FetchLike } from '../../src/backends/transport';
import type { TraceEvent } from '../../src/backends/trace';
import { createAmwAdapter, type AmwAdapter, type AmwAdapterOptions } from '../../src/backends/automaticworker/adapter';
import { startAmwServer, type AmwServer, type AmwServerOptions } from './server';

export interface RecordedCall {
  method: string;
  url: string;
  authorization: string | null;
  body?: string;
  status?: number;
}

export interface AmwTestRig {
  server: AmwServer;
  adapter: AmwAdapter;
  calls: RecordedCall[];
  close(): Promise<void>;
}

export async function startAmwRig(serverOpts: AmwServerOptions = {}, adapterOpts: Partial<AmwAdapterOptions> = {}): Promise<AmwTestRig> {
  const server = await startAmwServer({ port: 0, stepDelayMs: 5, delayScale: 0.01, rateLimit: false, ...serverOpts });
  const calls: RecordedCall[] = [];
  const recording: FetchLike = async (input, init) => {
    const headers = new Headers(init?.headers);
    const call: RecordedCall = { method: init?.method ?? 'GET', url: input, authorization: headers.get('authorization') };
    if (typeof init?.body === 'string') call.body = init.body;
    calls.push(call);
    const res = await fetch(input, init);
    call.status = res.status;
    return res;
  };
  const adapter = createAmwAdapter({ baseUrl: server.url, username: 'admin', password: 'admin123', pollIntervalMs: 10, maxPollIntervalMs: 50, fetch: recording, ...adapterOpts });
  return {
    server,
    adapter,
    calls,
    async close() {
      adapter.dispose?.();
      await server.state.idle();
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
