import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import WebSocket from 'ws';
import { adminClient } from './admin-client';
import { startFaultProxy, type FaultProxy } from './fault-proxy';

/** An engine stand-in: counts the writes it carried out, echoes over a WebSocket. */
let writes = 0;
let engine: Server;
let proxy: FaultProxy;
beforeAll(async () => {
  engine = createServer((req, res) => {
    if (req.method === 'POST') writes++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, writes, padding: 'x'.repeat(200) }));
  });
  // ws 7 (Node-RED's) at runtime, @types/ws 8 at compile time: take the constructor both agree on.
  type Wss = { on(e: 'connection', cb: (ws: WebSocket) => void): void };
  const ServerCtor = (createRequire(import.meta.url)('ws') as { Server: new (opts: { server: Server }) => Wss }).Server;
  new ServerCtor({ server: engine }).on('connection', (ws) => ws.on('message', (m: Buffer) => ws.send(`echo ${m.toString()}`)));
  await new Promise<void>((r) => engine.listen(0, '127.0.0.1', r));
  proxy = await startFaultProxy({ target: `http://127.0.0.1:${(engine.address() as AddressInfo).port}` });
});
afterAll(async () => {
  await proxy.close();
  await new Promise<void>((r) => engine.close(() => r()));
});

describe('fault proxy', () => {
  it('passes requests through, answers its own faults before the engine acts, and cuts answers after it did', async () => {
    const admin = adminClient(proxy.url);
    const before = writes;
    expect((await (await fetch(`${proxy.url}/flows`, { method: 'POST' })).json()) as object).toMatchObject({ ok: true });
    expect(writes).toBe(before + 1);

    await admin.setFaults({ status500On: '^/flows$', faultMethod: 'POST' });
    const refused = await fetch(`${proxy.url}/flows`, { method: 'POST' });
    expect([refused.status, await refused.text()]).toEqual([500, 'Internal Server Error']);
    expect(writes).toBe(before + 1);
    expect((await fetch(`${proxy.url}/flows`)).status).toBe(200);

    await admin.setFaults({ cutAfterOn: '^/flows$', cutAfterTimes: 1 });
    await expect(fetch(`${proxy.url}/flows`, { method: 'POST' }).then((r) => r.text())).rejects.toThrow();
    expect(writes).toBe(before + 2);
    expect((await fetch(`${proxy.url}/flows`, { method: 'POST' })).status).toBe(200);

    await admin.setFaults({ status429On: '^/flows', retryAfterSeconds: 3, unauthorizedOn: '^/other', unauthorizedTimes: 1 });
    const limited = await fetch(`${proxy.url}/flows`);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '3']);
    expect((await fetch(`${proxy.url}/other`)).status).toBe(401);
    expect((await fetch(`${proxy.url}/other`)).status).toBe(200);
    await admin.clearFaults();
  });

  it('passes WebSockets through and cuts them after a matching request', async () => {
    const admin = adminClient(proxy.url);
    const ws = new WebSocket(`${proxy.url.replace('http', 'ws')}/comms`);
    await new Promise((r) => ws.once('open', r));
    const echoed = new Promise<string>((r) => ws.once('message', (m: Buffer) => r(m.toString())));
    ws.send('hi');
    expect(await echoed).toBe('echo hi');
    const cut = proxy.streamsCut();
    await admin.setFaults({ cutStreamsOn: '^/inject/', cutStreamsAfterMs: 1 });
    const closed = new Promise((r) => ws.once('close', r));
    await fetch(`${proxy.url}/inject/abc`, { method: 'POST' });
    await closed;
    expect(proxy.streamsCut()).toBe(cut + 1);
    await admin.clearFaults();
  });
});
