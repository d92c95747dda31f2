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

/** inject → function (2 outputs: port 0 if payload <= 2, port 1 doubling otherwise) → debug, and a thrower. */
export function traceFlows(tab = 'tab-trace'): NodeObject[] {
  return [
    { id: tab, type: 'tab', label: 'Trace me', disabled: false, info: '' },
    { id: 'inj1', type: 'inject', z: tab, name: 'go', props: [{ p: 'payload' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', payload: '3', payloadType: 'num', x: 100, y: 100, wires: [['fn1']] },
    { id: 'fn1', type: 'function', z: tab, name: 'route', func: 'node.status({text: "got " + msg.payload});\nif (msg.payload > 2) return [null, {payload: msg.payload * 2}];\nreturn [msg, null];', outputs: 2, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], x: 300, y: 100, wires: [['dbg1'], ['fn2']] },
    { id: 'fn2', type: 'function', z: tab, name: 'boom', func: 'throw new Error("boom " + msg.payload);', outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], x: 500, y: 140, wires: [['dbg1']] },
    { id: 'dbg1', type: 'debug', z: tab, name: 'out', active: true, tosidebar: true, console: false, tostatus: false, complete: 'payload', targetType: 'msg', statusVal: '', statusType: 'auto', x: 700, y: 100, wires: [] },
    { id: 'inj2', type: 'inject', z: tab, name: 'small', props: [{ p: 'payload' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', payload: '1', payloadType: 'num', x: 100, y: 200, wires: [['fn1']] },
  ] as NodeObject[];
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
