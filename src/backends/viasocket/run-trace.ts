/**
 * A viaSocket run log (`GET /logs/projectid/…/scriptid/…`, and the dry run's answer) -> TraceEvents. Pure and
 * deterministic (timestamps from the log), so a live run and the same run read back from history are equal.
 */
import type { TraceEvent } from '../trace';
import type { RunStatus, RunSummary } from '../types';
import type { RunLog } from './schemas';

export function runIdOf(scriptId: string, logId: string): string {
  return `${scriptId}/${logId}`;
}

export function parseRunId(runId: string): { scriptId: string; logId: string } | null {
  const i = runId.indexOf('/');
  return i > 0 ? { scriptId: runId.slice(0, i), logId: runId.slice(i + 1) } : null;
}

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

export function runStatusOf(log: RunLog): Exclude<RunStatus, 'queued' | 'running'> {
  return log.status === 'success' ? 'succeeded' : 'failed';
}

export function triggerOf(log: RunLog): string {
  return log.isDryRun ? 'test' : 'webhook';
}

export function runSummaryOf(log: RunLog, flowId = log.script_id): RunSummary {
  return {
    id: runIdOf(log.script_id, log.id),
    flowId,
    status: runStatusOf(log),
    startedAt: time(log.created_at),
    finishedAt: time(log.finished_at),
    trigger: triggerOf(log),
    error: log.error ?? undefined,
  };
}

const STEP_STATUS = { success: 'succeeded', failed: 'failed', skipped: 'skipped' } as const;

/** `flowId`: the id the caller knows the flow by (an alias of the script id, see the adapter). */
export function eventsOfLog(log: RunLog, flowId = log.script_id): TraceEvent[] {
  const runId = runIdOf(log.script_id, log.id);
  const events: TraceEvent[] = [];
  let seq = 0;
  const start = time(log.created_at);
  events.push({ type: 'run-started', runId, seq: seq++, at: start, flowId, inputs: (log.req?.body as Record<string, unknown>) ?? {}, trigger: triggerOf(log) });
  for (const s of log.steps) {
    const stepId = s.stepId ?? `block:${s.title}`;
    const began = time(s.startedAt);
    const ended = time(s.finishedAt);
    events.push({ type: 'step-started', runId, seq: seq++, at: began, stepId, iteration: [], inputs: (typeof s.input === 'object' && s.input !== null ? s.input : { value: s.input }) as Record<string, unknown> });
    for (const line of s.logs ?? []) events.push({ type: 'log', runId, seq: seq++, at: began, level: 'info', message: line, stepId, iteration: [] });
    const status = STEP_STATUS[s.status as keyof typeof STEP_STATUS] ?? 'failed';
    events.push({
      type: 'step-finished',
      runId,
      seq: seq++,
      at: ended,
      stepId,
      iteration: [],
      status,
      outputs: s.data,
      error: s.error ? { message: s.error } : undefined,
      durationMs: Math.max(0, ended - began),
      branch: s.branch,
    });
  }
  const end = time(log.finished_at);
  const failedStep = log.steps.find((s) => s.status === 'failed');
  events.push({
    type: 'run-finished',
    runId,
    seq: seq++,
    at: end,
    status: runStatusOf(log),
    outputs: log.response,
    error: log.error ? { message: log.error, stepId: failedStep ? (failedStep.stepId ?? `block:${failedStep.title}`) : undefined } : undefined,
    durationMs: Math.max(0, end - start),
  });
  return events;
}
