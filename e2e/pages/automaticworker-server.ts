/**
 * The AutoMaticWorker test server for journeys: started by the spec itself (port 0, 127.0.0.1), with its
 * admin endpoints and a direct look at what it stores.
 */
import { startAmwServer, type AmwServer } from '../../server/automaticworker/server';
import type { Delivery, Execution } from '../../server/automaticworker/store';

export const AMW_USER = { username: 'admin', password: 'admin123' };

export class AmwServerHandle {
  private server: AmwServer | null = null;

  async start(): Promise<string> {
    this.server = await startAmwServer({ port: 0, host: '127.0.0.1', stepDelayMs: 150 });
    return this.server.url;
  }

  get url(): string {
    if (!this.server) throw new Error('AutoMaticWorker test server not started');
    return this.server.url;
  }

  async reset(): Promise<void> {
    await fetch(`${this.url}/__admin/reset`, { method: 'POST' });
  }

  /** A flow as the server stores it. */
  stored(id: number): Record<string, unknown> | undefined {
    return this.server?.state.flows().get(id);
  }

  /** The ids of the flows the server stores. */
  flowIds(): number[] {
    return [...(this.server?.state.flows().keys() ?? [])];
  }

  /** Webhook calls the server made (or tried to), with the signed body. */
  deliveries(): Delivery[] {
    return this.server?.state.deliveries() ?? [];
  }

  /** A flow's executions as the server recorded them, oldest first. */
  executions(flowId: number): Execution[] {
    return [...(this.server?.state.executionsOf(flowId) ?? [])].reverse();
  }

  async expireTokens(): Promise<void> {
    await fetch(`${this.url}/__admin/expire-tokens`, { method: 'POST' });
  }

  async stop(): Promise<void> {
    await this.server?.close();
    this.server = null;
  }
}
