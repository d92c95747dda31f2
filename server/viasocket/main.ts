/** CLI: `npx tsx server/viasocket/main.ts --port 8794 --run-port 8795 [--token T] [--delay-scale 1]` */
import { closeOnSignal, numberFlag, parseCliArgs, stringFlag } from '../common/cli';
import { startViasocketServer, type ViasocketServerOptions } from './server';

const opts = parseCliArgs<ViasocketServerOptions>(
  process.argv.slice(2),
  { port: 8794, runPort: 8795, delayScale: 1 },
  {
    '--port': numberFlag((o, n) => (o.port = n)),
    '--run-port': numberFlag((o, n) => (o.runPort = n)),
    '--token': stringFlag((o, v) => (o.token = v)),
    '--delay-scale': numberFlag((o, n) => (o.delayScale = n)),
  },
  'viaSocket test server',
);
const server = await startViasocketServer(opts);
console.log(`viaSocket test server: management ${server.url}, run ${server.runUrl}, proxy_auth_token ${server.token}`);
closeOnSignal(server);
