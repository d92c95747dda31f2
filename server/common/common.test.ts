import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from './admin-client';
import { CliError, numberFlag, parseCliArgs, stringFlag, switchFlag } from './cli';
import { collectEvents, recordingFetch, type RecordedCall } from './recording-fetch';

interface Opts {
  port: number;
  host?: string;
  verbose?: boolean;
}
const flags = {
  '--port': numberFlag<Opts>((o, n) => (o.port = n)),
  '--host': stringFlag<Opts>((o, v) => (o.host = v)),
  '--verbose': switchFlag<Opts>((o) => (o.verbose = true)),
};

describe('parseCliArgs', () => {
  it('applies flags over the defaults without changing them', () => {
    const defaults = { port: 1 };
    expect(parseCliArgs(['--port', '8787', '--host', '127.0.0.1', '--verbose'], defaults, flags)).toEqual({ port: 8787, host: '127.0.0.1', verbose: true });
    expect(defaults).toEqual({ port: 1 });
  });
  it('names what is wrong', () => {
    expect(() => parseCliArgs(['--port'], { port: 1 }, flags)).toThrow(new CliError('--port needs a value'));
    expect(() => parseCliArgs(['--port', 'x'], { port: 1 }, flags)).toThrow('--port needs a number');
    expect(() => parseCliArgs(['--port', ''], { port: 1 }, flags)).toThrow('--port needs a number');
    expect(() => parseCliArgs(['--nope'], { port: 1 }, flags)).toThrow('Unknown argument: --nope');
  });
});

describe('adminClient and recordingFetch', () => {
  const seen: Array<{ method: string; url: string; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      if (req.url === '/__admin/missing') return res.writeHead(404).end('no such admin endpoint');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts faults, reset and token expiry at the origin, whatever the API prefix', async () => {
    const admin = adminClient(`${url}/api/v1`);
    await admin.setFaults({ status500On: '/workflows' });
    await admin.clearFaults();
    await admin.reset();
    await admin.expireTokens();
    expect(seen.splice(0)).toEqual([
      { method: 'POST', url: '/__admin/faults', body: '{"status500On":"/workflows"}' },
      { method: 'POST', url: '/__admin/faults', body: '{}' },
      { method: 'POST', url: '/__admin/reset', body: '' },
      { method: 'POST', url: '/__admin/expire-tokens', body: '' },
    ]);
    await expect(admin.post('/__admin/missing')).rejects.toThrow('answered 404: no such admin endpoint');
  });

  it('records each request with its status', async () => {
    const calls: RecordedCall[] = [];
    const f = recordingFetch(calls);
    await f(`${url}/x`, { method: 'PUT', headers: { authorization: 'Bearer t' }, body: '{"a":1}' });
    expect(calls).toEqual([{ method: 'PUT', url: `${url}/x`, authorization: 'Bearer t', body: '{"a":1}', status: 200 }]);
  });

  it('collects a stream', async () => {
    async function* three() {
      yield* [1, 2, 3];
    }
    expect(await collectEvents(three())).toEqual([1, 2, 3]);
  });
});
