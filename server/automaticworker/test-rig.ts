/**
 * Test rig: an AutoMaticWorker test server plus an adapter signed in to it, every request recorded. Node
 * only, for the adapter's Vitest files; never import it from app code.
 */
import type { FetchLike } from '../../src/backends/transport';
import { collectEvents, recordingFetch, type RecordedCall } from '../common/recording-fetch';
import { createAmwAdapter, type AmwAdapter, type AmwAdapterOptions } from '../../src/backends/automaticworker/adapter';
import { startAmwServer, type AmwServer, type AmwServerOptions } from './server';

export interface AmwTestRig {
  server: AmwServer;
  adapter: AmwAdapter;
  calls: RecordedCall[];
  close(): Promise<void>;
}

export async function startAmwRig(serverOpts: AmwServerOptions = {}, adapterOpts: Partial<AmwAdapterOptions> = {}): Promise<AmwTestRig> {
  const server = await startAmwServer({ port: 0, stepDelayMs: 5, delayScale: 0.01, rateLimit: false, ...serverOpts });
  const calls: RecordedCall[] = [];
  const recording: FetchLike = recordingFetch(calls);
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

export { collectEvents, type RecordedCall };
