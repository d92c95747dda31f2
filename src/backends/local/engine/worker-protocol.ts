/** Messages between the page (`worker-runner.ts`) and the engine worker (`worker.ts` / `worker-host.ts`). */
import type { TestStepRequest, TestStepResult } from '../../types';
import type { TraceEvent } from '../../trace';
import type { EngineRunRequest } from './api';
import type { DebugCommand } from '../../debug';

export type ToWorker =
  | { type: 'run'; req: EngineRunRequest }
  | { type: 'cancel'; runId: string }
  | { type: 'debug'; runId: string; command: DebugCommand }
  | { type: 'testStep'; id: number; req: TestStepRequest };

export type FromWorker =
  /** Events of one run, in order; batched so a fast run does not flood postMessage. */
  | { type: 'events'; runId: string; events: TraceEvent[] }
  | { type: 'testStep-result'; id: number; result: TestStepResult };

export function isToWorker(data: unknown): data is ToWorker {
  if (!data || typeof data !== 'object') return false;
  const m = data as { type?: unknown; runId?: unknown; id?: unknown; req?: unknown };
  if (m.type === 'run') return !!m.req && typeof m.req === 'object';
  if (m.type === 'cancel') return typeof m.runId === 'string';
  if (m.type === 'debug') return typeof m.runId === 'string' && isDebugCommand((m as { command?: unknown }).command);
  if (m.type === 'testStep') return typeof m.id === 'number' && !!m.req && typeof m.req === 'object';
  return false;
}

const COMMANDS: ReadonlySet<string> = new Set(['continue', 'stepOver', 'stepInto', 'stepOut', 'stop']);

function isDebugCommand(c: unknown): c is DebugCommand {
  if (!c || typeof c !== 'object') return false;
  const { type, inputs } = c as { type?: unknown; inputs?: unknown };
  return typeof type === 'string' && COMMANDS.has(type) && (inputs === undefined || (!!inputs && typeof inputs === 'object' && !Array.isArray(inputs)));
}

export function isFromWorker(data: unknown): data is FromWorker {
  if (!data || typeof data !== 'object') return false;
  const m = data as { type?: unknown; runId?: unknown; events?: unknown; id?: unknown; result?: unknown };
  if (m.type === 'events') return typeof m.runId === 'string' && Array.isArray(m.events);
  if (m.type === 'testStep-result') return typeof m.id === 'number' && !!m.result && typeof m.result === 'object';
  return false;
}
