/**
 * Test rig: a viaSocket test server plus an adapter wired to it, every request recorded. Node only, for the
 * adapter's Vitest files; never import it from app code.
 */
import type { FetchLike } from '../../src/backends/transport';
import { recordingFetch } from '../common/recording-fetch';
import { createViasocketAdapter, type ViasocketAdapter, type ViasocketAdapterOptions } from '../../src/backends/viasocket/adapter';
import { startViasocketServer, type ViasocketServer, type ViasocketServerOptions } from './server';

export interface RecordedCall {
  method: string;
  url: string;
  /** The JSON body decoded (viaSocket's requests are all JSON). */
  body: unknown;
  status?: number;
}

export interface ViasocketTestRig {
  server: ViasocketServer;
  adapter: ViasocketAdapter;
  calls: RecordedCall[];
  close(): Promise<void>;
}

export async function startViasocketRig(serverOpts: ViasocketServerOptions = {}, adapterOpts: Partial<ViasocketAdapterOptions> = {}): Promise<ViasocketTestRig> {
  const server = await startViasocketServer({ delayScale: 0.001, stepTimeoutMs: 1000, ...serverOpts });
  const calls: RecordedCall[] = [];
  const recording: FetchLike = recordingFetch(calls, (input, init): RecordedCall => ({
    method: init?.method ?? 'GET',
    url: input,
    body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
  }));
  const adapter = createViasocketAdapter({ baseUrl: server.url, runUrl: server.runUrl, token: server.token, fetch: recording, ...adapterOpts });
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
