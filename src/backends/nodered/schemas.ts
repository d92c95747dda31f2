/**
 * zod schemas of everything Node-RED answers (admin API and /comms frames). Node objects are validated only
 * for what the adapter relies on (`id`, `type`, and the shapes of `z`, `wires`, `x`, `y`); every other field
 * is kept as it came, because a deploy must write it back untouched.
 */
import { z } from 'zod';

/** One object of the flow configuration: a tab, subflow, node, config node, group or junction. */
export const nodeObjectSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  z: z.string().optional(),
  wires: z.array(z.array(z.string())).optional(),
  x: z.number().optional(),
  y: z.number().optional(),
});
export type NodeObject = z.infer<typeof nodeObjectSchema>;

/**
 * A node object validated but passed through as the very same object: zod rebuilds objects with the shape's
 * keys first, and a deploy must keep every key where it was for `GET /flows` to stay byte-identical.
 */
const keptNodeObject = z.custom<NodeObject>((v) => nodeObjectSchema.safeParse(v).success, {
  message: 'not a Node-RED flow object (needs a string id and type; z a string, wires arrays of ids, x/y numbers)',
});

/** `GET /flows` with `Node-RED-API-Version: v2`. */
export const flowsV2Schema = z.looseObject({
  rev: z.string().min(1),
  flows: z.array(keptNodeObject),
});
export type FlowsV2 = z.infer<typeof flowsV2Schema>;

/** `POST /flows` (v2) answers the new revision. */
export const deployResultSchema = z.looseObject({ rev: z.string().min(1) });

/** `GET /nodes` with `Accept: application/json`: node sets (one per file), each with the types it registers. */
export const nodeSetSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  types: z.array(z.string()),
  enabled: z.boolean(),
  module: z.string(),
  version: z.string().optional(),
  local: z.boolean().optional(),
  user: z.boolean().optional(),
  err: z.unknown().optional(),
});
export const nodeSetsSchema = z.array(nodeSetSchema);
export type NodeSet = z.infer<typeof nodeSetSchema>;

/** `GET /plugins` with `Accept: application/json`. */
export const pluginSetsSchema = z.array(
  z.looseObject({
    id: z.string(),
    module: z.string(),
    enabled: z.boolean().optional(),
    plugins: z.array(z.looseObject({ id: z.string(), type: z.string().optional() })).optional(),
  }),
);

/** `GET /auth/login`: `{}` without adminAuth, `{type: "credentials", prompts}` with it. */
export const authLoginSchema = z.looseObject({
  type: z.string().optional(),
  prompts: z.array(z.looseObject({ id: z.string().optional(), type: z.string() })).optional(),
});

/** `POST /auth/token`. */
export const tokenSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().optional(),
  token_type: z.string().optional(),
});

/** `GET /settings`: what tells a Node-RED apart from any other server. */
export const runtimeSettingsSchema = z.looseObject({
  httpNodeRoot: z.string(),
  version: z.string(),
});

/** One websocket frame from /comms: an array of messages, or an auth answer. */
export const commsMessageSchema = z.looseObject({ topic: z.string(), data: z.unknown() });
export const commsFrameSchema = z.union([z.array(commsMessageSchema), z.looseObject({ auth: z.string() })]);

/** The trace plugin's events (server/nodered/flowbench-trace-plugin/trace.js). */
export const tracePluginEventSchema = z.looseObject({
  v: z.number(),
  kind: z.enum(['receive', 'send', 'complete']),
  at: z.number(),
  msgid: z.string().optional(),
  node: z.string(),
  z: z.string().optional(),
  alias: z.string().optional(),
  type: z.string().optional(),
  port: z.number().optional(),
  to: z.string().optional(),
  msg: z.unknown().optional(),
  error: z.looseObject({ message: z.string(), name: z.string().optional(), code: z.string().optional() }).optional(),
});
export type TracePluginEvent = z.infer<typeof tracePluginEventSchema>;

/** A `debug` comms message: debug node output, and node.warn / node.error (with `level` 30 / 20). */
export const debugMessageSchema = z.looseObject({
  id: z.string().optional(),
  z: z.string().optional(),
  name: z.string().optional(),
  level: z.number().optional(),
  msg: z.unknown().optional(),
  format: z.string().optional(),
  property: z.string().optional(),
  topic: z.string().optional(),
});

/** A `status/<id>` comms message; `{}` clears the status. */
export const statusMessageSchema = z.looseObject({
  text: z.unknown().optional(),
  fill: z.string().optional(),
  shape: z.string().optional(),
});
