/**
 * Run state: one pure reducer turns trace events into what the canvas, the step list and the run panel read.
 *
 * Why the odd data structures: a busy run emits thousands of events per second and a loop can run a step
 * tens of thousands of times. Copying the whole log or a step's iteration list for every event would make
 * ingestion quadratic, so growing lists are `ChunkedList`s (an append copies one small chunk and the chunk
 * index, never the list), and `applyEvents` copies each touched object once per batch, then mutates its own
 * copies in place. Callers always get new objects for what changed and the very same objects for what did
 * not, so narrow selectors (`state.steps[id]`) re-render only what an event concerns.
 */
import type { Edge } from '../model/flow';
import type { IterationPath, PartialRunInfo, PauseReason, ReusedOutputSource, StepMetadata, StepStatus, TraceEvent } from './trace';
import type { RunStatus } from './types';

// ---------------------------------------------------------------------------------------------------------
// Chunked list: an immutable append-friendly list.

const CHUNK_SIZE = 256;

export interface ChunkedList<T> {
  /** Full chunks of `CHUNK_SIZE` items, then one partial chunk. Never mutate: shared between states. */
  readonly chunks: ReadonlyArray<ReadonlyArray<T>>;
  readonly length: number;
}

const EMPTY_LIST: ChunkedList<never> = Object.freeze({ chunks: Object.freeze([]) as ReadonlyArray<never[]>, length: 0 });

export function emptyList<T>(): ChunkedList<T> {
  return EMPTY_LIST;
}

export function listAt<T>(list: ChunkedList<T>, index: number): T | undefined {
  if (index < 0 || index >= list.length) return undefined;
  return list.chunks[Math.floor(index / CHUNK_SIZE)]?.[index % CHUNK_SIZE];
}

export function listLast<T>(list: ChunkedList<T>): T | undefined {
  return listAt(list, list.length - 1);
}

/** Items `[start, end)`, for virtualised lists that render a window. */
export function listSlice<T>(list: ChunkedList<T>, start = 0, end = list.length): T[] {
  const out: T[] = [];
  const from = Math.max(0, start);
  const to = Math.min(list.length, end);
  for (let i = from; i < to; ) {
    const chunk = list.chunks[Math.floor(i / CHUNK_SIZE)]!;
    const offset = i % CHUNK_SIZE;
    const take = Math.min(chunk.length - offset, to - i);
    for (let k = 0; k < take; k++) out.push(chunk[offset + k]!);
    i += take;
  }
  return out;
}

export function listToArray<T>(list: ChunkedList<T>): T[] {
  return listSlice(list, 0, list.length);
}

// ---------------------------------------------------------------------------------------------------------
// State shapes.

export type RunError = { message: string; code?: string; stepId?: string; line?: number; column?: number };

export interface IterationRecord {
  /** `iterationKey(iteration)`: `""` outside loops, `"2"`, `"0.4"`. */
  key: string;
  iteration: IterationPath;
  status: StepStatus;
  startedAt: number | null;
  finishedAt: number | null;
  durationMs: number | null;
  inputs?: Record<string, unknown>;
  outputs?: unknown;
  error?: RunError;
  branch?: string;
  /** Output ports that fired in this execution. */
  ports?: readonly string[];
  /** Streamed output so far (`step-chunk` texts, in order). */
  streamed?: string;
  metadata?: StepMetadata;
  messageId?: string;
  /** The step did not run: pinned, or reused from an earlier run. */
  reused?: ReusedOutputSource;
}

/** A run waiting before a step in the debugger. */
export interface PausedAt {
  stepId: string;
  iteration: IterationPath;
  inputs: Record<string, unknown>;
  reason: PauseReason;
  at: number;
}

