/**
 * Test rig: a vFlow test server plus an adapter wired to it, with every request recorded. Node only, for the
 * adapter's Vitest files; never import it from app code.
 */
import type { FetchLike } from '../../src/backends/transport';
import { collectEvents, recordingFetch, type RecordedCall } from '../common/recording-fetch';
import { createVflowAdapter, type VflowAdapter, type VflowAdapterOptions } from '../../src/backends/vflow/adapter';
import { startVflowServer, type VflowServer, type VflowServerOptions } from './server';

export interface VflowTestRig {
  server: VflowServer;
  adapter: VflowAdapter;
  calls: RecordedCall[];
  close(): Promise<void>;
}

export async function startRig(serverOpts: VflowServerOptions = {}, adapterOpts: Partial<VflowAdapterOptions> = {}): Promise<VflowTestRig> {
  const server = await startVflowServer({ port: 0, stepDelayMs: 15, delayScale: 0.05, rateLimits: false, ...serverOpts });
  const calls: RecordedCall[] = [];
  const recording: FetchLike = recordingFetch(calls);
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

export { collectEvents, type RecordedCall };
