/**
 * Test rig: a SkillFlaw test server plus an adapter signed in to it, with every request recorded. Node only,
 * for the adapter's Vitest files.
 */
import type { FetchLike } from '../../src/backends/transport';
import { collectEvents, recordingFetch, type RecordedCall } from '../common/recording-fetch';
import { createSkillflawAdapter, type SkillflawAdapter, type SkillflawAdapterOptions } from '../../src/backends/skillflaw/adapter';
import { startSkillflawServer, type SkillflawServer, type SkillflawServerOptions } from './server';

export interface SkillflawTestRig {
  server: SkillflawServer;
  adapter: SkillflawAdapter;
  calls: RecordedCall[];
  close(): Promise<void>;
}

export async function startSkillflawRig(serverOpts: SkillflawServerOptions = {}, adapterOpts: Partial<SkillflawAdapterOptions> = {}): Promise<SkillflawTestRig> {
  const server = await startSkillflawServer({ port: 0, tokenDelayMs: 1, ...serverOpts });
  const calls: RecordedCall[] = [];
  const recording: FetchLike = recordingFetch(calls);
  const adapter = createSkillflawAdapter({
    baseUrl: server.url,
    auth: { mode: 'password', username: 'skillflaw', password: 'skillflaw' },
    pollIntervalMs: 20,
    fetch: recording,
    ...adapterOpts,
  });
  return {
    server,
    adapter,
    calls,
    async close() {
      adapter.dispose();
      await server.close();
    },
  };
}

export { collectEvents, type RecordedCall };
