/**
 * CLI: `npx tsx server/automaticworker/main.ts --port 8795 --host 127.0.0.1 [--token-ttl 3600] [--step-ms 150]
 *       [--no-rate-limit] [--verbose]`. Sign in as admin / admin123.
 */
import { startAmwServer, type AmwServerOptions } from './server';

function parseArgs(argv: string[]): AmwServerOptions {
  const opts: AmwServerOptions = { port: 8795, host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isFinite(n)) throw new Error(`${a ?? ''} needs a number`);
      return n;
    };
    if (a === '--port') opts.port = num();
    else if (a === '--host') opts.host = argv[++i] ?? '127.0.0.1';
    else if (a === '--token-ttl') opts.tokenExpiresIn = num();
    else if (a === '--step-ms') opts.stepDelayMs = num();
    else if (a === '--no-rate-limit') opts.rateLimit = false;
    else if (a === '--verbose') opts.verbose = true;
    else throw new Error(`unknown argument ${a ?? ''}`);
  }
  return opts;
}

const server = await startAmwServer(parseArgs(process.argv.slice(2)));
process.stdout.write(`AutoMaticWorker test server on ${server.url} (admin / admin123)\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
