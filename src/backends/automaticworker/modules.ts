/**
 * Node types (`GET /api/node-types`, `GET /api/node-types/{id}`) -> module definitions: `input_schema` is
 * handed to the forms as JSON Schema as it is; `output_schema`'s properties become the outputs (with their
 * schema, for the reference picker and Monaco typings), and the whole `output_schema` and `example_usage`
 * ride along in `extensions.automaticworker`.
 */
import { z } from 'zod';
import type { ModuleCategory, ModuleDefinition, ModuleOutput, ValueType } from '../../model/modules';
import { DEFAULT_MAPPING, kindOfType, type AmwMappingOptions } from './mapping';

export const nodeTypeSchema = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    category: z.string().optional(),
    description: z.string().optional(),
    input_schema: z.record(z.string(), z.unknown()).nullable().optional(),
    output_schema: z.record(z.string(), z.unknown()).nullable().optional(),
    example_usage: z.unknown().optional(),
  })
  .loose();

export const nodeTypeListSchema = z.object({ node_types: z.array(nodeTypeSchema) }).loose();

export type NodeTypeDto = z.infer<typeof nodeTypeSchema>;

function valueTypeOf(schema: unknown): ValueType {
  const t = (schema as { type?: unknown } | undefined)?.type;
  switch (Array.isArray(t) ? t[0] : t) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return 'list';
    case 'object':
      return 'object';
    default:
      return 'any';
  }
}

export function outputsOf(outputSchema: Record<string, unknown> | null | undefined): ModuleOutput[] {
  const props = outputSchema?.properties;
  if (!props || typeof props !== 'object') return [];
  return Object.entries(props as Record<string, Record<string, unknown>>).map(([id, schema]) => {
    const out: ModuleOutput = { id, type: valueTypeOf(schema), label: { text: id }, schema };
    if (typeof schema.description === 'string') out.description = { text: schema.description };
    return out;
  });
}

export const UNCATEGORISED = '其他';

export function nodeTypeToModule(t: NodeTypeDto, opts: AmwMappingOptions = DEFAULT_MAPPING): ModuleDefinition {
  const m: ModuleDefinition = {
    id: t.id,
    kind: kindOfType(t.id, opts),
    category: t.category ?? UNCATEGORISED,
    name: { text: t.name ?? t.id },
    inputSchema: { source: 'json-schema', schema: t.input_schema ?? { type: 'object', properties: {} } },
    outputs: outputsOf(t.output_schema),
    extensions: { automaticworker: { outputSchema: t.output_schema ?? null, ...(t.example_usage !== undefined ? { exampleUsage: t.example_usage } : {}) } },
  };
  if (t.description) m.description = { text: t.description };
  return m;
}

export function categoriesOf(types: NodeTypeDto[]): ModuleCategory[] {
  const seen: string[] = [];
  for (const t of types) {
    const c = t.category ?? UNCATEGORISED;
    if (!seen.includes(c)) seen.push(c);
  }
  return seen.map((c, order) => ({ id: c, name: { text: c }, order }));
}
