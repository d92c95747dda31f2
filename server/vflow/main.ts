/**
 * CLI: `npx tsx server/vflow/main.ts --port 8787 --host 127.0.0.1 [--token-ttl 3600] [--step-ms 100]
 *       [--delay-scale 1] [--no-rate-limit] [--empty] [--no-else] [--client-ids] [--verbose]`
 * `--empty`: no fixtures (the contract suite through FLOWBENCH_VFLOW_URL expects a backend holding only what it
 * creates); `--no-else`: the document's catalog (if_condition ... endif, no else module); `--client-ids`: keep
 * a create request's own id.
 */
import { startVflowServer, type VflowServerOptions } from './server';

function parseArgs(argv: string[]): VflowServerOptions {
  const opts: VflowServerOptions = { port: 8787, host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a ?? ''} needs a value`);
      return v;
    };
    const num = (): number => {
      const n = Number(next());
      if (!Number.isFinite(n)) throw new Error(`${a ?? ''} needs a number`);
      return n;
    };
    switch (a) {
      case '--port':
        opts.port = num();
        break;
      case '--host':
        opts.host = next();
        break;
      case '--token-ttl':
        opts.tokenExpiresIn = num();
        break;
      case '--step-ms':
        opts.stepDelayMs = num();
        break;
      case '--delay-scale':
        opts.delayScale = num();
        break;
      case '--no-rate-limit':
        opts.rateLimits = false;
        break;
      case '--empty':
        opts.fixtures = { folders: [], workflows: [] };
        break;
      case '--no-else':
        opts.elseModule = false;
        break;
      case '--client-ids':
        opts.clientIds = 'accept';
        break;
      case '--verbose':
        opts.verbose = true;
        break;
      case '--help':
        process.stdout.write('vflow test server: --port N --host H --token-ttl S --step-ms MS --delay-scale X --no-rate-limit --empty --no-else --client-ids --verbose\n');
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown argument: ${a ?? ''}`);
    }
  }
  return opts;
}

const server = await startVflowServer(parseArgs(process.argv.slice(2)));
process.stdout.write(`vFlow test server listening on ${server.apiUrl}\n`);
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
