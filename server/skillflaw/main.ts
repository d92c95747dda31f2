/**
 * CLI: `npx tsx server/skillflaw/main.ts --port 8793 [--host 127.0.0.1] [--auto-login] [--token-ms 5]
 *       [--user name:password] [--verbose]`. Default user `skillflaw` / `skillflaw`.
 */
import { startSkillflawServer, type SkillflawServerOptions } from './server';

function parseArgs(argv: string[]): SkillflawServerOptions {
  const opts: SkillflawServerOptions = { port: 8793, host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a ?? ''} needs a value`);
      return v;
    };
    switch (a) {
      case '--port':
        opts.port = Number(next());
        break;
      case '--host':
        opts.host = next();
        break;
      case '--auto-login':
        opts.autoLogin = true;
        break;
      case '--token-ms':
        opts.tokenDelayMs = Number(next());
        break;
      case '--user': {
        const [username, password] = next().split(':');
        opts.users = [...(opts.users ?? []), { username: username!, password: password ?? '', superuser: (opts.users ?? []).length === 0 }];
        break;
      }
      case '--verbose':
        opts.verbose = true;
        break;
      default:
        throw new Error(`Unknown option ${a ?? ''}`);
    }
  }
  return opts;
}

const server = await startSkillflawServer(parseArgs(process.argv.slice(2)));
console.log(`SkillFlaw test server on ${server.url} (API ${server.apiUrl})`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
