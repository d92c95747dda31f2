/**
 * `unzipSafely` in a Web Worker, so inflating (a bomb up to the limits, or just a big archive) never blocks
 * the page. Same limits, same safe names, same errors (`ZipError`). Once per archive: the result is cached by
 * the identity of the bytes, so the import preview and the import that follows it inflate it once.
 * Where there is no Worker (Node, tests) it runs in the calling thread.
 */
import { DEFAULT_ZIP_LIMITS, unzipSafely, ZipError, type ZipLimits } from './zip';
import type { UnzipRequest, UnzipResponse } from './zip-protocol';

export interface UnzipWorkerLike {
  onmessage: ((e: MessageEvent<UnzipResponse>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  postMessage(message: UnzipRequest): void;
  terminate(): void;
}

function defaultWorker(): UnzipWorkerLike | null {
  if (typeof Worker === 'undefined') return null;
  return new Worker(new URL('./zip.worker.ts', import.meta.url), { type: 'module', name: 'flowbench-unzip' }) as unknown as UnzipWorkerLike;
}

const cache = new WeakMap<Uint8Array, Promise<Record<string, Uint8Array>>>();

export function unzipOffThread(
  data: Uint8Array,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  createWorker: () => UnzipWorkerLike | null = defaultWorker,
): Promise<Record<string, Uint8Array>> {
  const hit = cache.get(data);
  if (hit) return hit;
  const result = inflate(data, limits, createWorker);
  cache.set(data, result);
  // A failure is not worth keeping: the same bytes fail the same way, but cheaply retried is better than stale.
  result.catch(() => cache.delete(data));
  return result;
}

function inflate(data: Uint8Array, limits: ZipLimits, createWorker: () => UnzipWorkerLike | null): Promise<Record<string, Uint8Array>> {
  let worker: UnzipWorkerLike | null = null;
  try {
    worker = createWorker();
  } catch {
    worker = null;
  }
  if (!worker) return Promise.resolve().then(() => unzipSafely(data, limits));
  const w = worker;
  return new Promise((resolve, reject) => {
    w.onmessage = (e) => {
      w.terminate();
      const r = e.data;
      if (r.ok) resolve(r.entries);
      else reject(new ZipError(r.message, r.reason));
    };
    w.onerror = (e) => {
      w.terminate();
      reject(new ZipError(`the archive could not be read (${e.message || 'the unzip worker failed'})`, 'corrupt'));
    };
    // Posted as a copy: the caller keeps its bytes (they are the cache key and may be read again).
    w.postMessage({ data, limits });
  });
}
