/**
 * Reading ZIP archives someone else made, safely:
 * - **bombs**: entries are inflated as a stream and counted as the bytes come out, so an archive that
 *   declares small sizes and expands to gigabytes stops at the limit (the central directory's sizes are the
 *   attacker's to choose and are not trusted); limits on entry count, per-entry and total size;
 * - **zip-slip**: entry names are reduced to safe relative paths (no `..`, no `.`, no absolute or drive
 *   paths, no backslashes, no control characters) before anyone builds folders or files from them;
 * - **twice**: a preview and the import that follows it read the same bytes; the result is cached by the
 *   array's identity, so the archive is inflated once.
 *
 * Pure TypeScript on fflate (no DOM), usable in a Worker.
 */
import { Unzip, UnzipInflate, UnzipPassThrough, type UnzipFile } from 'fflate';

export interface ZipLimits {
  /** Most entries (files and directories) an archive may hold. */
  maxEntries: number;
  /** Largest uncompressed size of one entry, in bytes. */
  maxEntryBytes: number;
  /** Largest uncompressed size of all entries together, in bytes. */
  maxTotalBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 5_000,
  maxEntryBytes: 20 * 1024 * 1024,
  maxTotalBytes: 100 * 1024 * 1024,
};

export class ZipError extends Error {
  override name = 'ZipError';
  constructor(
    message: string,
    /** `limit`: an archive too big to read here; `corrupt`: not a readable archive. */
    readonly reason: 'limit' | 'corrupt',
  ) {
    super(message);
  }
}

const MB = 1024 * 1024;
const size = (bytes: number) => (bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`);

/**
 * A safe relative path for an entry name, or null when nothing usable is left (`../`, `/`, `.`). Segments
 * `.` and `..` are dropped rather than resolved: an archive has no business climbing out of itself.
 */
export function safeEntryPath(name: string): string | null {
  const segments = name
    .replace(/\\/g, '/')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .split('/')
    .map((s) => s.trim())
    .filter((s, i) => s !== '' && s !== '.' && s !== '..' && !(i === 0 && /^[a-zA-Z]:$/.test(s)));
  return segments.length > 0 ? segments.join('/') : null;
}

/** A name safe as one path segment in an archive we write: no separators, not `.` or `..`. */
export function safeSegment(name: string, fallback = 'item'): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_').trim().slice(0, 120);
  if (cleaned === '' ) return fallback;
  return /^\.+$/.test(cleaned) ? cleaned.replace(/\./g, '_') : cleaned;
}

const cache = new WeakMap<Uint8Array, Record<string, Uint8Array>>();

/**
 * Entries by safe path (directories omitted). Throws `ZipError` naming the limit that was hit or saying
 * the archive is unreadable. Entries whose name reduces to nothing are skipped; two names that reduce to the
 * same path keep the first.
 */
export function unzipSafely(data: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Record<string, Uint8Array> {
  const hit = cache.get(data);
  if (hit) return hit;
  const out: Record<string, Uint8Array> = {};
  let entries = 0;
  let total = 0;
  let failure: ZipError | null = null;
  const fail = (e: ZipError) => {
    failure ??= e;
  };
  const unzip = new Unzip((file: UnzipFile) => {
    if (failure) return;
    entries += 1;
    if (entries > limits.maxEntries) {
      fail(new ZipError(`the archive has more than ${limits.maxEntries} entries`, 'limit'));
      return;
    }
    const path = file.name.endsWith('/') ? null : safeEntryPath(file.name);
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        fail(new ZipError(`entry "${file.name.slice(0, 200)}" is damaged (${err.message})`, 'corrupt'));
        return;
      }
      bytes += chunk.length;
      total += chunk.length;
      if (bytes > limits.maxEntryBytes) {
        file.terminate();
        fail(new ZipError(`entry "${file.name.slice(0, 200)}" expands to more than ${size(limits.maxEntryBytes)}`, 'limit'));
        return;
      }
      if (total > limits.maxTotalBytes) {
        file.terminate();
        fail(new ZipError(`the archive expands to more than ${size(limits.maxTotalBytes)}`, 'limit'));
        return;
      }
      if (path !== null) chunks.push(chunk);
      if (final && path !== null && !(path in out)) out[path] = concat(chunks, bytes);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  try {
    // Push in slices so a bomb is noticed between them, not after inflating the whole input at once.
    const SLICE = 64 * 1024;
    for (let i = 0; i < data.length && !failure; i += SLICE) unzip.push(data.subarray(i, i + SLICE), i + SLICE >= data.length);
    if (data.length === 0) unzip.push(new Uint8Array(0), true);
  } catch (e) {
    fail(new ZipError(e instanceof Error ? e.message : String(e), 'corrupt'));
  }
  if (failure) throw failure;
  if (entries === 0 && !looksLikeZip(data)) throw new ZipError('not a ZIP archive', 'corrupt');
  cache.set(data, out);
  return out;
}

function looksLikeZip(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b;
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
