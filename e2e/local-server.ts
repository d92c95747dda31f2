/** A tiny HTTP server on 127.0.0.1 that journeys call from flows (HTTP request steps), with CORS. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalServer {
  url: string;
  hits: string[];
  close(): Promise<void>;
}

export async function startLocalServer(): Promise<LocalServer> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', '*');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (req.url?.startsWith('/greeting')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ message: 'hello', items: [1, 2, 3] }));
    }
    if (req.url?.startsWith('/no-cors')) {
      res.removeHeader('Access-Control-Allow-Origin');
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end('no cors');
    }
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