export interface StepRunState {
  stepId: string;
  /** The latest status, over all iterations. */
  status: StepStatus;
  startedAt: number | null;
  finishedAt: number | null;
  /** Duration of the latest finished execution. */
  durationMs: number | null;
  /** Sum over every finished execution (all iterations). */
  totalDurationMs: number;
  /** How many times it started (iterations included). */
  runCount: number;
  lastInputs?: Record<string, unknown>;
  lastOutputs?: unknown;
  lastError?: RunError;
  /** For if steps: the branch the latest execution took. */
  branch?: string;
  /** Streamed output of the latest execution while it runs (and after, when it finished without outputs). */
  streamed?: string;
  /** Metadata summed over the step's executions (numbers added; the last currency). */
  metadata?: StepMetadata;
  /** The engine's latest status line for the node (`step-status`), absent once cleared. */
  statusLine?: { text: string; fill?: string; shape?: string };
  /** One record per execution, in start order. Look one up with `iterationOf`. */
  iterations: ChunkedList<IterationRecord>;
  /** The latest execution did not run: pinned, or reused from an earlier run. */
  reused?: ReusedOutputSource;
}

export interface LogEntry {
  seq: number;
  at: number;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  stepId?: string;
  iteration?: IterationPath;
}

export type RunStateStatus = RunStatus | 'idle';

export interface RunState {
  runId: string;
  flowId: string | null;
  /** `idle` until the first event arrives. */
  status: RunStateStatus;
  trigger: string | null;
  versionId?: string;
  inputs: Record<string, unknown>;
  startedAt: number | null;
  finishedAt: number | null;
  durationMs: number | null;
  outputs?: unknown;
  error?: RunError;
  steps: Readonly<Record<string, StepRunState>>;
  /** Step ids in the order they first started. */
  stepOrder: readonly string[];
  /** For each if/loop step, every distinct branch taken (in first-taken order); drives edge highlighting. */
  branchesTaken: Readonly<Record<string, readonly string[]>>;
  /** For each step that reported `ports`, every distinct output port that fired; drives edge highlighting. */
  portsTaken: Readonly<Record<string, readonly string[]>>;
  /** Step metadata summed over the run (tokens, cost). */
  metadata: StepMetadata;
  logs: ChunkedList<LogEntry>;
  logCounts: Readonly<Record<LogEntry['level'], number>>;
  /** Events applied (duplicates and stale ones not counted). */
  eventCount: number;
  /** Highest `seq` applied, `-1` before any; transports resume after it. */
  lastSeq: number;
  /** Where the run waits in the debugger; absent while it runs. */
  paused?: PausedAt;
  /** A partial run (run from / to a step). */
  partial?: PartialRunInfo;
}

export function iterationKey(iteration: IterationPath | undefined): string {
  return iteration && iteration.length > 0 ? iteration.join('.') : '';
}

export function initialRunState(runId: string): RunState {
  return {
    runId,
    flowId: null,
    status: 'idle',
    trigger: null,
    inputs: {},
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    steps: {},
    stepOrder: [],
    branchesTaken: {},
    portsTaken: {},
    metadata: {},
    logs: emptyList(),
    logCounts: { debug: 0, info: 0, warn: 0, error: 0 },
    eventCount: 0,
    lastSeq: -1,
  };
}

export function isTerminal(status: RunStateStatus): boolean {
  return status !== 'idle' && status !== 'queued' && status !== 'running';
}

// ---------------------------------------------------------------------------------------------------------
// Copy-on-write within one batch.

/**
 * Objects copied during the current batch; only those may be mutated. Everything else is shared with the
 * previous state and must be copied before a change.
 */
class Batch {
  private readonly owned = new WeakSet<object>();

  own<T extends object>(value: T): T {
    if (this.owned.has(value)) return value;
    const copy = (Array.isArray(value) ? value.slice() : { ...value }) as T;
    this.owned.add(copy);
    return copy;
  }

  append<T>(list: ChunkedList<T>, item: T): ChunkedList<T> {
    const l = this.own(list) as { chunks: T[][]; length: number };
    l.chunks = this.own(l.chunks as T[][]);
    const lastIndex = l.chunks.length - 1;
    const last = l.chunks[lastIndex];
    if (last === undefined || last.length >= CHUNK_SIZE) {
      const fresh = [item];
      this.owned.add(fresh);
      l.chunks.push(fresh);
    } else {
      const chunk = this.own(last);
      chunk.push(item);
      l.chunks[lastIndex] = chunk;
    }
    l.length += 1;
    return l;
  }

  replace<T>(list: ChunkedList<T>, index: number, item: T): ChunkedList<T> {
    const l = this.own(list) as { chunks: T[][]; length: number };
    l.chunks = this.own(l.chunks as T[][]);
    const ci = Math.floor(index / CHUNK_SIZE);
    const chunk = this.own(l.chunks[ci]!);
    chunk[index % CHUNK_SIZE] = item;
    l.chunks[ci] = chunk;
    return l;
  }
}

