/**
 * The sample a single-step test runs with (`TestStepRequest.sample`): what earlier steps output and the run
 * inputs. Prefilled from the last run's real values where there is one, with placeholders shaped like the
 * module outputs otherwise, and edited as JSON text by the user.
 */
import { stepsBefore } from '../../model';
import { displayNamesOf } from '../../model/references/display';
import type { Flow, RunInputDefinition, StepId } from '../../model/flow';
import type { ModuleDefinition, ValueType } from '../../model/modules';

export interface TestSample {
  /** Earlier steps' outputs: by step name in the text people edit, by id in the request (`sampleRequest`). */
  steps: Record<string, unknown>;
  inputs: Record<string, unknown>;
}

export interface LastRunValues {
  /** Real outputs by step id. */
  outputs: Readonly<Record<StepId, unknown>>;
  inputs: Readonly<Record<string, unknown>>;
}

function placeholder(type: ValueType | RunInputDefinition['type'] | undefined): unknown {
  switch (type) {
    case 'string':
      return '';
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'list':
      return [];
    case 'dictionary':
    case 'object':
      return {};
    default:
      return null;
  }
}

export function defaultSample(
  flow: Flow,
  stepId: StepId,
  modules: readonly ModuleDefinition[],
  lastRun?: LastRunValues,
): TestSample {
  if (flow.dialect === 'nodered') return noderedSample(flow, stepId, lastRun);
  const inputs: Record<string, unknown> = {};
  for (const def of flow.inputs) inputs[def.id] = def.defaultValue ?? placeholder(def.type);
  if (lastRun) Object.assign(inputs, lastRun.inputs);
  const byId = new Map(modules.map((m) => [m.id, m]));
  const names = displayNamesOf(flow);
  const steps: Record<string, unknown> = {};
  for (const id of stepsBefore(flow, stepId)) {
    const step = flow.steps[id];
    if (!step) continue;
    const key = names.nameOf(id) ?? id;
    if (lastRun && id in lastRun.outputs && lastRun.outputs[id] !== undefined) {
      steps[key] = lastRun.outputs[id];
      continue;
    }
    const module = byId.get(step.type);
    if (module?.extensions?.outputsAreRunInputs === true) steps[key] = { ...inputs };
    else if (module) steps[key] = Object.fromEntries(module.outputs.map((o) => [o.id, placeholder(o.type)]));
    else steps[key] = null;
  }
  return { steps, inputs };
}

/** The sample as a test request carries it: steps by id (a key that is no step name stays as written). */
export function sampleRequest(flow: Flow, sample: TestSample): TestSample {
  const names = displayNamesOf(flow);
  const steps: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(sample.steps)) {
    const id = flow.steps[key] ? key : names.idOf(key);
    steps[id ?? key] = value;
  }
  return { steps, inputs: sample.inputs };
}

export type SampleParse =
  | { ok: true; sample: TestSample }
  /** `key`: an i18n key in the codeEditor namespace; `values` for interpolation. */
  | { ok: false; key: string; values: Record<string, string | number> };

function lineColumnAt(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  !!x && typeof x === 'object' && !Array.isArray(x);

export function parseSample(text: string): SampleParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(message);
    const where = pos ? lineColumnAt(text, Number(pos[1])) : /line (\d+) column (\d+)/.exec(message);
    const line = where ? (Array.isArray(where) ? Number(where[1]) : where.line) : 1;
    const column = where ? (Array.isArray(where) ? Number(where[2]) : where.column) : 1;
    return {
      ok: false,
      key: 'test.sampleInvalidJson',
      values: { line, column, message: message.replace(/\s*\(line \d+ column \d+\)/, '') },
    };
  }
  if (!isRecord(value)) return { ok: false, key: 'test.sampleNotObject', values: {} };
  const unknownKeys = Object.keys(value).filter((k) => k !== 'steps' && k !== 'inputs');
  if (unknownKeys.length > 0)
    return { ok: false, key: 'test.sampleUnknownKeys', values: { keys: unknownKeys.join(', ') } };
  for (const key of ['steps', 'inputs'] as const) {
    if (value[key] !== undefined && !isRecord(value[key]))
      return { ok: false, key: 'test.sampleFieldNotObject', values: { key } };
  }
  return {
    ok: true,
    sample: {
      steps: isRecord(value.steps) ? value.steps : {},
      inputs: isRecord(value.inputs) ? value.inputs : {},
    },
  };
}

export function formatSample(sample: TestSample): string {
  return JSON.stringify(sample, null, 2);
}

/** A returned value for display: pretty JSON, `undefined` spelled out, very long text cut. */
export function formatValue(value: unknown, maxChars = 20_000): { text: string; truncated: boolean } {
  const text = value === undefined ? 'undefined' : (JSON.stringify(value, null, 2) ?? String(value));
  return text.length > maxChars
    ? { text: text.slice(0, maxChars), truncated: true }
    : { text, truncated: false };
}

/**
 * A Node-RED function node is tested with one message: `msg` (what the node wired into it sent on that port
 * in the last run, else an empty message); `flow`, `global` and `context` may be added to seed the stores.
 */
function noderedSample(flow: Flow, stepId: StepId, lastRun?: LastRunValues): TestSample {
  for (const e of flow.edges ?? []) {
    if (e.target !== stepId) continue;
    const sent = lastRun?.outputs[e.source];
    const msg = sent && typeof sent === 'object' ? (sent as Record<string, unknown>)[e.sourcePort] : undefined;
    if (msg && typeof msg === 'object' && !Array.isArray(msg)) return { steps: {}, inputs: { msg } };
  }
  return { steps: {}, inputs: { msg: { payload: '', topic: '' } } };
}
