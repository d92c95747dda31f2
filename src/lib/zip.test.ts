import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { safeEntryPath, safeSegment, unzipSafely, ZipError } from './zip';

describe('unzipSafely', () => {
  it('reads entries, stored and deflated, and caches by the bytes', () => {
    const data = zipSync({ 'a.json': strToU8('{"a":1}'), 'dir/b.json': [strToU8('{"b":2}'), { level: 0 }] });
    const entries = unzipSafely(data);
    expect(Object.keys(entries).sort()).toEqual(['a.json', 'dir/b.json']);
    expect(new TextDecoder().decode(entries['dir/b.json'])).toBe('{"b":2}');
    expect(unzipSafely(data)).toBe(entries);
  });

  it('stops a bomb at the limit, whatever the archive declares', () => {
    const bomb = zipSync({ 'zeros.json': new Uint8Array(8 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    expect(() => unzipSafely(bomb, { maxEntries: 10, maxEntryBytes: 1024 * 1024, maxTotalBytes: 4 * 1024 * 1024 })).toThrow(/expands to more than 1 MB/);
    const many = zipSync(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}.json`, new Uint8Array(300 * 1024)])));
    expect(() => unzipSafely(many, { maxEntries: 100, maxEntryBytes: 1024 * 1024, maxTotalBytes: 2 * 1024 * 1024 })).toThrow(/archive expands to more than 2 MB/);
    expect(() => unzipSafely(many, { maxEntries: 5, maxEntryBytes: 1024 * 1024, maxTotalBytes: 100 * 1024 * 1024 })).toThrow(/more than 5 entries/);
  });

  it('refuses what is not an archive', () => {
    expect(() => unzipSafely(strToU8('hello, not a zip'))).toThrow(ZipError);
  });

  it('never lets an entry climb out (zip-slip)', () => {
    const data = zipSync({ '../../etc/evil.json': strToU8('{}'), '/abs/x.json': strToU8('{}'), 'C:/win.json': strToU8('{}'), 'ok/./y.json': strToU8('{}') });
    expect(Object.keys(unzipSafely(data)).sort()).toEqual(['abs/x.json', 'etc/evil.json', 'ok/y.json', 'win.json']);
    expect(safeEntryPath('..\\..\\x\\y.json')).toBe('x/y.json');
    expect(safeEntryPath('../')).toBeNull();
    expect(safeSegment('..')).toBe('__');
    expect(safeSegment('a/b')).toBe('a_b');
    expect(safeSegment('')).toBe('item');
  });
});
