/**
 * Runtime validation of what a SkillFlaw / Langflow server sends. Loose objects: unknown fields pass through
 * untouched (a FlowRead has forty-odd fields, most of which the editor never reads).
 */
import { z } from 'zod';

export const tokenSchema = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().nullish(),
  token_type: z.string().optional(),
});

export const userSchema = z.looseObject({ id: z.union([z.string(), z.number()]), username: z.string() });

export const flowReadSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  data: z.unknown().optional(),
  updated_at: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  project_id: z.string().nullish(),
  folder_id: z.string().nullish(),
  is_online: z.boolean().nullish(),
  online_version: z.string().nullish(),
  is_component: z.boolean().nullish(),
});
export type FlowRead = z.infer<typeof flowReadSchema>;

/** `GET /flows/`: a list (get_all), or a fastapi-pagination page. */
export const flowListSchema = z.union([
  z.array(flowReadSchema),
  z.looseObject({ items: z.array(flowReadSchema), total: z.number(), page: z.number().optional(), size: z.number().optional() }),
]);

export const projectSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  parent_id: z.string().nullish(),
  ctime: z.string().nullish(),
  utime: z.string().nullish(),
});
export type ProjectRead = z.infer<typeof projectSchema>;

export const versionSchema = z.looseObject({
  id: z.union([z.number(), z.string()]),
  flow_id: z.string(),
  name: z.string().nullish(),
  description: z.string().nullish(),
  version_note: z.string().nullish(),
  data: z.unknown().optional(),
  flow_version: z.string(),
  create_at: z.string().nullish(),
});
export type FlowVersionRead = z.infer<typeof versionSchema>;

export const jobSchema = z.looseObject({ job_id: z.string().min(1) });
export const cancelSchema = z.looseObject({ success: z.boolean(), message: z.string().nullish() });

/** `GET /all`: `{category: {ComponentType: frontendNode}}`. */
export const allTypesSchema = z.record(z.string(), z.record(z.string(), z.looseObject({ template: z.record(z.string(), z.unknown()) })));

export const buildEventSchema = z.looseObject({ event: z.string(), data: z.unknown() });
export type BuildEvent = z.infer<typeof buildEventSchema>;

export const vertexBuildsSchema = z.looseObject({
  vertex_builds: z.record(z.string(), z.array(z.looseObject({ id: z.string(), valid: z.boolean().nullish(), data: z.unknown(), timestamp: z.string().nullish(), build_id: z.string().nullish() }))),
});
