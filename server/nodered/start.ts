/**
 * `npm run start:node-red`: the app (Vite on http://127.0.0.1:5173) and a real Node-RED beside it on
 * http://127.0.0.1:1880, with a generated settings.js and its user dir in server/nodered/.node-red-data/
 * (git-ignored; flows you deploy stay there between starts) and the Flowbench trace plugin installed.
 *
 *   npm run start:node-red -- [--port 1880] [--no-app] [--no-plugin] [--user admin --password secret] [--token T]
 *
 * Connect from the app: Connections… → Add connection → Node-RED, address http://127.0.0.1:1880.
 * Node-RED's own editor is at the same address.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startNodeRed, type NodeRedEngine } from './engine';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = Number(opt('port') ?? 1880);
const username = opt('user');
const password = opt('password');
const token = opt('token');
const userDir = fileURLToPath(new URL('./.node-red-data/user', import.meta.url));

let red: NodeRedEngine | null = null;
try {
  red = await startNodeRed({
    port,
    userDir,
    plugin: !args.includes('--no-plugin'),
    adminAuth: username || token ? { username, password: password ?? '', token } : undefined,
    logLevel: 'info',
    verbose: true,
  });
  process.stdout.write(`Node-RED: ${red.url} (user dir ${userDir})${username ? `, adminAuth user "${username}"` : ''}\n`);
} catch (e) {
  process.stderr.write(`Node-RED did not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}

let app: ChildProcess | null = null;
if (!args.includes('--no-app')) {
  const viteBin = fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url));
  if (!existsSync(viteBin)) {
    process.stderr.write('Vite is not installed: run npm install first.\n');
    process.exit(1);
  }
  app = spawn(process.execPath, [viteBin, '--host', '127.0.0.1', '--port', '5173'], { stdio: 'inherit' });
  app.on('exit', (code) => void stop(code ?? 0));
}

let stopping = false;
async function stop(code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (app && app.exitCode === null) app.kill('SIGTERM');
  await red?.kill();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
