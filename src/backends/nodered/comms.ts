/**
 * Node-RED's editor websocket (`/comms`), the only live channel it has: debug output, node status, runtime
 * notifications and (with the Flowbench trace plugin) per-node message events.
 *
 * Framing, as Node-RED 4 speaks it: the client's first frame is `{"auth": token}` when adminAuth is on (the
 * server answers `{"auth":"ok"}` or `{"auth":"fail"}` and closes); then `{"subscribe": topic}` frames; the
 * server sends arrays of up to 50 `{topic, data}` messages, batched every 50 ms, and a `hb` message when it
 * has been quiet for `webSocketKeepAliveTime` (15 s). Every client receives every published message; a
 * subscription only replays retained ones.
 *
 * The channel reconnects with exponential backoff when the socket drops or stays silent past the heartbeat,
 * and reports its state so the UI can show a banner; listeners stay registered across reconnects.
 */
import { commsFrameSchema } from './schemas';

export interface CommsMessage {
  topic: string;
  data: unknown;
}

/** The part of the WHATWG WebSocket the channel uses (the browser's, or `ws` in Node tests). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

export type CommsState =
  | { state: 'connecting'; attempt: number }
  | { state: 'open' }
  | { state: 'closed'; reason: string; retryInMs: number }
  | { state: 'auth-failed'; reason: string }
  | { state: 'disposed' };

export interface CommsOptions {
  url: string;
  /** The access token for the `{auth}` frame, or null without adminAuth. */
  token: () => Promise<string | null>;
  /** Called once after `{"auth":"fail"}` so the client can drop a stale token; the channel then retries once. */
  onAuthFailed?: () => void;
  createSocket?: WebSocketFactory;
  /** Topics subscribed on every (re)connect. */
  topics?: string[];
  backoff?: { initialMs?: number; maxMs?: number };
  /** Reconnect when nothing (not even `hb`) arrived for this long; default 45 s (Node-RED beats every 15 s). */
  silenceMs?: number;
}

export const DEFAULT_TOPICS = ['debug', 'status/#', 'notification/#', 'flowbench/#'];

function defaultSocketFactory(): WebSocketFactory {
  const Ctor = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  if (!Ctor) throw new Error('No WebSocket in this environment; pass createSocket.');
  return (url) => new Ctor(url);
}

function frameText(data: unknown): string | null {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  if (data instanceof Uint8Array) return new TextDecoder().decode(data);
  // `ws` hands Buffers (a Uint8Array subclass, caught above) or arrays of them.
  if (Array.isArray(data)) return data.map((d) => frameText(d) ?? '').join('');
  return typeof data === 'object' && data !== null && 'toString' in data ? String(data) : null;
}

