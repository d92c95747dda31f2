/**
 * CLI: `npx tsx server/dify/main.ts --port 8790 --host 127.0.0.1 [--ping-ms 10000] [--step-ms 120]
 *       [--chunk-ms 60] [--verbose]`. Prints the API base URL and every app's API key.
 */
import { closeOnSignal, numberFlag, parseCliArgs, stringFlag, switchFlag } from '../common/cli';
import { startDifyServer, type DifyServerOptions } from './server';

const opts = parseCliArgs<DifyServerOptions>(
  process.argv.slice(2),
  { port: 8790, host: '127.0.0.1' },
  {
    '--port': numberFlag((o, n) => (o.port = n)),
    '--host': stringFlag((o, v) => (o.host = v)),
    '--ping-ms': numberFlag((o, n) => (o.pingMs = n)),
    '--step-ms': numberFlag((o, n) => (o.stepMs = n)),
    '--chunk-ms': numberFlag((o, n) => (o.chunkMs = n)),
    '--verbose': switchFlag((o) => (o.verbose = true)),
  },
  'dify test server',
);
const server = await startDifyServer(opts);
process.stdout.write(`Dify test server: API base URL ${server.apiUrl}\n`);
for (const app of server.apps) process.stdout.write(`  ${app.slug.padEnd(12)} ${app.key}  ${app.name}\n`);
closeOnSignal(server);
