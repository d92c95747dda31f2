/**
 * Server-sent events from a fetch `Response` (POST bodies and auth headers rule out the browser's
 * `EventSource`). Parsing is `eventsource-parser`'s; this file adds what a run view needs: an `AsyncIterable`,
 * cancellation, and a clear error when the server drops the connection mid-stream instead of a silent end.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { BackendError } from '../types';
import { errorFromException, errorFromResponse } from './errors';
import { fetchResponse, type FetchOptions } from './fetch-json';

export interface SseMessage {
  /** `message` when the server named no event, as in the browser. */
  event: string;
  data: string;
  id?: string;
}

export interface ReadSseOptions {
  signal?: AbortSignal;
  /**
   * The message after which the stream is complete (`workflow_finished`, `end`). With it, a stream that ends
   * before that message is an error; the iteration returns right after it.
   */
  isFinal?: (message: SseMessage) => boolean;
  /** Error out when nothing (not even a ping or comment) arrives for this long. Default: no limit. */
  idleTimeoutMs?: number;
  /** For error messages. */
  url?: string;
}

/** Where the text after the last complete event starts: events end with a blank line. */
function afterLastBlankLine(text: string): number {
  let end = 0;
  const re = /\r\n\r\n|\n\n|\r\r|\r\n\n|\n\r\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) end = m.index + m[0].length;
  return end;
}

function dropped(url: string | undefined, why: string, cause?: unknown): BackendError {
  return new BackendError('network', `The server closed the event stream${url ? ` (${url})` : ''} ${why}. Retry; the run may still be going on the server.`, {
    cause,
    details: { url },
  });
}

/** Reads an SSE response body as messages. Throws `BackendError` for HTTP errors, drops and timeouts. */
export async function* readSse(response: Response, opts: ReadSseOptions = {}): AsyncGenerator<SseMessage, void, undefined> {
  const url = opts.url ?? (response.url || undefined);
  if (!response.ok) throw await errorFromResponse(response, { url });
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('application/json')) {
    // Some servers answer a streaming request with a JSON error and status 200.
    const err = await errorFromResponse(new Response(await response.text(), { status: 500, headers: response.headers }), { url });
    throw new BackendError(err.code, `Expected an event stream but the server answered with JSON${err.serverMessage ? `: ${err.serverMessage}` : ''}.`, {
      serverMessage: err.serverMessage,
      serverCode: err.serverCode,
      details: err.details,
    });
  }
  if (!response.body) throw dropped(url, 'without sending a body');

  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const ready: SseMessage[] = [];
  const parser = createParser({
    onEvent(m: EventSourceMessage) {
      const msg: SseMessage = { event: m.event ?? 'message', data: m.data };
      if (m.id !== undefined) msg.id = m.id;
      ready.push(msg);
    },
  });
  let tail = '';
  let finished = false;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let idleFired = false;
  const armIdle = () => {
    if (!opts.idleTimeoutMs) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      idleFired = true;
      void reader.cancel();
    }, opts.idleTimeoutMs);
  };
  const onAbort = () => void reader.cancel().catch(() => undefined);
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    armIdle();
    for (;;) {
      if (opts.signal?.aborted) throw new BackendError('cancelled', 'Stopped reading the event stream.');
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (e) {
        if (opts.signal?.aborted) throw new BackendError('cancelled', 'Stopped reading the event stream.', { cause: e });
        const err = errorFromException(e, { url });
        throw err.code === 'network' ? dropped(url, 'in the middle of the stream', e) : err;
      }
      if (idleFired) {
        throw new BackendError('timeout', `No event from the server${url ? ` (${url})` : ''} for ${opts.idleTimeoutMs} ms. Retry.`, { details: { url } });
      }
      if (opts.signal?.aborted) throw new BackendError('cancelled', 'Stopped reading the event stream.');
      armIdle();
      const text = chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true });
      if (text) {
        parser.feed(text);
        tail += text;
        tail = tail.slice(afterLastBlankLine(tail));
      }
      while (ready.length > 0) {
        const msg = ready.shift()!;
        yield msg;
        if (opts.isFinal?.(msg)) {
          finished = true;
          return;
        }
      }
      if (chunk.done) {
        // Only comment lines (pings) may trail without a blank line; anything else is a cut-off event.
        if (tail.split(/\r\n|\r|\n/).some((line) => line.trim() !== '' && !line.startsWith(':'))) {
          throw dropped(url, 'in the middle of an event');
        }
        if (opts.isFinal) throw dropped(url, 'before the final event');
        finished = true;
        return;
      }
    }
  } finally {
    clearTimeout(idleTimer);
    opts.signal?.removeEventListener('abort', onAbort);
    // Stopping early (break, final event, error) releases the connection.
    if (!finished || opts.isFinal) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** The message's data as JSON, with an error that names the event when it is not. */
export function sseJson(message: SseMessage): unknown {
  try {
    return JSON.parse(message.data);
  } catch (e) {
    throw new BackendError('internal', `The server sent a "${message.event}" event whose data is not JSON: ${message.data.slice(0, 200)}`, { cause: e });
  }
}

/** Requests an event stream and reads it: `fetchResponse` (timeout until headers, typed errors) + `readSse`. */
export async function* fetchSse(url: string, request: FetchOptions = {}, read: Omit<ReadSseOptions, 'url'> = {}): AsyncGenerator<SseMessage, void, undefined> {
  const res = await fetchResponse(url, { ...request, headers: { accept: 'text/event-stream', ...request.headers } });
  const opts: ReadSseOptions = { url, ...read };
  if (opts.signal === undefined && request.signal !== undefined) opts.signal = request.signal;
  yield* readSse(res, opts);
}
