/**
 * zod schemas of the persisted flow document, one per schema version. Strict: a field we do not know in our
 * own format is a bug or a foreign document, and silently dropping it would lose data on the next save.
 * Vendor data belongs in the `extensions` bags, which are kept as they are.
 */
import { z } from 'zod';

const id = z.string().min(1);
const bag = z.record(z.string(), z.unknown());
const position = z.strictObject({ x: z.number(), y: z.number() });
const stepKind = z.enum(['trigger', 'action', 'if', 'loop']);

export const stepSchemaV1 = z.strictObject({
  id,
  kind: stepKind,
  type: z.string(),
  title: z.string(),
  params: bag,
  branches: z
    .strictObject({ then: z.array(id).optional(), else: z.array(id).optional(), body: z.array(id).optional() })
    .optional(),
  hasElse: z.boolean().optional(),
  position: position.optional(),
  disabled: z.boolean().optional(),
  onError: z.enum(['stop', 'continue']).optional(),
  timeoutMs: z.number().int().nonnegative().optional(),
  extensions: bag.optional(),
});

export const edgeSchemaV1 = z.strictObject({
  id,
  source: id,
  sourceHandle: z.enum(['out', 'true', 'false', 'body', 'after']),
  target: id,
});

export const noteSchemaV1 = z.strictObject({
  id,
  text: z.string(),
  position,
  width: z.number().positive().optional(),
  height: z.number().positive().optional(),
  color: z.string().optional(),
});

export const runInputSchemaV1 = z.strictObject({
  id,
  label: z.string(),
  type: z.enum(['string', 'number', 'boolean', 'json']),
  required: z.boolean().optional(),
  defaultValue: z.unknown().optional(),
  description: z.string().optional(),
});

export const flowSchemaV1 = z.strictObject({
  schemaVersion: z.literal(1),
  id,
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  structure: z.enum(['blocks', 'graph']),
  steps: z.record(z.string(), stepSchemaV1),
  root: z.array(id),
  edges: z.array(edgeSchemaV1),
  notes: z.array(noteSchemaV1),
  inputs: z.array(runInputSchemaV1),
  dialect: z.string().min(1),
  extensions: bag.optional(),
});

const localized = z.strictObject({ text: z.string(), en: z.string().optional() });
const port = z.strictObject({
  id,
  label: localized.optional(),
  types: z.array(z.string()).optional(),
  multiple: z.boolean().optional(),
});

/** v2: steps may carry their own ports; edges name a source and a target port and keep vendor fields. */
export const stepSchemaV2 = stepSchemaV1.extend({
  ports: z.strictObject({ inputs: z.array(port), outputs: z.array(port) }).optional(),
});

export const edgeSchemaV2 = z.strictObject({
  id,
  source: id,
  sourcePort: id,
  target: id,
  targetPort: id,
  extensions: bag.optional(),
});

export const flowSchemaV2 = flowSchemaV1.extend({
  schemaVersion: z.literal(2),
  steps: z.record(z.string(), stepSchemaV2),
  edges: z.array(edgeSchemaV2),
});

/**
 * v0, the prototype's format (no `schemaVersion`): steps were a nested array, blocks holding their children
 * inline in `then` / `else` / `body`, and optional fields had defaults.
 */
export interface StepV0 {
  id: string;
  kind: z.infer<typeof stepKind>;
  type: string;
  title?: string | undefined;
  params?: Record<string, unknown> | undefined;
  position?: { x: number; y: number } | undefined;
  disabled?: boolean | undefined;
  extensions?: Record<string, unknown> | undefined;
  then?: StepV0[] | undefined;
  else?: StepV0[] | undefined;
  body?: StepV0[] | undefined;
}

export const stepSchemaV0: z.ZodType<StepV0> = z.lazy(() =>
  z.strictObject({
    id,
    kind: stepKind,
    type: z.string(),
    title: z.string().optional(),
    params: bag.optional(),
    position: position.optional(),
    disabled: z.boolean().optional(),
    extensions: bag.optional(),
    then: z.array(stepSchemaV0).optional(),
    else: z.array(stepSchemaV0).optional(),
    body: z.array(stepSchemaV0).optional(),
  }),
);

export const flowSchemaV0 = z.strictObject({
  id,
  name: z.string(),
  description: z.string().optional(),
  tags: z.array(z.string()).optional(),
  dialect: z.string().min(1).optional(),
  steps: z.array(stepSchemaV0),
  extensions: bag.optional(),
});
