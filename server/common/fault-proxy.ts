/**
 * A fault-injecting HTTP proxy for a real engine that has no fault injection of its own (Node-RED): what a
 * gateway or a flaky network in front of it does. Requests pass through unchanged (WebSocket upgrades too)
 * unless a fault matches. Its admin endpoints are the test servers' (`POST /__admin/faults`, `/__admin/reset`),
 * so `adminClient` drives it like any of them. The proxy never speaks the engine's protocol: its own answers
 * (500, 503, 429, 401) are plain text, as a gateway's are.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxyFaults {
  /** Path regexes (path and query, e.g. `^/flows$`) answered by the proxy, the request never reaching the engine. */
  status500On?: string;
  status503On?: string;
  status429On?: string;
  /** `Retry-After` of the 429, seconds (default 1). */
  retryAfterSeconds?: number;
  /** Answered 401, as an engine whose token expired or was revoked does. */
  unauthorizedOn?: string;
  /** How many 401s before the token counts as good again (default every request): a renewed token passes. */
  unauthorizedTimes?: number;
  /** Path regex: the engine handles the request (a write lands), then the answer is cut half-way through its body. */
  cutAfterOn?: string;
  /** How many answers `cutAfterOn` cuts before it stops (default every one). */
  cutAfterTimes?: number;
  /** Only requests with this method get the path faults above (default any). */
  faultMethod?: string;
  /** Delay before every request is passed on, ms. */
  slowMs?: number;
  /** Path regex: once a matching request has been answered, open WebSocket connections are cut (a run's trace). */
  cutStreamsOn?: string;
  /** How long after that answer, ms (default 30). */
  cutStreamsAfterMs?: number;
}

export interface FaultProxy {
  url: string;
  setFaults(f: ProxyFaults): void;
  /** WebSocket connections cut so far (`cutStreamsOn`): proof a stream fault really hit. */
  streamsCut(): number;
  close(): Promise<void>;
}

export async function startFaultProxy(opts: { target: string; port?: number; host?: string }): Promise<FaultProxy> {
  const target = new URL(opts.target);
  let faults: ProxyFaults = {};
  const upgraded = new Set<Socket>();
  const sockets = new Set<Socket>();
  let streamsCut = 0;

  const matches = (pattern: string | undefined, req: IncomingMessage): boolean =>
    pattern !== undefined &&
    (!faults.faultMethod || faults.faultMethod.toUpperCase() === (req.method ?? 'GET').toUpperCase()) &&
    new RegExp(pattern).test(req.url ?? '/');

  const plain = (res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };

  async function admin(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    if (req.url === '/__admin/faults' && req.method === 'POST') {
      faults = raw ? (JSON.parse(raw) as ProxyFaults) : {};
      return plain(res, 200, JSON.stringify({ faults }), { 'content-type': 'application/json' });
    }
    if (req.url === '/__admin/reset' && req.method === 'POST') {
      faults = {};
      return plain(res, 200, '{}', { 'content-type': 'application/json' });
    }
    return plain(res, 404, 'Unknown admin endpoint');
  }

  function forward(req: IncomingMessage, res: ServerResponse): void {
    const cut = matches(faults.cutAfterOn, req) && (faults.cutAfterTimes === undefined || faults.cutAfterTimes-- > 0);
    const cutStreams = matches(faults.cutStreamsOn, req);
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (up) => {
        if (!cut) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        } else {
          const chunks: Buffer[] = [];
          up.on('data', (c: Buffer) => chunks.push(c));
          up.on('end', () => {
            const body = Buffer.concat(chunks);
            const { 'transfer-encoding': _te, ...headers } = up.headers;
            res.writeHead(up.statusCode ?? 502, { ...headers, 'content-length': body.byteLength });
            res.write(body.subarray(0, Math.max(1, Math.floor(body.byteLength / 2))));
            res.socket?.destroy();
          });
        }
        if (cutStreams)
          up.on('end', () =>
            setTimeout(() => {
              streamsCut += upgraded.size;
              upgraded.forEach((s) => s.destroy());
            }, faults.cutStreamsAfterMs ?? 30),
          );
      },
    );
    upstream.on('error', () => (res.headersSent ? res.destroy() : plain(res, 502, 'Bad Gateway')));
    req.pipe(upstream);
  }

  const server = createServer((req, res) => {
    void (async () => {
      if (req.url?.startsWith('/__admin/')) return admin(req, res);
      if (faults.slowMs) await new Promise((r) => setTimeout(r, faults.slowMs));
      if (matches(faults.status500On, req)) return plain(res, 500, 'Internal Server Error');
      if (matches(faults.status503On, req)) return plain(res, 503, 'Service Unavailable');
      if (matches(faults.status429On, req)) return plain(res, 429, 'Too Many Requests', { 'retry-after': String(faults.retryAfterSeconds ?? 1) });
      if (matches(faults.unauthorizedOn, req) && (faults.unauthorizedTimes === undefined || faults.unauthorizedTimes-- > 0)) return plain(res, 401, 'Unauthorized');
      forward(req, res);
    })().catch(() => res.destroy());
  });

  // WebSockets (Node-RED's /comms): the handshake is passed on as it came, then bytes flow both ways.
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const up = connect(Number(target.port), target.hostname, () => {
      const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i]!;
        lines.push(`${name}: ${name.toLowerCase() === 'host' ? target.host : req.rawHeaders[i + 1]!}`);
      }
      up.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) up.write(head);
      socket.pipe(up).pipe(socket);
    });
    upgraded.add(socket);
    const drop = () => {
      upgraded.delete(socket);
      socket.destroy();
      up.destroy();
    };
    socket.on('close', drop);
    up.on('close', drop);
    socket.on('error', drop);
    up.on('error', drop);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    setFaults: (f) => (faults = { ...f }),
    streamsCut: () => streamsCut,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of [...sockets, ...upgraded]) s.destroy();
        server.close(() => resolve());
      }),
  };
}
