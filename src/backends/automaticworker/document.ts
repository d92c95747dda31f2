/**
 * The AutoMaticWorker flow document (seed 002, "获取单个流程"): `nodes` with `position` and `data`, `edges`
 * with `source` / `target` / `type`. Validated loosely with zod: only what the mapping relies on is checked,
 * every other field passes through (`.loose()`), because a lossless editor must carry what it does not know.
 */
import { z } from 'zod';

export const amwPositionSchema = z.object({ x: z.number(), y: z.number() }).loose();

export const amwNodeSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    type: z.string(),
    position: z.unknown().optional(),
    data: z.unknown().optional(),
  })
  .loose();

export const amwEdgeSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String).optional(),
    source: z.union([z.string(), z.number()]).transform(String),
    target: z.union([z.string(), z.number()]).transform(String),
  })
  .loose();

/** A flow as `GET /api/flows/{id}` answers it. */
export const amwFlowSchema = z
  .object({
    id: z.union([z.number(), z.string()]),
    name: z.string(),
    description: z.string().nullable().optional(),
    nodes: z.array(amwNodeSchema).default([]),
    edges: z.array(amwEdgeSchema).default([]),
    created_at: z.string().nullable().optional(),
    updated_at: z.string().nullable().optional(),
  })
  .loose();

export type AmwNode = z.infer<typeof amwNodeSchema> & Record<string, unknown>;
export type AmwEdge = z.infer<typeof amwEdgeSchema> & Record<string, unknown>;

/**
 * The JSON document exactly as the server sent it (not the zod output: ids stay numbers when they were), so
 * the mapping can write it back byte for byte.
 */
export type AmwFlowDocument = Record<string, unknown> & {
  id?: number | string;
  name: string;
  description?: string | null;
  nodes: Array<Record<string, unknown>>;
  edges: Array<Record<string, unknown>>;
  created_at?: string | null;
  updated_at?: string | null;
};

/** Fields the server owns: surfaced in `FlowSummary`, never sent on create / update. */
export const MANAGED_FLOW_FIELDS = ['id', 'created_at', 'updated_at'] as const;
