/**
 * CLI: `npx tsx server/vflow/main.ts --port 8787 --host 127.0.0.1 [--token-ttl 3600] [--step-ms 100]
 *       [--delay-scale 1] [--no-rate-limit] [--empty] [--no-else] [--client-ids] [--verbose]`
 * `--empty`: no fixtures (the contract suite through FLOWBENCH_VFLOW_URL expects a backend holding only what it
 * creates); `--no-else`: the document's catalog (if_condition ... endif, no else module); `--client-ids`: keep
 * a create request's own id.
 */
import { closeOnSignal, numberFlag, parseCliArgs, stringFlag, switchFlag } from '../common/cli';
import { startVflowServer, type VflowServerOptions } from './server';

const opts = parseCliArgs<VflowServerOptions>(
  process.argv.slice(2),
  { port: 8787, host: '127.0.0.1' },
  {
    '--port': numberFlag((o, n) => (o.port = n)),
    '--host': stringFlag((o, v) => (o.host = v)),
    '--token-ttl': numberFlag((o, n) => (o.tokenExpiresIn = n)),
    '--step-ms': numberFlag((o, n) => (o.stepDelayMs = n)),
    '--delay-scale': numberFlag((o, n) => (o.delayScale = n)),
    '--no-rate-limit': switchFlag((o) => (o.rateLimits = false)),
    '--empty': switchFlag((o) => (o.fixtures = { folders: [], workflows: [] })),
    '--no-else': switchFlag((o) => (o.elseModule = false)),
    '--client-ids': switchFlag((o) => (o.clientIds = 'accept')),
    '--verbose': switchFlag((o) => (o.verbose = true)),
  },
  'vflow test server',
);
const server = await startVflowServer(opts);
process.stdout.write(`vFlow test server listening on ${server.apiUrl}\n`);
closeOnSignal(server);
