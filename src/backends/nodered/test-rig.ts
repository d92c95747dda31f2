/**
 * Test helpers: a real Node-RED per test file, and adapters wired to it with `ws` as the WebSocket.
 * Test-only (imports the engine launcher and `ws`); never imported by app code.
 */
import WebSocket from 'ws';
import { startNodeRed, type NodeRedEngine, type NodeRedEngineOptions } from '../../../server/nodered/engine';
import { createNodeRedAdapter, type NodeRedAdapter, type NodeRedAdapterOptions } from './adapter';
import type { SecretStore } from '../descriptor';
import type { WebSocketLike } from './comms';
import type { NodeObject } from './schemas';
export { traceFlows } from './fixtures/trace-flows';

export const wsFactory = (url: string): WebSocketLike => new WebSocket(url) as unknown as WebSocketLike;

export function engine(opts: NodeRedEngineOptions = {}): Promise<NodeRedEngine> {
  return startNodeRed({ startTimeoutMs: 60_000, ...opts });
}

export function adapterFor(url: string, opts: Partial<NodeRedAdapterOptions> = {}): NodeRedAdapter {
  return createNodeRedAdapter({ baseUrl: url, createSocket: wsFactory, quietMs: 600, ...opts });
}

export async function rawFlows(url: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${url}/flows`, { headers: { 'Node-RED-API-Version': 'v2', ...headers } });
  if (!res.ok) throw new Error(`GET /flows: ${res.status}`);
  return res.text();
}

/** Deploy as Node-RED's own editor would (full deploy, no rev check): the "someone else" in tests. */
export async function deployDirect(url: string, flows: NodeObject[], headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${url}/flows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'Node-RED-API-Version': 'v2', 'Node-RED-Deployment-Type': 'full', ...headers },
    body: JSON.stringify({ flows }),
  });
  if (!res.ok) throw new Error(`POST /flows: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { rev: string }).rev;
}

export async function collect<T>(events: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const e of events) out.push(e);
  return out;
}

/** A connection's sessionStorage stand-in. */
export function secrets(): SecretStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, get: (k) => map.get(k) ?? null, set: (k, v) => void map.set(k, v), delete: (k) => void map.delete(k) };
}
