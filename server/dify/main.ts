/**
 * CLI: `npx tsx server/dify/main.ts --port 8790 --host 127.0.0.1 [--ping-ms 10000] [--step-ms 120]
 *       [--chunk-ms 60] [--verbose]`. Prints the API base URL and every app's API key.
 */
import { startDifyServer, type DifyServerOptions } from './server';

function parseArgs(argv: string[]): DifyServerOptions {
  const opts: DifyServerOptions = { port: 8790, host: '127.0.0.1' };
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
      case '--ping-ms':
        opts.pingMs = num();
        break;
      case '--step-ms':
        opts.stepMs = num();
        break;
      case '--chunk-ms':
        opts.chunkMs = num();
        break;
      case '--verbose':
        opts.verbose = true;
        break;
      case '--help':
        process.stdout.write('dify test server: --port N --host H --ping-ms MS --step-ms MS --chunk-ms MS --verbose\n');
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown argument: ${a ?? ''}`);
    }
  }
  return opts;
}

const server = await startDifyServer(parseArgs(process.argv.slice(2)));
process.stdout.write(`Dify test server: API base URL ${server.apiUrl}\n`);
for (const app of server.apps) process.stdout.write(`  ${app.slug.padEnd(12)} ${app.key}  ${app.name}\n`);
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