export class CommsChannel {
  private readonly opts: CommsOptions;
  private readonly createSocket: WebSocketFactory;
  private socket: WebSocketLike | null = null;
  private readonly listeners = new Set<(m: CommsMessage) => void>();
  private readonly stateListeners = new Set<(s: CommsState) => void>();
  private current: CommsState = { state: 'closed', reason: 'not started', retryInMs: 0 };
  private attempt = 0;
  private authRetried = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private silenceTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  private readyWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];

  constructor(opts: CommsOptions) {
    this.opts = opts;
    this.createSocket = opts.createSocket ?? defaultSocketFactory();
  }

  get state(): CommsState {
    return this.current;
  }

  /** Every message of every frame, in order. */
  listen(listener: (m: CommsMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onState(listener: (s: CommsState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Connects if needed; resolves once the socket is open and authenticated, rejects on an auth failure. */
  ready(): Promise<void> {
    if (this.disposed) return Promise.reject(new Error('The comms channel was closed.'));
    if (this.current.state === 'open') return Promise.resolve();
    if (this.current.state === 'auth-failed') return Promise.reject(new Error(this.current.reason));
    const p = new Promise<void>((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
    if (!this.socket && !this.reconnectTimer) void this.connect();
    return p;
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimers();
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onclose = null;
      s.onmessage = null;
      s.onerror = null;
      try {
        s.close();
      } catch {
        // already closing
      }
    }
    for (const w of this.readyWaiters.splice(0)) w.reject(new Error('The comms channel was closed.'));
    this.setState({ state: 'disposed' });
  }

  private setState(s: CommsState): void {
    this.current = s;
    for (const l of this.stateListeners) l(s);
    if (s.state === 'open') for (const w of this.readyWaiters.splice(0)) w.resolve();
    if (s.state === 'auth-failed') for (const w of this.readyWaiters.splice(0)) w.reject(new Error(s.reason));
  }

  private clearTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.reconnectTimer = null;
    this.silenceTimer = null;
  }

  private armSilence(socket: WebSocketLike): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => {
      if (this.socket === socket) socket.close(4000, 'no heartbeat');
    }, this.opts.silenceMs ?? 45_000);
  }

  private async connect(): Promise<void> {
    if (this.disposed) return;
    this.attempt++;
    this.setState({ state: 'connecting', attempt: this.attempt });
    let token: string | null;
    try {
      token = await this.opts.token();
    } catch (e) {
      this.setState({ state: 'auth-failed', reason: e instanceof Error ? e.message : String(e) });
      return;
    }
    if (this.disposed) return;
    let socket: WebSocketLike;
    try {
      socket = this.createSocket(this.opts.url);
    } catch (e) {
      this.scheduleReconnect(e instanceof Error ? e.message : String(e));
      return;
    }
    this.socket = socket;
    let authed = token === null;
    const subscribe = () => {
      for (const topic of this.opts.topics ?? DEFAULT_TOPICS) socket.send(JSON.stringify({ subscribe: topic }));
    };
    socket.onopen = () => {
      this.armSilence(socket);
      if (token !== null) socket.send(JSON.stringify({ auth: token }));
      else {
        subscribe();
        this.attempt = 0;
        this.setState({ state: 'open' });
      }
    };
    socket.onmessage = (ev) => {
      if (this.socket !== socket) return;
      this.armSilence(socket);
      const text = frameText(ev.data);
      if (text === null) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return; // Not ours to interpret; Node-RED only sends JSON.
      }
      const frame = commsFrameSchema.safeParse(parsed);
      if (!frame.success) return;
      if (!Array.isArray(frame.data)) {
        if (frame.data.auth === 'ok' && !authed) {
          authed = true;
          this.authRetried = false;
          subscribe();
          this.attempt = 0;
          this.setState({ state: 'open' });
        } else if (frame.data.auth === 'fail') {
          this.handleAuthFail(socket);
        }
        return;
      }
      for (const m of frame.data) for (const l of this.listeners) l({ topic: m.topic, data: m.data });
    };
    socket.onerror = () => {
      // onclose follows and decides about reconnecting.
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.silenceTimer) clearTimeout(this.silenceTimer);
      if (this.current.state === 'auth-failed' || this.disposed) return;
      this.scheduleReconnect(ev.reason || `closed (${ev.code ?? 'no code'})`);
    };
  }

  private handleAuthFail(socket: WebSocketLike): void {
    this.socket = null;
    try {
      socket.close();
    } catch {
      // closing anyway
    }
    if (!this.authRetried && this.opts.onAuthFailed) {
      this.authRetried = true;
      this.opts.onAuthFailed();
      void this.connect();
      return;
    }
    this.setState({ state: 'auth-failed', reason: 'Node-RED refused the token on its websocket.' });
  }

  private scheduleReconnect(reason: string): void {
    if (this.disposed) return;
    const initial = this.opts.backoff?.initialMs ?? 500;
    const max = this.opts.backoff?.maxMs ?? 10_000;
    const wait = Math.min(max, initial * 2 ** Math.max(0, this.attempt - 1));
    this.setState({ state: 'closed', reason, retryInMs: wait });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, wait);
  }
}
