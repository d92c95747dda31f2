/**
 * CLI: `npx tsx server/skillflaw/main.ts --port 8793 [--host 127.0.0.1] [--auto-login] [--token-ms 5]
 *       [--user name:password] [--verbose]`. Default user `skillflaw` / `skillflaw`.
 */
import { closeOnSignal, numberFlag, parseCliArgs, stringFlag, switchFlag } from '../common/cli';
import { startSkillflawServer, type SkillflawServerOptions } from './server';

const opts = parseCliArgs<SkillflawServerOptions>(
  process.argv.slice(2),
  { port: 8793, host: '127.0.0.1' },
  {
    '--port': numberFlag((o, n) => (o.port = n)),
    '--host': stringFlag((o, v) => (o.host = v)),
    '--auto-login': switchFlag((o) => (o.autoLogin = true)),
    '--token-ms': numberFlag((o, n) => (o.tokenDelayMs = n)),
    // Repeatable; the first user named is the superuser.
    '--user': stringFlag((o, v) => {
      const [username, password] = v.split(':');
      o.users = [...(o.users ?? []), { username: username!, password: password ?? '', superuser: (o.users ?? []).length === 0 }];
    }),
    '--verbose': switchFlag((o) => (o.verbose = true)),
  },
  'SkillFlaw test server',
);
const server = await startSkillflawServer(opts);
console.log(`SkillFlaw test server on ${server.url} (API ${server.apiUrl})`);
closeOnSignal(server);
