/**
 * The child process that runs one Node-RED: embedded in a plain node:http server (Node-RED's documented
 * embedding API) so it can listen on port 0, which `node-red`'s own CLI turns into 1880. Prints one line
 * `FLOWBENCH_NODERED_READY {"port":N}` on stdout once the flows have started; stops cleanly on SIGTERM.
 *
 *   node --import tsx server/nodered/engine-process.ts <settings.js>
 */
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface RedRuntime {
  init(server: http.Server, settings: Record<string, unknown>): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  httpAdmin: http.RequestListener;
  httpNode: http.RequestListener;
}
type ExpressApp = http.RequestListener & { use(path: string, handler: http.RequestListener): void };

const settingsFile = process.argv[2];
if (!settingsFile) {
  process.stderr.write('usage: engine-process.ts <settings.js>\n');
  process.exit(2);
}
const settings = require(settingsFile) as Record<string, unknown> & { uiPort: number; uiHost: string; httpAdminRoot: string; httpNodeRoot: string };
const express = require('express') as () => ExpressApp;
const RED = require('node-red') as RedRuntime;

const app = express();
const server = http.createServer(app);
RED.init(server, settings);
app.use(settings.httpAdminRoot, RED.httpAdmin);
app.use(settings.httpNodeRoot, RED.httpNode);

server.listen(settings.uiPort, settings.uiHost, () => {
  RED.start().then(
    () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : settings.uiPort;
      process.stdout.write(`FLOWBENCH_NODERED_READY ${JSON.stringify({ port })}\n`);
    },
    (err: unknown) => {
      process.stderr.write(`Node-RED did not start: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
});
server.on('error', (err) => {
  process.stderr.write(`Node-RED server error: ${err.message}\n`);
  process.exit(1);
});

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  const exit = () => process.exit(0);
  // A stuck node must not keep the test run waiting.
  setTimeout(exit, 3000).unref();
  RED.stop().finally(() => {
    server.closeAllConnections();
    server.close(exit);
  });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
