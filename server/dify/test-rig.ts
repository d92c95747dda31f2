/**
 * Test rig: a Dify test server plus an adapter wired to it (every app's key), with every request recorded.
 * Node only, for Vitest files; never import it from app code.
 */
import type { FetchLike } from '../../src/backends/transport';
import { collectEvents, recordingFetch, type RecordedCall } from '../common/recording-fetch';
import { createDifyAdapter, type DifyAdapter, type DifyAdapterOptions } from '../../src/backends/dify/adapter';
import { startDifyServer, type DifyServer, type DifyServerOptions } from './server';

export interface DifyTestRig {
  server: DifyServer;
  adapter: DifyAdapter;
  calls: RecordedCall[];
  close(): Promise<void>;
}

export async function startDifyRig(serverOpts: DifyServerOptions = {}, adapterOpts: Partial<DifyAdapterOptions> = {}): Promise<DifyTestRig> {
  const server = await startDifyServer({ port: 0, stepMs: 10, chunkMs: 5, pingMs: 1000, ...serverOpts });
  const calls: RecordedCall[] = [];
  const recording: FetchLike = recordingFetch(calls);
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

export { collectEvents, type RecordedCall };
