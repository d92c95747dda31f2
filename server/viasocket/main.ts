/** CLI: `npx tsx server/viasocket/main.ts --port 8794 --run-port 8795 [--token T] [--delay-scale 1]` */
import { startViasocketServer } from './server';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const server = await startViasocketServer({
  port: Number(arg('--port') ?? 8794),
  runPort: Number(arg('--run-port') ?? 8795),
  token: arg('--token'),
  delayScale: Number(arg('--delay-scale') ?? 1),
});
console.log(`viaSocket test server: management ${server.url}, run ${server.runUrl}, proxy_auth_token ${server.token}`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
