/**
 * Small builders for engine tests and benchmarks: a block flow from nested arrays, a graph flow from edges.
 * Not used by production code.
 */
import type { Edge, Flow, SourceHandle, Step, StepKind } from '../../../model/flow';
import { FLOW_SCHEMA_VERSION } from '../../../model/flow';

export interface StepSpec {
  id: string;
  type: string;
  params?: Record<string, unknown>;
  then?: StepSpec[];
  else?: StepSpec[];
  body?: StepSpec[];
  extra?: Partial<Step>;
}

const KIND_OF: Record<string, StepKind> = { 'core.manual_trigger': 'trigger', 'core.if': 'if', 'core.loop': 'loop' };

export function s(id: string, type: string, params: Record<string, unknown> = {}, extra: Partial<Step> = {}): StepSpec {
  return { id, type, params, extra };
}

export function ifStep(id: string, condition: unknown, then: StepSpec[], otherwise: StepSpec[] = [], extra: Partial<Step> = {}): StepSpec {
  return { id, type: 'core.if', params: { condition }, then, else: otherwise, extra };
}

export function loopStep(id: string, params: Record<string, unknown>, body: StepSpec[], extra: Partial<Step> = {}): StepSpec {
  return { id, type: 'core.loop', params, body, extra };
}

export function fn(id: string, code: string, extra: Partial<Step> = {}): StepSpec {
  return s(id, 'core.function', { code }, extra);
}

function toStep(spec: StepSpec): Step {
  const kind = KIND_OF[spec.type] ?? 'action';
  const step: Step = { id: spec.id, kind, type: spec.type, title: spec.id, params: spec.params ?? {}, ...spec.extra };
  return step;
}

export function blockFlow(root: StepSpec[], over: Partial<Flow> = {}): Flow {
  const steps: Record<string, Step> = {};
  const add = (list: StepSpec[]): string[] =>
    list.map((spec) => {
      const step = toStep(spec);
      steps[spec.id] = step;
      if (step.kind === 'if') step.branches = { then: add(spec.then ?? []), else: add(spec.else ?? []) };
      if (step.kind === 'loop') step.branches = { body: add(spec.body ?? []) };
      return spec.id;
    });
  const rootIds = add(root);
  return {
    schemaVersion: FLOW_SCHEMA_VERSION,
    id: 'flow-test',
    name: 'Test flow',
    description: '',
    tags: [],
    structure: 'blocks',
    steps,
    root: rootIds,
    edges: [],
    notes: [],
    inputs: [],
    dialect: 'local',
    ...over,
  };
}

export function graphFlow(list: StepSpec[], edges: Array<[string, SourceHandle, string]>, over: Partial<Flow> = {}): Flow {
  const steps: Record<string, Step> = {};
  for (const spec of list) steps[spec.id] = toStep(spec);
  return {
    schemaVersion: FLOW_SCHEMA_VERSION,
    id: 'flow-graph',
    name: 'Graph flow',
    description: '',
    tags: [],
    structure: 'graph',
    steps,
    root: list.map((x) => x.id),
    edges: edges.map(([source, sourcePort, target], i): Edge => ({ id: `e${i}`, source, sourcePort, target, targetPort: 'in' })),
    notes: [],
    inputs: [],
    dialect: 'local',
    ...over,
  };
}
