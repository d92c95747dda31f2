/**
 * Test rig: a SkillFlaw test server plus an adapter signed in to it, with every request recorded. Node only,
 * for the adapter's Vitest files.
 */
import type { FetchLike } from '../../src/backends/transport';
import { createSkillflawAdapter, type SkillflawAdapter, type SkillflawAdapterOptions } from '../../src/backends/skillflaw/adapter';
import { startSkillflawServer, type SkillflawServer, type SkillflawServerOptions } from './server';

export interface RecordedCall {
  method: string;
  url: string;
  status?: number;
}

export interface SkillflawTestRig {
  server: SkillflawServer;
  adapter: SkillflawAdapter;
  calls: RecordedCall[];
  close(): Promise<void>;
}

export async function startSkillflawRig(serverOpts: SkillflawServerOptions = {}, adapterOpts: Partial<SkillflawAdapterOptions> = {}): Promise<SkillflawTestRig> {
  const server = await startSkillflawServer({ port: 0, tokenDelayMs: 1, ...serverOpts });
  const calls: RecordedCall[] = [];
  const recording: FetchLike = async (input, init) => {
    const call: RecordedCall = { method: init?.method ?? 'GET', url: input };
    calls.push(call);
    const res = await fetch(input, init);
    call.status = res.status;
    return res;
  };
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
