/**
 * Runs one app the way Dify's workflow engine reports it: a task with a run id, then `workflow_started`,
 * per node `node_started` / streamed `text_chunk` or `message` / `node_finished`, iteration events, and
 * `workflow_finished`. The run lives on the server whatever happens to the connection that started it (a cut
 * stream does not stop it), so `GET /workflows/run/:id` tells the final status.
 */
import { randomUUID } from 'node:crypto';
import type { AppNode, DifyApp, JsonRecord, NodeResult, RunContext } from './apps';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'stopped';

export interface RunRecord {
  id: string;
  taskId: string;
  app: DifyApp;
  user: string;
  inputs: JsonRecord;
  files: unknown[];
  status: RunStatus;
  outputs: JsonRecord | null;
  error: string | null;
  totalTokens: number;
  totalSteps: number;
  /** Epoch seconds, like Dify's stream timestamps. */
  createdAt: number;
  finishedAt: number | null;
  elapsedSeconds: number;
  sequenceNumber: number;
  /** Every stream event so far, in order; a listener gets the rest as they come. */
  events: JsonRecord[];
  listeners: Set<(event: JsonRecord) => void>;
  stopRequested: boolean;
  /** Set to make the run fail at its next pause (the stream's `error` fault). */
  failWith?: string;
  done: Promise<void>;
}

