/**
 * NDJSON framing for Langflow build events: one JSON object per line (`{"event": ..., "data": ...}`), lines
 * separated by `\n` (Langflow's EventManager writes `\n\n` after each; blank lines are skipped). Chunks may
 * split a line or even a multi-byte character anywhere; a line is parsed only once complete.
 */
export class NdjsonDecoder {
  private buffer = '';
  private readonly text = new TextDecoder();

  /** Complete lines in `chunk` (with what was left over), parsed; a bad line throws with its text. */
  push(chunk: Uint8Array | string): unknown[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.text.decode(chunk, { stream: true });
    const lines = this.buffer.split('\n');
    this.buffer = lines.pop() ?? '';
    return lines.filter((l) => l.trim() !== '').map(parseLine);
  }

  /** The last line when the stream ended without a newline. */
  end(): unknown[] {
    const rest = (this.buffer + this.text.decode()).trim();
    this.buffer = '';
    return rest ? [parseLine(rest)] : [];
  }
}

export class NdjsonLineError extends Error {
  constructor(readonly line: string) {
    super(`Not a JSON line: ${line.slice(0, 200)}`);
  }
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw new NdjsonLineError(line);
  }
}

/** Every parsed line of a streamed body, in order; the body ends the iteration. */
export async function* readNdjson(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const decoder = new NdjsonDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* decoder.push(value);
    }
    yield* decoder.end();
  } finally {
    reader.releaseLock();
  }
}
