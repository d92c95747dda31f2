/**
 * zod schemas of what the viaSocket Flow API (seed 000) answers. Loose objects throughout: the API returns
 * more than the document lists, and whatever we do not read must still ride along untouched.
 */
import { z } from 'zod';

/** `{"success": true, "data": ...}`, the envelope the document shows for create. */
export function envelope<T extends z.ZodType>(data: T) {
  return z.looseObject({ success: z.literal(true), data });
}

export const blockSchema = z.looseObject({ type: z.string(), identifier: z.string().optional() });
export type Block = z.infer<typeof blockSchema>;

export const jsonScriptSchema = z.looseObject({
  order: z.record(z.string(), z.array(z.string())),
  blocks: z.record(z.string(), blockSchema),
});
export type JsonScript = z.infer<typeof jsonScriptSchema>;

/** `used_variables`: `{ <block type>: { <step title>: { field: value, "_field-Type": type } } }`. */
export const usedVariablesSchema = z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown())));
export type UsedVariables = z.infer<typeof usedVariablesSchema>;

export const scriptSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  description: z.string().nullish(),
  project_id: z.string().optional(),
  status: z.union([z.number(), z.string()]).optional(),
  json_script: jsonScriptSchema,
  used_variables: usedVariablesSchema.nullish(),
  execution_script: z.unknown().optional(),
  updated_at: z.string().optional(),
  created_at: z.string().optional(),
});
export type Script = z.infer<typeof scriptSchema>;

export const scriptListItemSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  status: z.union([z.number(), z.string()]).optional(),
  updated_at: z.string().optional(),
});
export type ScriptListItem = z.infer<typeof scriptListItemSchema>;

export const projectSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  flows: z.array(scriptListItemSchema).optional(),
});
export type Project = z.infer<typeof projectSchema>;

export const orgDetailsSchema = z.looseObject({ id: z.union([z.string(), z.number()]), name: z.string().optional() });

/** `GET /scripts/{scriptId}/functions/`: one record per step with its configuration (`code`). */
export const functionSchema = z.looseObject({ id: z.string(), title: z.string(), type: z.string(), code: z.unknown() });
export type FunctionRecord = z.infer<typeof functionSchema>;

export const pluginSchema = z.looseObject({
  rowid: z.string(),
  name: z.string(),
  domain: z.string().optional(),
  iconurl: z.string().optional(),
  description: z.string().optional(),
  preferedauthversion: z.string().nullish(),
});
export type Plugin = z.infer<typeof pluginSchema>;

export const actionFieldSchema = z.looseObject({
  key: z.string(),
  label: z.string().optional(),
  type: z.string().optional(),
  required: z.boolean().optional(),
  help: z.string().optional(),
});

export const actionSchema = z.looseObject({
  rowid: z.string(),
  name: z.string(),
  pluginrecordid: z.string(),
  pluginname: z.string().optional(),
  iconurl: z.string().optional(),
  description: z.string().optional(),
  type: z.string().optional(),
  code: z.string().optional(),
  fields: z.array(actionFieldSchema).optional(),
});
export type Action = z.infer<typeof actionSchema>;

export const stepLogSchema = z.looseObject({
  title: z.string(),
  stepId: z.string().nullish(),
  type: z.string(),
  status: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  input: z.unknown().optional(),
  data: z.unknown().optional(),
  error: z.string().nullish(),
  logs: z.array(z.string()).optional(),
  branch: z.string().optional(),
});

export const runLogSchema = z.looseObject({
  id: z.string(),
  script_id: z.string(),
  isDryRun: z.boolean(),
  status: z.string(),
  created_at: z.string(),
  finished_at: z.string(),
  req: z.looseObject({ body: z.unknown().optional() }).optional(),
  steps: z.array(stepLogSchema),
  response: z.unknown().optional(),
  error: z.string().nullish(),
});
export type RunLog = z.infer<typeof runLogSchema>;

export const logsPageSchema = envelope(z.looseObject({ data: z.array(runLogSchema), total: z.number().optional() }));

/**
 * Validates with `schema` but returns the value exactly as decoded: zod rebuilds objects with the known keys
 * first, and viaSocket's key order must survive for byte-identical saves.
 */
export function validated<T extends z.ZodType>(schema: T): (raw: unknown) => z.infer<T> {
  return (raw) => {
    schema.parse(raw);
    return raw as z.infer<T>;
  };
}
