/**
 * Testing one function step locally: the step's code runs in the local QuickJS sandbox with a sample
 * `context` (`context.req.body` from the sample inputs, `context.res.<Title>` from the sample outputs of
 * earlier steps, keyed by TITLE as viaSocket does). The runtime's `axios` is not in the sandbox (no network);
 * code that calls it fails with a clear error.
 */
import type { Sandbox } from '../local/sandbox/types';
import type { TestStepRequest, TestStepResult } from '../types';
import { BackendError } from '../types';
import { blockTypeOfModule } from './mapping';

/** Put on the user's first line (no newline), so the sandbox's error lines stay those of the user's code. */
const PREFIX =
  'const context = { req: { body: inputs, query: vars.query ?? {}, headers: vars.headers ?? {} }, res: steps, vals: {} }; ' +
  "const axios = () => Promise.reject(new Error('axios is not available when testing a step locally')); ";

export async function testFunctionStep(sandbox: Sandbox, req: TestStepRequest, timeoutMs = 5000): Promise<TestStepResult> {
  const step = req.flow.steps[req.stepId];
  if (!step) throw new BackendError('not-found', `No step ${req.stepId} in the flow`);
  const type = blockTypeOfModule(step.type);
  if (type !== 'function' && type !== 'ifBlock') throw new BackendError('unsupported', 'Only function steps and ifBlock conditions can be tested locally.');
  const res: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(req.sample.steps)) res[req.flow.steps[id]?.title ?? id] = value;
  const scope = { inputs: req.sample.inputs, steps: res, params: {}, vars: {} };
  const result =
    type === 'function'
      ? await sandbox.runFunction(PREFIX + String(step.params.code ?? ''), scope, { timeoutMs })
      : await sandbox.runFunction(`${PREFIX}return (${String(step.params.condition ?? 'false')});`, scope, { timeoutMs });
  if (result.ok) return { ok: true, value: result.value, logs: result.logs, durationMs: result.durationMs };
  return { ok: false, logs: result.logs, durationMs: result.durationMs, error: { message: result.error.message, line: result.error.line, column: result.error.column } };
}
