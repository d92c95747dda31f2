/**
 * Start a real Node-RED (the `node-red` devDependency) in a child process, for tests and the start script:
 * `const red = await startNodeRed({ port: 0, adminAuth: { username, password } }); ... await red.stop()`.
 *
 * One engine costs about a second to start, so a test file starts one in `beforeAll` and shares it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareUserDir, type UserDirOptions } from './user-dir';

const ENGINE_PROCESS = fileURLToPath(new URL('./engine-process.ts', import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const READY = 'FLOWBENCH_NODERED_READY ';

export interface NodeRedEngineOptions extends Omit<UserDirOptions, 'userDir'> {
  /** Default: a fresh temporary dir, removed by `stop()`. */
  userDir?: string;
  /** Milliseconds to wait for the flows to start (default 30 s: the machine is shared). */
  startTimeoutMs?: number;
  /** Echo the engine's stdout/stderr (default: only when it fails to start). */
  verbose?: boolean;
}

export interface NodeRedEngine {
  /** `http://127.0.0.1:<port>`: admin API, editor, /comms and http-in endpoints all live here. */
  url: string;
  port: number;
  userDir: string;
  /** Stop the engine (and remove a temporary user dir). */
  stop(): Promise<void>;
  /** Stop the process but keep the user dir, e.g. to test a server that goes away. */
  kill(): Promise<void>;
}

export async function startNodeRed(opts: NodeRedEngineOptions = {}): Promise<NodeRedEngine> {
  const temporary = !opts.userDir;
  const userDir = opts.userDir ?? mkdtempSync(join(tmpdir(), 'flowbench-nodered-'));
  const settingsFile = prepareUserDir({ ...opts, userDir, port: opts.port ?? 0 });
  const child = spawn(process.execPath, ['--import', 'tsx', ENGINE_PROCESS, settingsFile], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, NODE_RED_DISABLE_TELEMETRY: '1' },
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`Node-RED did not start within ${opts.startTimeoutMs ?? 30_000} ms`)), opts.startTimeoutMs ?? 30_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${err.message}\n--- Node-RED output ---\n${output}`));
    };
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      output += chunk;
      if (opts.verbose) process.stdout.write(chunk);
      const line = output.split('\n').find((l) => l.startsWith(READY));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line.slice(READY.length)) as { port: number }).port);
      }
    });
    child.stderr!.on('data', (chunk: string) => {
      output += chunk;
      if (opts.verbose) process.stderr.write(chunk);
    });
    child.once('exit', (code) => fail(new Error(`Node-RED exited with code ${code} before it was ready`)));
  });
  child.removeAllListeners('exit');
  const kill = () => stopChild(child);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    userDir,
    kill,
    async stop() {
      await kill();
      if (temporary) rmSync(userDir, { recursive: true, force: true });
    },
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
