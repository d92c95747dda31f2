/**
 * Copy/paste of steps as versioned JSON text, so it survives the system clipboard, other tabs and other
 * Flowbench versions. Pasted text is foreign data: it is validated like a loaded flow.
 */
import { z } from 'zod';
import { cloneGroup, extractGroup, insertGroup, type StepGroup } from './copy';
import { DEFAULT_INPUT_PORT, FLOW_SCHEMA_VERSION, type Flow, type Slot, type StepId } from './flow';
import { syntaxFor } from './references/dialects';
import { edgeSchemaV1, edgeSchemaV2, stepSchemaV1, stepSchemaV2 } from './restore-schema';
import { structuralIssues } from './validate-structure';
import { foreignFlowProblem } from './foreign-flow';

export const CLIPBOARD_FORMAT = 'flowbench/steps';
/** 2: steps may carry ports and edges name both ports (flow schema 2). Version 1 text still pastes. */
export const CLIPBOARD_VERSION = 2;

const payloadSchema = z.strictObject({
  format: z.literal(CLIPBOARD_FORMAT),
  version: z.literal(CLIPBOARD_VERSION),
  dialect: z.string().min(1),
  steps: z.record(z.string(), stepSchemaV2),
  root: z.array(z.string().min(1)),
  edges: z.array(edgeSchemaV2).optional(),
});

const payloadSchemaV1 = z.strictObject({
  format: z.literal(CLIPBOARD_FORMAT),
  version: z.literal(1),
  dialect: z.string().min(1),
  steps: z.record(z.string(), stepSchemaV1),
  root: z.array(z.string().min(1)),
  edges: z.array(edgeSchemaV1).optional(),
});

/** Version 1 edges had `sourceHandle` and always ended at `in`. */
function upgradeV1(raw: unknown): unknown {
  const v1 = payloadSchemaV1.safeParse(raw);
  if (!v1.success) return raw;
  const { edges, ...rest } = v1.data;
  const out: Record<string, unknown> = { ...rest, version: CLIPBOARD_VERSION };
  if (edges) out.edges = edges.map(({ sourceHandle, ...e }) => ({ ...e, sourcePort: sourceHandle, targetPort: DEFAULT_INPUT_PORT }));
  return out;
}

export type ClipboardPayload = z.infer<typeof payloadSchema>;

/** Why a paste is refused, as a key the UI translates (`editor.json` `errors.paste.<reason>`, with `detail`). */
export const CLIPBOARD_REFUSALS = ['notSteps', 'newer', 'refused', 'damaged'] as const;
export type ClipboardRefusal = (typeof CLIPBOARD_REFUSALS)[number];

export class ClipboardFormatError extends Error {
  override name = 'ClipboardFormatError';
  constructor(
    message: string,
    readonly reason: ClipboardRefusal,
    /** The technical part (a path and what is wrong there), shown verbatim beside the translation. */
    readonly detail = '',
  ) {
    super(message);
  }
}

/** The selected steps (blocks with their content) as clipboard text. */
export function serializeSteps(flow: Flow, ids: readonly StepId[]): string {
  const group = extractGroup(flow, ids);
  const payload: ClipboardPayload = { format: CLIPBOARD_FORMAT, version: CLIPBOARD_VERSION, dialect: flow.dialect, steps: group.steps, root: group.root };
  if (group.edges) payload.edges = group.edges;
  return JSON.stringify(payload);
}

/** Parses clipboard text; throws `ClipboardFormatError` saying what is wrong with anything else. */
export function parseClipboard(text: string): ClipboardPayload {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ClipboardFormatError('The clipboard does not hold Flowbench steps (it is not JSON).', 'notSteps');
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== CLIPBOARD_FORMAT) {
    throw new ClipboardFormatError('The clipboard does not hold Flowbench steps.', 'notSteps');
  }
  // Pasted text is someone else's: refuse what recursive code below would choke on, with a readable reason.
  const foreign = foreignFlowProblem(raw);
  if (foreign) throw new ClipboardFormatError(`The copied steps cannot be pasted: ${foreign}.`, 'refused', foreign);
  const version = (raw as { version?: unknown }).version;
  if (typeof version === 'number' && version > CLIPBOARD_VERSION) {
    throw new ClipboardFormatError('These steps were copied from a newer Flowbench; update the app to paste them.', 'newer');
  }
  const result = payloadSchema.safeParse(version === 1 ? upgradeV1(raw) : raw);
  if (!result.success) {
    const first = result.error.issues[0];
    const detail = first ? `${first.path.join('.') || '(payload)'}: ${first.message}` : 'unknown problem';
    throw new ClipboardFormatError(`The copied steps are damaged: ${detail}.`, 'damaged', detail);
  }
  const payload = result.data;
  const asFlow: Flow = {
    schemaVersion: FLOW_SCHEMA_VERSION,
    id: 'clipboard',
    name: '',
    description: '',
    tags: [],
    structure: payload.edges ? 'graph' : 'blocks',
    steps: payload.steps,
    root: payload.root,
    edges: payload.edges ?? [],
    notes: [],
    inputs: [],
    dialect: payload.dialect,
  };
  const problem = structuralIssues(asFlow).find((i) => i.code !== 'cycle');
  if (problem) throw new ClipboardFormatError(`The copied steps are damaged: ${problem.message}.`, 'damaged', problem.message);
  return payload;
}

/**
 * Pastes a payload at a slot with fresh ids; references among the pasted steps point at the pasted copies.
 * Params from another dialect are pasted as they are (their references will not resolve) and the caller
 * may warn: compare `payload.dialect` with `flow.dialect`.
 */
export function pasteSteps(flow: Flow, payload: ClipboardPayload, slot: Slot): { flow: Flow; pastedIds: StepId[] } {
  const group: StepGroup = { steps: payload.steps, root: payload.root };
  if (payload.edges) group.edges = payload.edges;
  const syntax = payload.dialect === flow.dialect ? syntaxFor(flow.dialect) : undefined;
  const { group: copies } = cloneGroup(group, syntax, flow);
  const next = insertGroup(flow, copies, slot);
  return { flow: next, pastedIds: Object.keys(copies.steps).filter((id) => next.steps[id]) };
}
