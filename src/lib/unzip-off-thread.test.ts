import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { unzipOffThread, type UnzipWorkerLike } from './unzip-off-thread';
import { handleUnzipRequest, type UnzipRequest, type UnzipResponse } from './zip-protocol';
import { DEFAULT_ZIP_LIMITS, ZipError } from './zip';

/** A worker that runs the real worker handler, asynchronously, through a structured clone like postMessage. */
function fakeWorker(log: string[]): () => UnzipWorkerLike {
  return () => {
    const w: UnzipWorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage(req: UnzipRequest) {
        log.push('post');
        const copy = structuredClone(req);
        setTimeout(() => {
          const { response } = handleUnzipRequest(copy);
          w.onmessage?.({ data: structuredClone(response) } as MessageEvent<UnzipResponse>);
        }, 0);
      },
      terminate: () => log.push('terminate'),
    };
    return w;
  };
}

describe('unzipOffThread', () => {
  it('inflates in the worker once per archive, and the worker is ended', async () => {
    const data = zipSync({ 'a.json': strToU8('{"a":1}'), '../../etc/evil.json': strToU8('{}') });
    const log: string[] = [];
    const first = await unzipOffThread(data, DEFAULT_ZIP_LIMITS, fakeWorker(log));
    expect(Object.keys(first).sort()).toEqual(['a.json', 'etc/evil.json']);
    expect(await unzipOffThread(data, DEFAULT_ZIP_LIMITS, fakeWorker(log))).toBe(first);
    expect(log).toEqual(['post', 'terminate']);
  });

  it('keeps the limits: a bomb is a ZipError naming the limit', async () => {
    const bomb = zipSync({ 'zeros.json': new Uint8Array(4 * 1024 * 1024) }, { level: 9 });
    const limits = { maxEntries: 10, maxEntryBytes: 1024 * 1024, maxTotalBytes: 4 * 1024 * 1024 };
    const failure = await unzipOffThread(bomb, limits, fakeWorker([])).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ZipError);
    expect(failure).toMatchObject({ reason: 'limit', message: expect.stringMatching(/expands to more than 1 MB/) });
  });

  it('a crashed worker is a readable ZipError', async () => {
    const crashing = (): UnzipWorkerLike => {
      const w: UnzipWorkerLike = {
        onmessage: null,
        onerror: null,
        postMessage: () => setTimeout(() => w.onerror?.({ message: 'out of memory' } as ErrorEvent), 0),
        terminate: () => undefined,
      };
      return w;
    };
    await expect(unzipOffThread(zipSync({ 'x.json': strToU8('{}') }), DEFAULT_ZIP_LIMITS, crashing)).rejects.toThrow(/could not be read \(out of memory\)/);
  });

  it('runs in the calling thread where there is no Worker', async () => {
    const entries = await unzipOffThread(zipSync({ 'b.json': strToU8('{}') }), DEFAULT_ZIP_LIMITS, () => null);
    expect(Object.keys(entries)).toEqual(['b.json']);
  });
});
