/**
 * `restoreFlow` is the one door every stored or imported flow document comes through: it detects the schema
 * version, migrates, validates shape (zod) and structure (ids, nesting), and either returns a complete,
 * normalised `Flow` or throws `FlowFormatError`. There is no partial result: a flow loaded half-way would be
 * saved back half-way.
 */
import type { z } from 'zod';
import { BRANCHES_OF, FLOW_SCHEMA_VERSION, isBlockKind, type Flow, type Step, type StepId } from './flow';
import { DEFAULT_INPUT_PORT } from './flow';
import { flowSchemaV0, flowSchemaV1, flowSchemaV2, type StepV0 } from './restore-schema';
import { aKind, structuralIssues } from './validate-structure';

export class FlowFormatError extends Error {
  override name = 'FlowFormatError';
  /** Every problem found, each starting with the path of the bad field (`steps.abc.params: ...`). */
  readonly problems: string[];

  constructor(problems: string[]) {
    const shown = problems.slice(0, 5).join('; ');
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
    super(`This flow document cannot be loaded: ${shown}${more}`);
    this.problems = problems;
  }
}

const ARTICLE: Record<string, string> = {
  object: 'an object',
  record: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean (true/false)',
};

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.') || '(document)';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `${path}: is required`;
      return `${path}: expected ${ARTICLE[issue.expected] ?? issue.expected}`;
    case 'unrecognized_keys':
      return `${path}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (vendor data belongs in "extensions")`;
    case 'invalid_value':
      return `${path}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string' ? `${path}: must not be empty` : `${path}: ${issue.message}`;
    default:
      return `${path}: ${issue.message}`;
  }
}

function parseOrThrow<T>(schema: z.ZodType<T>, raw: unknown): T {
  const result = schema.safeParse(raw, { reportInput: true });
  if (!result.success) throw new FlowFormatError(result.error.issues.map(describeIssue));
  return result.data;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** v0 -> v1: nested step arrays become the step record plus id lists; missing optional fields get defaults. */
function migrateV0(raw: unknown): unknown {
  const v0 = parseOrThrow(flowSchemaV0, raw);
  const steps: Record<StepId, Step> = {};
  const problems: string[] = [];
  const flatten = (list: StepV0[], path: string): StepId[] =>
    list.map((s, i) => {
      if (steps[s.id]) problems.push(`${path}.${i}.id: step id "${s.id}" is used twice`);
      const step: Step = { id: s.id, kind: s.kind, type: s.type, title: s.title ?? '', params: s.params ?? {} };
      if (s.position) step.position = s.position;
      if (s.disabled !== undefined) step.disabled = s.disabled;
      if (s.extensions) step.extensions = s.extensions;
      steps[s.id] = step;
      const nested = { then: s.then, else: s.else, body: s.body };
      for (const [branch, children] of Object.entries(nested)) {
        if (!children) continue;
        if (!(BRANCHES_OF[s.kind] as string[]).includes(branch)) {
          problems.push(`${path}.${i}.${branch}: ${aKind(s.kind)} step cannot have "${branch}" steps`);
          continue;
        }
        step.branches = { ...step.branches, [branch]: flatten(children, `${path}.${i}.${branch}`) };
      }
      return s.id;
    });
  const root = flatten(v0.steps, 'steps');
  if (problems.length > 0) throw new FlowFormatError(problems);
  const flow: Flow = {
    schemaVersion: FLOW_SCHEMA_VERSION,
    id: v0.id,
    name: v0.name,
    description: v0.description ?? '',
    tags: v0.tags ?? [],
    structure: 'blocks',
    steps,
    root,
    edges: [],
    notes: [],
    inputs: [],
    dialect: v0.dialect ?? 'local',
  };
  if (v0.extensions) flow.extensions = v0.extensions;
  return flow;
}

/** v1 -> v2: an edge's `sourceHandle` becomes `sourcePort`, and every edge ends at the target's `in` port. */
function migrateV1(raw: unknown): unknown {
  const v1 = parseOrThrow(flowSchemaV1, raw);
  return {
    ...v1,
    schemaVersion: 2,
    edges: v1.edges.map(({ sourceHandle, ...e }) => ({ ...e, sourcePort: sourceHandle, targetPort: DEFAULT_INPUT_PORT })),
  };
}

/** Block steps always carry their first branch list; plain steps drop empty leftover lists. */
function normalize(flow: Flow): Flow {
  const steps: Record<StepId, Step> = {};
  for (const [key, step] of Object.entries(flow.steps)) {
    let s = step;
    if (flow.structure === 'blocks' && s.kind === 'if' && !s.branches?.then) s = { ...s, branches: { ...s.branches, then: [] } };
    if (flow.structure === 'blocks' && s.kind === 'loop' && !s.branches?.body) s = { ...s, branches: { ...s.branches, body: [] } };
    if (!isBlockKind(s.kind) && s.branches && Object.values(s.branches).every((l) => !l || l.length === 0)) {
      const { branches: _empty, ...rest } = s;
      s = rest;
    }
    steps[key] = s;
  }
  return { ...flow, steps };
}

/**
 * Loads a flow document of any known schema version. Throws `FlowFormatError` naming every bad field by path
 * (`steps.abc.params: expected an object`). Cycles in a free graph are loaded (foreign graphs may have them)
 * and reported by `validateFlow`; every other structural problem refuses the document.
 */
export function restoreFlow(raw: unknown): Flow {
  if (!isRecord(raw)) throw new FlowFormatError(['(document): expected an object']);
  let current: unknown = raw;
  if (raw.schemaVersion === undefined) {
    if (!Array.isArray(raw.steps)) {
      throw new FlowFormatError(['schemaVersion: is required (this does not look like a Flowbench flow)']);
    }
    current = migrateV0(raw);
  } else if (raw.schemaVersion === 1) {
    current = migrateV1(raw);
  } else if (typeof raw.schemaVersion === 'number' && raw.schemaVersion > FLOW_SCHEMA_VERSION) {
    throw new FlowFormatError([
      `schemaVersion: ${raw.schemaVersion} was written by a newer Flowbench (this one reads up to ${FLOW_SCHEMA_VERSION}); update the app`,
    ]);
  }
  const flow = normalize(parseOrThrow(flowSchemaV2, current) as Flow);
  const problems = structuralIssues(flow).filter((i) => i.code !== 'cycle');
  if (problems.length > 0) throw new FlowFormatError(problems.map((p) => p.message));
  return flow;
}