/**
 * Where each step's iteration records sit, by key. One map is shared by every state derived from the same
 * run, and every append registers in it, so a key the map lacks is in no list of that lineage. Positions
 * never move in an append-only list and a hit is always checked against the record's key: a hint written by
 * a sibling state (two states reduced from one) only costs a scan, never a wrong answer.
 */
const iterationIndex = new WeakMap<ChunkedList<IterationRecord>['chunks'][number], Map<string, number>>();

function hintMap(list: ChunkedList<IterationRecord>): Map<string, number> | undefined {
  const first = list.chunks[0];
  return first ? iterationIndex.get(first) : undefined;
}

function findIteration(list: ChunkedList<IterationRecord>, key: string): number {
  if (list.length === 0) return -1;
  const map = hintMap(list);
  const hinted = map?.get(key);
  if (map && hinted === undefined) return -1;
  if (hinted !== undefined && listAt(list, hinted)?.key === key) return hinted;
  // Sequential engines finish what they started last: scanning from the end is short.
  for (let i = list.length - 1; i >= 0; i--) if (listAt(list, i)!.key === key) return i;
  return -1;
}

function rememberIteration(list: ChunkedList<IterationRecord>, key: string, index: number): void {
  const first = list.chunks[0];
  if (!first) return;
  let map = iterationIndex.get(first);
  if (!map) {
    map = new Map();
    iterationIndex.set(first, map);
  }
  map.set(key, index);
}

/** The record of one execution of a step (`iteration` as a path or as its key), if it started or finished. */
export function iterationOf(step: StepRunState, iteration: IterationPath | string): IterationRecord | undefined {
  const key = typeof iteration === 'string' ? iteration : iterationKey(iteration);
  const i = findIteration(step.iterations, key);
  return i < 0 ? undefined : listAt(step.iterations, i);
}

// ---------------------------------------------------------------------------------------------------------
// The reducer.

function newStep(stepId: string): StepRunState {
  return {
    stepId,
    status: 'queued',
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    totalDurationMs: 0,
    runCount: 0,
    iterations: emptyList(),
  };
}

function upsertIteration(b: Batch, step: StepRunState, record: IterationRecord, existing: number): void {
  // The first chunk's identity keys the hint map; keep the map when the first chunk gets copied.
  const before = hintMap(step.iterations);
  if (existing >= 0) {
    step.iterations = b.replace(step.iterations, existing, record);
    if (before && !hintMap(step.iterations)) iterationIndex.set(step.iterations.chunks[0]!, before);
  } else {
    step.iterations = b.append(step.iterations, record);
    if (before && !hintMap(step.iterations)) iterationIndex.set(step.iterations.chunks[0]!, before);
    rememberIteration(step.iterations, record.key, step.iterations.length - 1);
  }
}

function mutableStep(b: Batch, s: RunState, stepId: string): StepRunState {
  s.steps = b.own(s.steps);
  const known = s.steps[stepId];
  let step: StepRunState;
  if (known) step = b.own(known);
  else {
    step = b.own(newStep(stepId));
    s.stepOrder = b.own(s.stepOrder as string[]);
    (s.stepOrder as string[]).push(stepId);
  }
  (s.steps as Record<string, StepRunState>)[stepId] = step;
  return step;
}

function markRunning(s: RunState, at: number): void {
  if (s.status === 'idle' || s.status === 'queued') s.status = 'running';
  if (s.startedAt === null) s.startedAt = at;
}

