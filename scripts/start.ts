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
 * Options: `--no-vflow` (app only), `--vflow-port N`, `--no-test-servers` (vFlow only). If a port is taken,
 * that server says so and the app still starts.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startVflowServer, type VflowServer } from '../server/vflow/server';

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
  void (vflow?.close() ?? Promise.resolve()).finally(() => process.exit(code));
};
app.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
