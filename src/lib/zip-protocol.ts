/** Messages between `unzipOffThread` and the unzip worker, and the worker's one handler (tested in Node). */
import { unzipSafely, ZipError, type ZipLimits } from './zip';

export interface UnzipRequest {
  data: Uint8Array;
  limits: ZipLimits;
}

export type UnzipResponse =
  | { ok: true; entries: Record<string, Uint8Array> }
  | { ok: false; message: string; reason: 'limit' | 'corrupt' };

/** The worker's work: the same limits and names as on the main thread; entry buffers are transferred back. */
export function handleUnzipRequest(req: UnzipRequest): { response: UnzipResponse; transfer: ArrayBuffer[] } {
  try {
    const entries = unzipSafely(req.data, req.limits);
    const transfer = Object.values(entries).flatMap((e) => (e.buffer instanceof ArrayBuffer ? [e.buffer] : []));
    return { response: { ok: true, entries }, transfer: [...new Set(transfer)] };
  } catch (e) {
    if (e instanceof ZipError) return { response: { ok: false, message: e.message, reason: e.reason }, transfer: [] };
    return { response: { ok: false, message: e instanceof Error ? e.message : String(e), reason: 'corrupt' }, transfer: [] };
  }
}