function apply(b: Batch, s: RunState, e: TraceEvent): void {
  switch (e.type) {
    case 'run-started': {
      s.flowId = e.flowId;
      s.trigger = e.trigger;
      s.inputs = e.inputs;
      if (e.versionId !== undefined) s.versionId = e.versionId;
      if (e.partial !== undefined) s.partial = e.partial;
      s.startedAt = e.at;
      if (!isTerminal(s.status)) s.status = 'running';
      return;
    }
    case 'step-paused': {
      markRunning(s, e.at);
      s.paused = { stepId: e.stepId, iteration: e.iteration, inputs: e.inputs, reason: e.reason, at: e.at };
      return;
    }
    case 'step-resumed': {
      delete s.paused;
      return;
    }
    case 'step-started': {
      markRunning(s, e.at);
      if (s.paused) delete s.paused;
      const step = mutableStep(b, s, e.stepId);
      const key = iterationKey(e.iteration);
      step.status = 'running';
      step.startedAt = e.at;
      step.finishedAt = null;
      step.lastInputs = e.inputs;
      step.runCount += 1;
      if (step.streamed !== undefined) delete step.streamed;
      const started: IterationRecord = { key, iteration: e.iteration, status: 'running', startedAt: e.at, finishedAt: null, durationMs: null, inputs: e.inputs };
      if (e.messageId !== undefined) started.messageId = e.messageId;
      upsertIteration(b, step, started, findIteration(step.iterations, key));
      return;
    }
    case 'step-chunk': {
      markRunning(s, e.at);
      const step = mutableStep(b, s, e.stepId);
      const key = iterationKey(e.iteration);
      step.streamed = (step.streamed ?? '') + e.text;
      const at = findIteration(step.iterations, key);
      const prev = at >= 0 ? listAt(step.iterations, at) : undefined;
      const record: IterationRecord = prev
        ? { ...prev, streamed: (prev.streamed ?? '') + e.text }
        : { key, iteration: e.iteration, status: 'running', startedAt: e.at, finishedAt: null, durationMs: null, streamed: e.text };
      if (!prev && step.status !== 'running') {
        step.status = 'running';
        step.startedAt = e.at;
      }
      upsertIteration(b, step, record, at);
      return;
    }
    case 'step-finished': {
      markRunning(s, e.at);
      const step = mutableStep(b, s, e.stepId);
      const key = iterationKey(e.iteration);
      step.status = e.status;
      step.finishedAt = e.at;
      step.durationMs = e.durationMs;
      step.totalDurationMs += e.durationMs;
      if (step.startedAt === null) step.startedAt = e.at - e.durationMs;
      const at = findIteration(step.iterations, key);
      const prev = at >= 0 ? listAt(step.iterations, at) : undefined;
      // Streamed text is the output when the engine reports none of its own.
      const outputs = 'outputs' in e ? e.outputs : prev?.streamed !== undefined ? prev.streamed : undefined;
      const hasOutputs = 'outputs' in e || prev?.streamed !== undefined;
      if (hasOutputs) step.lastOutputs = outputs;
      if (e.error) step.lastError = e.error;
      else if (e.status === 'succeeded') delete step.lastError;
      if (e.branch !== undefined) {
        step.branch = e.branch;
        const taken = s.branchesTaken[e.stepId];
        if (!taken?.includes(e.branch)) {
          s.branchesTaken = b.own(s.branchesTaken);
          (s.branchesTaken as Record<string, readonly string[]>)[e.stepId] = [...(taken ?? []), e.branch];
        }
      }
      if (e.ports !== undefined) {
        const taken = s.portsTaken[e.stepId];
        const fresh = e.ports.filter((p) => !taken?.includes(p));
        if (fresh.length > 0 || !taken) {
          s.portsTaken = b.own(s.portsTaken);
          (s.portsTaken as Record<string, readonly string[]>)[e.stepId] = [...(taken ?? []), ...fresh];
        }
      }
      if (e.metadata) {
        step.metadata = addMetadata(step.metadata, e.metadata);
        s.metadata = addMetadata(s.metadata, e.metadata);
      }
      const record: IterationRecord = {
        key,
        iteration: e.iteration,
        status: e.status,
        startedAt: prev?.startedAt ?? e.at - e.durationMs,
        finishedAt: e.at,
        durationMs: e.durationMs,
      };
      if (prev?.inputs !== undefined) record.inputs = prev.inputs;
      if (prev?.streamed !== undefined) record.streamed = prev.streamed;
      if (hasOutputs) record.outputs = outputs;
      if (e.error) record.error = e.error;
      if (e.branch !== undefined) record.branch = e.branch;
      if (e.ports !== undefined) record.ports = e.ports;
      if (e.metadata) record.metadata = e.metadata;
      if (e.reused) {
        record.reused = e.reused;
        step.reused = e.reused;
      } else if (step.reused) delete step.reused;
      const messageId = e.messageId ?? prev?.messageId;
      if (messageId !== undefined) record.messageId = messageId;
      upsertIteration(b, step, record, at);
      return;
    }
    case 'step-status': {
      const step = mutableStep(b, s, e.stepId);
      if (e.text === '') delete step.statusLine;
      else step.statusLine = { text: e.text, ...(e.fill !== undefined ? { fill: e.fill } : {}), ...(e.shape !== undefined ? { shape: e.shape } : {}) };
      return;
    }
    case 'log': {
      const entry: LogEntry = { seq: e.seq, at: e.at, level: e.level, message: e.message };
      if (e.stepId !== undefined) entry.stepId = e.stepId;
      if (e.iteration !== undefined) entry.iteration = e.iteration;
      s.logs = b.append(s.logs, entry);
      s.logCounts = b.own(s.logCounts);
      (s.logCounts as Record<LogEntry['level'], number>)[e.level] += 1;
      return;
    }
    case 'run-finished': {
      if (s.paused) delete s.paused;
      s.status = e.status;
      s.finishedAt = e.at;
      s.durationMs = e.durationMs;
      if (s.startedAt === null) s.startedAt = e.at - e.durationMs;
      if ('outputs' in e) s.outputs = e.outputs;
      if (e.error) s.error = e.error;
      // A step still running when its run ended never finished: show it as cancelled, not spinning forever.
      for (const [id, step] of Object.entries(s.steps)) {
        if (step.status === 'running' || step.status === 'queued') {
          const st = mutableStep(b, s, id);
          st.status = 'cancelled';
          st.finishedAt = e.at;
        }
      }
      return;
    }
  }
}

