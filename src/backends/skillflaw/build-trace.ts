/**
 * Langflow build events -> TraceEvents. The events (`langflow/api/build.py`, the EventManager):
 * - `vertices_sorted {ids, to_run}`: the build order; logged, and every vertex in `to_run` that never builds
 *   ends `skipped` (a router's branch not taken, `inactivated_vertices`).
 * - `build_start {id}` / `build_end {id}`: a vertex starts / ends (SkillFlaw sends them; upstream Langflow
 *   may not, so `end_vertex` alone also starts and finishes a step).
 * - `end_vertex {build_data}`: the VertexBuildResponse: `valid`, `data.outputs` (output name -> {message,
 *   type}), `data.logs`, `data.artifacts`, `data.timedelta`. The outputs present are the ports that fired.
 * - `add_message`: a chat message; its `properties.source.id` names the vertex, which also tells whose
 *   `token` chunks (by message id) these are. Messages go into the step's `chat` output and the log.
 * - `token {chunk, id}`: streamed into the running step as `step-chunk`.
 * - `error`: the failing vertex (`properties.source.id`) fails with the server's reason; the run fails.
 * - `end`: the run succeeded.
 */
import type { StepStatus, TraceEvent } from '../trace';

type Rec = Record<string, unknown>;
type EventBody = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 'seq' | 'runId' | 'at'> : never) : never;

function rec(v: unknown): Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {};
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

interface OpenStep {
  startedAt: number;
  chat: Array<{ sender: string; text: string }>;
  chunks: number;
}

export class BuildTrace {
  private seq = 0;
  private readonly open = new Map<string, OpenStep>();
  private readonly finished = new Set<string>();
  private readonly messageOwner = new Map<string, string>();
  private toRun: string[] = [];
  private current: string | null = null;
  private ended = false;
  private readonly startedAt: number;
  private lastChat: { stepId: string; text: string } | null = null;

