/**
 * Inflates one archive off the main thread (a ZIP bomb stopped at the limit still costs seconds of CPU,
 * which must not freeze the page). Started by `unzipOffThread`, one worker per archive.
 */
import { handleUnzipRequest, type UnzipRequest } from './zip-protocol';

const scope = self as unknown as { onmessage: ((e: MessageEvent<UnzipRequest>) => void) | null; postMessage(m: unknown, transfer: ArrayBuffer[]): void };
scope.onmessage = (e) => {
  const { response, transfer } = handleUnzipRequest(e.data);
  scope.postMessage(response, transfer);
};
