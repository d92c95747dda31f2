/**
 * The engine's Web Worker entry. Loaded by `createWorkerEngineRunner` with
 * `new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })`; the QuickJS `.wasm` comes from
 * the bundle through `browserQuickJSLoader`.
 */
import '../../../lib/zod-config';
import { browserQuickJSLoader } from '../sandbox/loader-browser';
import { createWorkerHost } from './worker-host';
import type { FromWorker } from './worker-protocol';

interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((ev: MessageEvent) => void) | null;
}

const scope = globalThis as unknown as WorkerScope;
const host = createWorkerHost((msg) => scope.postMessage(msg), { loader: browserQuickJSLoader });
scope.onmessage = (ev) => host.handle(ev.data);