/** Numbers are added, anything else is the latest value (a currency, a model name). */
function addMetadata(total: StepMetadata | undefined, add: StepMetadata): StepMetadata {
  const out: StepMetadata = { ...total };
  for (const [k, v] of Object.entries(add)) {
    const prev = out[k];
    out[k] = typeof v === 'number' && Number.isFinite(v) ? (typeof prev === 'number' ? prev : 0) + v : v;
  }
  return out;
}

function applyInto(b: Batch, state: RunState, events: Iterable<TraceEvent>): RunState {
  let s = state;
  for (const e of events) {
    // Duplicates (a reconnect replaying) and stale events leave the state object untouched.
    if (e.runId !== s.runId || e.seq <= s.lastSeq) continue;
    s = b.own(s);
    apply(b, s, e);
    s.lastSeq = e.seq;
    s.eventCount += 1;
  }
  return s;
}

/** One event. Events of another run, and events whose `seq` is not above `lastSeq`, are ignored: same state back. */
export function reduceRun(state: RunState, event: TraceEvent): RunState {
  return applyInto(new Batch(), state, [event]);
}

/** Many events at once (a frame's worth): the same result as folding `reduceRun`, with far less copying. */
export function applyEvents(state: RunState, events: Iterable<TraceEvent>): RunState {
  return applyInto(new Batch(), state, events);
}

/** The state of a recorded run; the run id comes from the first event (`''` when there is none). */
export function runStateFrom(events: readonly TraceEvent[], runId = events[0]?.runId ?? ''): RunState {
  return applyEvents(initialRunState(runId), events);
}

// ---------------------------------------------------------------------------------------------------------
// Reading helpers for views.

const HANDLE_BRANCH: Partial<Record<string, string>> = { true: 'then', false: 'else' };

/**
 * Whether the run went along a graph edge: its source finished, its target started, and the source fired the
 * edge's port (reported `ports`), or for an if's `true`/`false` port without `ports`, took that branch.
 */
export function isEdgeExecuted(state: RunState, edge: Pick<Edge, 'source' | 'sourcePort' | 'target'> & { targetPort?: string }): boolean {
  const source = state.steps[edge.source];
  const target = state.steps[edge.target];
  if (!source || !target || target.runCount === 0) return false;
  if (source.status === 'queued' || source.status === 'skipped') return false;
  const fired = state.portsTaken[edge.source];
  if (fired !== undefined) return fired.includes(edge.sourcePort);
  const branch = HANDLE_BRANCH[edge.sourcePort];
  if (branch !== undefined) return state.branchesTaken[edge.source]?.includes(branch) ?? false;
  return true;
}
