/**
 * The module catalog: the built-in step types (function, api, ifBlock, delay) and, from DbDash, every
 * plugin's actions as `plugin:<actionId>` modules whose form is the action's input fields (JSON Schema) plus
 * its code (`source`, prefilled from the action's code template).
 */
import type { ModuleCategory, ModuleDefinition } from '../../model/modules';
import type { Action, Plugin } from './schemas';

const js = { type: 'string', contentMediaType: 'text/javascript' };

export const CORE_CATEGORY: ModuleCategory = { id: 'viasocket.core', name: { text: 'viaSocket', en: 'viaSocket' }, order: 0 };

export const CORE_MODULES: ModuleDefinition[] = [
  {
    id: 'function',
    kind: 'action',
    category: CORE_CATEGORY.id,
    name: { text: 'JS Code', en: 'JS Code' },
    description: { text: 'JavaScript run with context.req and context.res', en: 'JavaScript run with context.req and context.res' },
    inputSchema: { source: 'json-schema', schema: { type: 'object', properties: { code: { ...js, title: 'Code', default: 'return {};' } } } },
    outputs: [{ id: 'data', type: 'any', label: { text: 'Return value', en: 'Return value' } }],
  },
  {
    id: 'api',
    kind: 'action',
    category: CORE_CATEGORY.id,
    name: { text: 'API call', en: 'API call' },
    inputSchema: {
      source: 'json-schema',
      schema: {
        type: 'object',
        required: ['url'],
        properties: {
          method: { type: 'string', title: 'Method', enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], default: 'GET' },
          url: { type: 'string', title: 'URL' },
          headers: { type: 'object', title: 'Headers', additionalProperties: { type: 'string' } },
          body: { type: 'string', title: 'Body', contentMediaType: 'application/json' },
        },
      },
    },
    outputs: [
      { id: 'status', type: 'number', label: { text: 'Status', en: 'Status' } },
      { id: 'data', type: 'any', label: { text: 'Response body', en: 'Response body' } },
    ],
  },
  {
    id: 'ifBlock',
    kind: 'if',
    category: CORE_CATEGORY.id,
    name: { text: 'If', en: 'If' },
    inputSchema: { source: 'json-schema', schema: { type: 'object', properties: { condition: { ...js, title: 'Condition (JavaScript expression)' } } } },
    outputs: [{ id: 'result', type: 'boolean', label: { text: 'Result', en: 'Result' } }],
  },
  {
    id: 'delay',
    kind: 'action',
    category: CORE_CATEGORY.id,
    name: { text: 'Delay', en: 'Delay' },
    inputSchema: { source: 'json-schema', schema: { type: 'object', properties: { seconds: { type: 'number', title: 'Seconds', minimum: 0, default: 1 } } } },
    outputs: [{ id: 'waited', type: 'number', label: { text: 'Seconds waited', en: 'Seconds waited' } }],
  },
];

export function pluginCategory(plugin: Plugin, order: number): ModuleCategory {
  return { id: `plugin:${plugin.rowid}`, name: { text: plugin.name, en: plugin.name }, description: plugin.description ? { text: plugin.description } : undefined, icon: plugin.iconurl, order };
}

const FIELD_TYPES: Record<string, string> = { string: 'string', number: 'number', boolean: 'boolean', json: 'object' };

export function actionModule(action: Action, plugin?: Plugin): ModuleDefinition {
  const properties: Record<string, Record<string, unknown>> = {};
  const required: string[] = [];
  for (const f of action.fields ?? []) {
    properties[f.key] = { type: FIELD_TYPES[f.type ?? 'string'] ?? 'string', title: f.label ?? f.key, description: f.help || undefined };
    if (f.required) required.push(f.key);
  }
  properties.source = { ...js, title: 'Action code', default: action.code ?? '', 'x-advanced': true };
  return {
    id: `plugin:${action.rowid}`,
    kind: 'action',
    category: `plugin:${action.pluginrecordid}`,
    name: { text: action.name, en: action.name },
    description: action.description ? { text: action.description } : undefined,
    icon: action.iconurl ?? plugin?.iconurl,
    inputSchema: { source: 'json-schema', schema: { type: 'object', properties, required } },
    outputs: [{ id: 'data', type: 'any', label: { text: 'Data', en: 'Data' } }],
    extensions: { viasocket: { actionId: action.rowid, pluginId: action.pluginrecordid, pluginName: action.pluginname ?? plugin?.name, authVersion: plugin?.preferedauthversion ?? null } },
  };
}
