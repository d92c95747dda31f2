/**
 * The comms channel against a websocket server speaking Node-RED's framing: auth frame, batched arrays,
 * malformed frames, a server that goes away and comes back on the same port.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRequire } from 'node:module';
import type { Server as WsServer, WebSocket } from 'ws';
import { CommsChannel, type CommsMessage, type CommsState } from './comms';
import { wsFactory } from './test-rig';

type Server = WsServer;
// ws 7 (Node-RED's) at runtime, @types/ws 8 at compile time: take the constructor both agree on.
const ServerCtor = (createRequire(import.meta.url)('ws') as { Server: new (opts: { host: string; port: number }, cb: () => void) => Server }).Server;
const servers: Server[] = [];
const channels: CommsChannel[] = [];

function serve(port = 0, onMessage?: (ws: WebSocket, data: string) => void): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server: Server = new ServerCtor({ host: '127.0.0.1', port }, () => resolve({ server, port: (server.address() as AddressInfo).port }));
    server.on('connection', (ws: WebSocket) => ws.on('message', (d: unknown) => onMessage?.(ws, String(d))));
    servers.push(server);
  });
}
const closeServer = (s: Server) =>
  new Promise<void>((r) => {
    for (const c of s.clients) c.terminate();
    s.close(() => r());
  });

afterEach(async () => {
  for (const c of channels.splice(0)) c.dispose();
  await Promise.all(servers.splice(0).map(closeServer));
});

describe('CommsChannel', () => {
  it('sends the token first, subscribes after "auth ok", and hands out every message of a batched frame', async () => {
    const received: string[] = [];
    const { port } = await serve(0, (ws, data) => {
      received.push(data);
      const msg = JSON.parse(data) as { auth?: string };
      if (msg.auth === 'tok') {
        ws.send(JSON.stringify({ auth: 'ok' }));
        ws.send('not json at all');
        ws.send(JSON.stringify({ unexpected: true }));
        ws.send(JSON.stringify([{ topic: 'debug', data: { msg: 'a' } }, { topic: 'status/n1', data: { text: 'b' } }]));
      }
    });
    const channel = new CommsChannel({ url: `ws://127.0.0.1:${port}/comms`, token: async () => 'tok', createSocket: wsFactory, topics: ['debug'] });
    channels.push(channel);
    const got: CommsMessage[] = [];
    channel.listen((m) => got.push(m));
    await channel.ready();
    await vi.waitFor(() => expect(got).toHaveLength(2));
    expect(got.map((m) => m.topic)).toEqual(['debug', 'status/n1']);
    await vi.waitFor(() => expect(received.map((r) => JSON.parse(r))).toEqual([{ auth: 'tok' }, { subscribe: 'debug' }]));
  });

  it('reports a refused token once retried, and does not loop', async () => {
    const { port } = await serve(0, (ws) => ws.send(JSON.stringify({ auth: 'fail' })));
    const dropped = vi.fn();
    const channel = new CommsChannel({ url: `ws://127.0.0.1:${port}/comms`, token: async () => 'stale', onAuthFailed: dropped, createSocket: wsFactory });
    channels.push(channel);
    await expect(channel.ready()).rejects.toThrow(/refused the token/);
    expect(dropped).toHaveBeenCalledTimes(1);
    expect(channel.state.state).toBe('auth-failed');
  });

  it('reconnects with backoff when the server goes away, and keeps its listeners', async () => {
    const first = await serve(0);
    const channel = new CommsChannel({ url: `ws://127.0.0.1:${first.port}/comms`, token: async () => null, createSocket: wsFactory, backoff: { initialMs: 50, maxMs: 200 } });
    channels.push(channel);
    const states: CommsState['state'][] = [];
    channel.onState((s) => states.push(s.state));
    const got: CommsMessage[] = [];
    channel.listen((m) => got.push(m));
    await channel.ready();
    await closeServer(first.server);
    servers.splice(servers.indexOf(first.server), 1);
    await vi.waitFor(() => expect(states).toContain('closed'));
    const again = await serve(first.port);
    again.server.on('connection', (ws: WebSocket) => ws.send(JSON.stringify([{ topic: 'debug', data: { msg: 'back' } }])));
    await vi.waitFor(() => expect(got.map((m) => (m.data as { msg: string }).msg)).toEqual(['back']), { timeout: 5000 });
    expect(states.at(-1)).toBe('open');
  });
});