  constructor(
    readonly runId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  get done(): boolean {
    return this.ended;
  }

  private ev(body: EventBody): TraceEvent {
    return { ...body, runId: this.runId, seq: this.seq++, at: this.now() } as TraceEvent;
  }

  start(flowId: string, inputs: Record<string, unknown>, trigger: string): TraceEvent {
    return this.ev({ type: 'run-started', flowId, inputs, trigger });
  }

  private startStep(id: string, out: TraceEvent[]): void {
    if (this.open.has(id)) return;
    this.open.set(id, { startedAt: this.now(), chat: [], chunks: 0 });
    this.current = id;
    out.push(this.ev({ type: 'step-started', stepId: id, iteration: [], inputs: {} }));
  }

  private finishStep(id: string, status: Exclude<StepStatus, 'queued' | 'running'>, extra: Partial<Extract<TraceEvent, { type: 'step-finished' }>>, out: TraceEvent[]): void {
    const s = this.open.get(id);
    if (!s) return;
    this.open.delete(id);
    this.finished.add(id);
    if (this.current === id) this.current = [...this.open.keys()].at(-1) ?? null;
    const outputs = s.chat.length > 0 ? { ...rec(extra.outputs), chat: s.chat } : extra.outputs;
    out.push(this.ev({ type: 'step-finished', stepId: id, iteration: [], status, durationMs: Math.max(0, this.now() - s.startedAt), ...extra, ...(outputs !== undefined ? { outputs } : {}) }));
  }

  /** The TraceEvents one build event gives (none for events the run does not show). */
  push(event: { event: string; data: unknown }): TraceEvent[] {
    if (this.ended) return [];
    const out: TraceEvent[] = [];
    const d = rec(event.data);
    switch (event.event) {
      case 'vertices_sorted': {
        this.toRun = Array.isArray(d.to_run) ? d.to_run.filter((x): x is string => typeof x === 'string') : [];
        out.push(this.ev({ type: 'log', level: 'info', message: `Build order: ${this.toRun.join(', ')}` }));
        break;
      }
      case 'build_start': {
        const id = str(d.id);
        if (id && !this.finished.has(id)) this.startStep(id, out);
        break;
      }
      case 'add_message': {
        const source = str(rec(rec(d.properties).source).id);
        const msgId = str(d.id);
        if (source && msgId) this.messageOwner.set(msgId, source);
        const text = str(d.text) ?? '';
        const state = str(rec(d.properties).state);
        if (source && state !== 'partial') {
          this.startStep(source, out);
          const sender = str(d.sender_name) ?? str(d.sender) ?? '';
          this.open.get(source)?.chat.push({ sender, text });
          this.lastChat = { stepId: source, text };
          out.push(this.ev({ type: 'log', level: 'info', message: `${sender}: ${text}`, stepId: source, iteration: [] }));
        }
        break;
      }
      case 'token': {
        const chunk = str(d.chunk);
        const owner = (str(d.id) && this.messageOwner.get(str(d.id)!)) || this.current;
        if (chunk !== undefined && owner) {
          this.startStep(owner, out);
          this.open.get(owner)!.chunks++;
          out.push(this.ev({ type: 'step-chunk', stepId: owner, iteration: [], text: chunk }));
        }
        break;
      }
      case 'end_vertex': {
        const b = rec(d.build_data);
        const id = str(b.id);
        if (!id) break;
        this.startStep(id, out);
        const data = rec(b.data);
        const outputs = rec(data.outputs);
        for (const [name, entries] of Object.entries(rec(data.logs))) {
          for (const l of Array.isArray(entries) ? entries : []) {
            const m = rec(l).message;
            out.push(this.ev({ type: 'log', level: 'info', message: `${name}: ${typeof m === 'string' ? m : JSON.stringify(m)}`, stepId: id, iteration: [] }));
          }
        }
        const valid = b.valid !== false;
        const values = Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, rec(v).message]));
        const durationMs = typeof data.timedelta === 'number' ? Math.round(data.timedelta * 1000) : undefined;
        const chunks = this.open.get(id)?.chunks ?? 0;
        this.finishStep(
          id,
          valid ? 'succeeded' : 'failed',
          {
            outputs: values,
            ports: Object.keys(outputs),
            ...(durationMs !== undefined ? { durationMs } : {}),
            ...(chunks > 0 ? { metadata: { tokens: chunks } } : {}),
            ...(valid ? {} : { error: { message: errorText(data) ?? 'The component failed.' } }),
          },
          out,
        );
        break;
      }
      case 'build_end': {
        const id = str(d.id);
        if (id && this.open.has(id)) this.finishStep(id, 'succeeded', {}, out);
        break;
      }
      case 'error': {
        const reason = errorReason(d);
        const source = str(rec(rec(d.properties).source).id);
        if (source) {
          this.startStep(source, out);
          this.finishStep(source, 'failed', { error: { message: reason } }, out);
        }
        out.push(...this.finish('failed', { message: reason, ...(source ? { stepId: source } : {}) }));
        break;
      }
      case 'end': {
        out.push(...this.finish('succeeded'));
        break;
      }
      default:
        break;
    }
    return out;
  }

  /** Ends the run: open steps end with it, vertices that never built are skipped. */
  finish(status: 'succeeded' | 'failed' | 'cancelled', error?: { message: string; code?: string; stepId?: string }): TraceEvent[] {
    if (this.ended) return [];
    const out: TraceEvent[] = [];
    const stepStatus = status === 'succeeded' ? 'succeeded' : status === 'cancelled' ? 'cancelled' : 'failed';
    for (const id of [...this.open.keys()]) this.finishStep(id, stepStatus, {}, out);
    if (status === 'succeeded') {
      for (const id of this.toRun) {
        if (this.finished.has(id)) continue;
        this.finished.add(id);
        out.push(this.ev({ type: 'step-finished', stepId: id, iteration: [], status: 'skipped', durationMs: 0 }));
      }
    }
    this.ended = true;
    out.push(
      this.ev({
        type: 'run-finished',
        status,
        durationMs: Math.max(0, this.now() - this.startedAt),
        ...(this.lastChat && status === 'succeeded' ? { outputs: { message: this.lastChat.text } } : {}),
        ...(error ? { error } : {}),
      }),
    );
    return out;
  }
}

function errorReason(d: Rec): string {
  for (const block of Array.isArray(d.content_blocks) ? d.content_blocks : []) {
    for (const c of Array.isArray(rec(block).contents) ? (rec(block).contents as unknown[]) : []) {
      const reason = str(rec(c).reason);
      if (reason) return reason;
    }
  }
  return str(d.text) ?? 'The build failed.';
}

function errorText(data: Rec): string | undefined {
  for (const v of Object.values(rec(data.outputs))) {
    const m = rec(v);
    if (m.type === 'error') return typeof m.message === 'string' ? m.message : JSON.stringify(m.message);
  }
  return undefined;
}
