/**
 * CLI: `npx tsx server/automaticworker/main.ts --port 8795 --host 127.0.0.1 [--token-ttl 3600] [--step-ms 150]
 *       [--no-rate-limit] [--verbose]`. Sign in as admin / admin123.
 */
import { closeOnSignal, numberFlag, parseCliArgs, stringFlag, switchFlag } from '../common/cli';
import { startAmwServer, type AmwServerOptions } from './server';

const opts = parseCliArgs<AmwServerOptions>(
  process.argv.slice(2),
  { port: 8795, host: '127.0.0.1' },
  {
    '--port': numberFlag((o, n) => (o.port = n)),
    '--host': stringFlag((o, v) => (o.host = v)),
    '--token-ttl': numberFlag((o, n) => (o.tokenExpiresIn = n)),
    '--step-ms': numberFlag((o, n) => (o.stepDelayMs = n)),
    '--no-rate-limit': switchFlag((o) => (o.rateLimit = false)),
    '--verbose': switchFlag((o) => (o.verbose = true)),
  },
  'AutoMaticWorker test server',
);
const server = await startAmwServer(opts);
process.stdout.write(`AutoMaticWorker test server on ${server.url} (admin / admin123)\n`);
closeOnSignal(server);
