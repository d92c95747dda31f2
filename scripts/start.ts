/**
 * `npm start`: the app (Vite dev server on http://127.0.0.1:5173) and, beside it, the vFlow test server on
 * http://127.0.0.1:8787 so the vFlow backend can be tried without a phone (Connections… → Add connection →
 * address http://127.0.0.1:8787). `npm run dev` starts the app alone.
 *
 * The other backends' protocol-faithful test servers start too, each as its own process, so every backend
 * can be tried from the connections dialog: Dify on :8790, SkillFlaw on :8793, viaSocket on :8794 (run host
 * :8796), AutoMaticWorker on :8797. Each prints its address and credentials. Node-RED is a real engine:
 * `npm run start:node-red`.
 *
 * The loopback fetch proxy (server/fetch-proxy) starts on http://127.0.0.1:8799: the browser engine's HTTP steps
 * go through it when it runs, so APIs without CORS headers can be called. It forwards to any public host by
 * default; `--fetch-proxy-allow api.example.com,*.corp.example` limits it (a private or loopback address must be
 * listed by name), `--fetch-proxy-port N` moves it (the app looks on 8799 unless built with
 * VITE_FLOWBENCH_FETCH_PROXY), `--no-fetch-proxy` leaves it off.
 *
 * Options: `--no-vflow` (app only), `--vflow-port N`, `--no-test-servers` (vFlow only). If a port is taken,
 * that server says so and the app still starts.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startVflowServer, type VflowServer } from '../server/vflow/server';
import { startFetchProxy, type FetchProxy } from '../server/fetch-proxy/server';
import { FETCH_PROXY_DEFAULT_PORT } from '../src/backends/local/modules/http-proxy-protocol';

const args = process.argv.slice(2);
const withVflow = !args.includes('--no-vflow');
const portArg = args.indexOf('--vflow-port');
const vflowPort = portArg >= 0 ? Number(args[portArg + 1]) : 8787;

let vflow: VflowServer | null = null;
if (withVflow) {
  try {
    vflow = await startVflowServer({ port: vflowPort, host: '127.0.0.1' });
    process.stdout.write(
      `vFlow test server: ${vflow.apiUrl} (add it under Connections… as http://127.0.0.1:${vflowPort})\n`,
    );
  } catch (e) {
    process.stdout.write(
      `vFlow test server not started (${e instanceof Error ? e.message : String(e)}); the app starts anyway.\n`,
    );
  }
}

const valueOf = (flag: string): string | undefined => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
let fetchProxy: FetchProxy | null = null;
if (!args.includes('--no-fetch-proxy')) {
  const allow = (valueOf('--fetch-proxy-allow') ?? '*').split(',').map((h) => h.trim()).filter(Boolean);
  try {
    fetchProxy = await startFetchProxy({ port: Number(valueOf('--fetch-proxy-port') ?? FETCH_PROXY_DEFAULT_PORT), host: '127.0.0.1', allow });
    process.stdout.write(`Fetch proxy for HTTP steps: ${fetchProxy.url} (forwards to: ${allow.join(', ')}; only for pages served from this machine)\n`);
  } catch (e) {
    process.stdout.write(`Fetch proxy not started (${e instanceof Error ? e.message : String(e)}); HTTP steps fetch directly.\n`);
  }
}

const tsxCli = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));
const testServers: Array<{ name: string; args: string[] }> = [
  { name: 'dify', args: ['server/dify/main.ts', '--port', '8790', '--host', '127.0.0.1'] },
  { name: 'skillflaw', args: ['server/skillflaw/main.ts', '--port', '8793', '--host', '127.0.0.1'] },
  { name: 'viasocket', args: ['server/viasocket/main.ts', '--port', '8794', '--run-port', '8796'] },
  { name: 'automaticworker', args: ['server/automaticworker/main.ts', '--port', '8797', '--host', '127.0.0.1'] },
];
const children: Array<ReturnType<typeof spawn>> = [];
if (withVflow && !args.includes('--no-test-servers') && existsSync(tsxCli)) {
  for (const server of testServers) {
    const child = spawn(process.execPath, [tsxCli, ...server.args], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (e) => process.stdout.write(`${server.name} test server not started (${e.message}).\n`));
    children.push(child);
  }
}

const viteBin = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));
if (!existsSync(viteBin)) {
  process.stderr.write('Vite is not installed: run npm install first.\n');
  process.exit(1);
}
const app = spawn(process.execPath, [viteBin, '--host', '127.0.0.1', '--port', '5173'], { stdio: 'inherit' });

let stopping = false;
const stop = (code = 0): void => {
  if (stopping) return;
  stopping = true;
  if (app.exitCode === null) app.kill('SIGTERM');
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  void Promise.all([vflow?.close(), fetchProxy?.close()]).finally(() => process.exit(code));
};
app.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
