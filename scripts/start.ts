/**
 * `npm start`: the app (Vite dev server on http://127.0.0.1:5173) and, beside it, the vFlow test server on
 * http://127.0.0.1:8787 so the vFlow backend can be tried without a phone (Connections… → Add connection →
 * address http://127.0.0.1:8787). `npm run dev` starts the app alone.
 *
 * Options: `--no-vflow` (app only), `--vflow-port N`. If the vFlow port is taken, the app still starts.
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
  void (vflow?.close() ?? Promise.resolve()).finally(() => process.exit(code));
};
app.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
