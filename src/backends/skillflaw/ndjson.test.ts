import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NdjsonDecoder, NdjsonLineError, readNdjson } from './ndjson';

const events = [
  { event: 'vertices_sorted', data: { ids: ['ChatInput-a'], to_run: ['ChatInput-a', 'Model-b'] } },
  { event: 'token', data: { chunk: 'héllo 你好 ', id: 'm1' } },
  { event: 'end_vertex', data: { build_data: { id: 'Model-b', valid: true } } },
  { event: 'end', data: {} },
];
const wire = new TextEncoder().encode(events.map((e) => JSON.stringify(e) + '\n\n').join(''));

describe('NDJSON build events', () => {
  it('parses lines split at every possible byte boundary, multi-byte characters included', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: wire.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), wire.length];
        const d = new NdjsonDecoder();
        const out: unknown[] = [];
        for (let i = 1; i < points.length; i++) out.push(...d.push(wire.slice(points[i - 1], points[i])));
        out.push(...d.end());
        expect(out).toEqual(events);
      }),
    );
  });

  it('takes a last line without a newline, and polling bodies joined by single newlines', () => {
    const d = new NdjsonDecoder();
    expect(d.push('{"event":"a","data":1}\n{"event":"b","data":2}')).toEqual([{ event: 'a', data: 1 }]);
    expect(d.end()).toEqual([{ event: 'b', data: 2 }]);
  });

  it('names a malformed line', () => {
    const d = new NdjsonDecoder();
    expect(() => d.push('{"event": "a"\n')).toThrow(NdjsonLineError);
  });

  it('reads a stream body', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(wire.slice(0, 7));
        c.enqueue(wire.slice(7));
        c.close();
      },
    });
    const out: unknown[] = [];
    for await (const e of readNdjson(body)) out.push(e);
    expect(out).toEqual(events);
  });
});