export interface RunnerTiming {
  /** Time each node takes besides its chunks. */
  stepMs: number;
  /** Default time between streamed chunks. */
  chunkMs: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const nowSeconds = () => Math.floor(Date.now() / 1000);

class Stopped extends Error {}

export function startRun(
  app: DifyApp,
  request: { inputs: JsonRecord; user: string; files: unknown[]; sequenceNumber: number },
  timing: RunnerTiming,
): RunRecord {
  const run: RunRecord = {
    id: randomUUID(),
    taskId: randomUUID(),
    app,
    user: request.user,
    inputs: request.inputs,
    files: request.files,
    status: 'running',
    outputs: null,
    error: null,
    totalTokens: 0,
    totalSteps: 0,
    createdAt: nowSeconds(),
    finishedAt: null,
    elapsedSeconds: 0,
    sequenceNumber: request.sequenceNumber,
    events: [],
    listeners: new Set(),
    stopRequested: false,
    done: Promise.resolve(),
  };
  run.done = execute(run, timing);
  return run;
}

function emit(run: RunRecord, event: string, body: JsonRecord): void {
  const e: JsonRecord = { event, task_id: run.taskId, workflow_run_id: run.id, ...body };
  run.events.push(e);
  for (const l of run.listeners) l(e);
}

async function execute(run: RunRecord, timing: RunnerTiming): Promise<void> {
  const started = Date.now();
  const ctx: RunContext = { inputs: run.inputs, outputs: {}, user: run.user, files: run.files };
  // Let the HTTP handler subscribe before the first event.
  await sleep(0);
  emit(run, 'workflow_started', {
    data: { id: run.id, workflow_id: run.app.workflowId, sequence_number: run.sequenceNumber, inputs: run.inputs, created_at: run.createdAt },
  });
  const counter = { index: 0 };
  let current: string | undefined = run.app.startNode;
  let predecessor: string | null = null;
  let failure: string | null = null;
  try {
    while (current) {
      const node: AppNode | undefined = run.app.nodes[current];
      if (!node) throw new Error(`app ${run.app.slug} has no node ${current}`);
      const result: NodeResult = node.iterate
        ? await runIteration(run, node, ctx, predecessor, counter, timing)
        : await runNode(run, node, ctx, predecessor, counter, timing, undefined);
      if (result.error) {
        failure = result.error;
        break;
      }
      predecessor = node.id;
      current = result.next;
    }
    finish(run, failure ? 'failed' : 'succeeded', failure, ctx, started);
  } catch (e) {
    if (e instanceof Stopped) finish(run, 'stopped', 'Workflow execution stopped by user.', ctx, started);
    else finish(run, 'failed', e instanceof Error ? e.message : String(e), ctx, started);
  }
}

function finish(run: RunRecord, status: RunStatus, error: string | null, ctx: RunContext, started: number): void {
  run.status = status;
  run.error = error;
  const endNode = Object.values(run.app.nodes).find((n) => n.type === 'end');
  run.outputs = status === 'succeeded' && endNode ? (ctx.outputs[endNode.id] ?? {}) : status === 'succeeded' ? {} : null;
  run.finishedAt = nowSeconds();
  run.elapsedSeconds = (Date.now() - started) / 1000;
  emit(run, 'workflow_finished', {
    data: {
      id: run.id,
      workflow_id: run.app.workflowId,
      status,
      outputs: run.outputs,
      error,
      elapsed_time: run.elapsedSeconds,
      total_tokens: run.totalTokens,
      total_steps: run.totalSteps,
      created_at: run.createdAt,
      finished_at: run.finishedAt,
    },
  });
  if (run.app.tts && status === 'succeeded') {
    // The seed's example stream ends with speech synthesis after the workflow finished.
    const message = { conversation_id: randomUUID(), message_id: randomUUID(), created_at: nowSeconds() };
    emit(run, 'tts_message', { ...message, audio: Buffer.from('ID3 fake mp3 frame').toString('base64') });
    emit(run, 'tts_message_end', { ...message, audio: '' });
  }
}

function check(run: RunRecord): void {
  if (run.failWith) throw new Error(run.failWith);
  if (run.stopRequested) throw new Stopped();
}

async function pause(run: RunRecord, ms: number): Promise<void> {
  check(run);
  await sleep(ms);
  check(run);
}

interface IterationInfo {
  iterationId: string;
  index: number;
}

async function runNode(
  run: RunRecord,
  node: AppNode,
  ctx: RunContext,
  predecessor: string | null,
  counter: { index: number },
  timing: RunnerTiming,
  iteration: IterationInfo | undefined,
): Promise<NodeResult> {
  const execId = randomUUID();
  const index = ++counter.index;
  const createdAt = nowSeconds();
  const inputs = node.reads?.(ctx) ?? {};
  const common: JsonRecord = {
    id: execId,
    node_id: node.id,
    node_type: node.type,
    title: node.title,
    index,
    predecessor_node_id: predecessor,
    inputs,
    created_at: createdAt,
  };
  if (iteration) common.iteration_id = iteration.iterationId;
  emit(run, 'node_started', { data: { ...common, extras: {} } });
  const t0 = Date.now();
  run.totalSteps++;
  const result = node.run(ctx);
  try {
    await pause(run, timing.stepMs);
    for (const text of result.chunks ?? []) {
      emit(run, 'text_chunk', { data: { text, from_variable_selector: [node.id, 'text'] } });
      await pause(run, node.chunkMs ?? timing.chunkMs);
    }
    for (const answer of result.messageChunks ?? []) {
      emit(run, 'message', { id: randomUUID(), answer, created_at: nowSeconds() });
      await pause(run, node.chunkMs ?? timing.chunkMs);
    }
  } catch (e) {
    if (e instanceof Stopped) {
      emit(run, 'node_finished', {
        data: { ...common, process_data: null, outputs: null, status: 'stopped', error: 'Workflow execution stopped by user.', elapsed_time: (Date.now() - t0) / 1000, execution_metadata: null },
      });
    }
    throw e;
  }
  run.totalTokens += result.tokens ?? 0;
  const metadata: JsonRecord | null = result.tokens
    ? { total_tokens: result.tokens, total_price: (result.price ?? 0).toFixed(7), currency: 'USD' }
    : null;
  const executionMetadata = iteration ? { ...(metadata ?? {}), iteration_id: iteration.iterationId, iteration_index: iteration.index } : metadata;
  if (!result.error) ctx.outputs[node.id] = result.outputs;
  emit(run, 'node_finished', {
    data: {
      ...common,
      process_data: result.processData ?? null,
      outputs: result.error ? null : result.outputs,
      status: result.error ? 'failed' : 'succeeded',
      error: result.error ?? null,
      elapsed_time: (Date.now() - t0) / 1000,
      execution_metadata: executionMetadata,
    },
  });
  return result;
}

/** Iteration events as Dify's task pipeline sends them; inner nodes carry `iteration_id` and `iteration_index`. */
async function runIteration(
  run: RunRecord,
  node: AppNode,
  ctx: RunContext,
  predecessor: string | null,
  counter: { index: number },
  timing: RunnerTiming,
): Promise<NodeResult> {
  const spec = node.iterate!;
  const execId = randomUUID();
  const items = spec.items(ctx);
  const inputs = node.reads?.(ctx) ?? {};
  const t0 = Date.now();
  const base = { id: execId, node_id: node.id, node_type: node.type, title: node.title };
  counter.index++;
  run.totalSteps++;
  emit(run, 'iteration_started', {
    data: { ...base, created_at: nowSeconds(), extras: {}, metadata: { iterator_length: items.length }, inputs, predecessor_node_id: predecessor },
  });
  const collected: unknown[] = [];
  for (let i = 0; i < items.length; i++) {
    emit(run, 'iteration_next', { data: { ...base, index: i, created_at: nowSeconds(), pre_iteration_output: i > 0 ? collected[i - 1] : null, extras: {} } });
    const innerCtx: RunContext = { ...ctx, inputs: { ...ctx.inputs, '#item': items[i], '#index': i } };
    const result = await runNode(run, spec.body, innerCtx, node.id, counter, timing, { iterationId: node.id, index: i });
    if (result.error) return { outputs: {}, error: result.error };
    collected.push(result.outputs.output);
  }
  const result = node.run(ctx);
  const outputs = { ...result.outputs, output: collected };
  ctx.outputs[node.id] = outputs;
  emit(run, 'iteration_completed', {
    data: {
      ...base,
      outputs,
      created_at: nowSeconds(),
      extras: {},
      inputs,
      status: 'succeeded',
      error: null,
      elapsed_time: (Date.now() - t0) / 1000,
      total_tokens: 0,
      execution_metadata: { total_tokens: 0 },
      finished_at: nowSeconds(),
      steps: items.length,
    },
  });
  return { ...result, outputs };
}
