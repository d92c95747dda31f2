/**
 * The "Get All" component types (`GET /api/v1/all`: `{category: {ComponentType: frontendNode}}`) as modules:
 * one module per component, its `template` as the form (the existing `langflow-template` converter), its
 * outputs as module outputs, the whole frontend node kept in `extensions.skillflaw.node` so a new step can be
 * built from it.
 */
import type { ModuleCategory, ModuleDefinition, ModuleOutput, ValueType } from '../../model/modules';
import { portsOfNode, type ComponentCatalog } from './mapping';

type Rec = Record<string, unknown>;

/** Langflow's category keys, in its sidebar order, with readable names. */
// Chinese names are in `backend-skillflaw.json` (`categories`); the model holds the server's language.
const CATEGORY_NAMES: Record<string, { en: string; zh: string }> = {
  inputs: { en: 'Inputs', zh: '输入' },
  outputs: { en: 'Outputs', zh: '输出' },
  prompts: { en: 'Prompts', zh: '提示词' },
  models: { en: 'Models', zh: '模型' },
  data: { en: 'Data', zh: '数据' },
  processing: { en: 'Processing', zh: '处理' },
  logic: { en: 'Logic', zh: '逻辑' },
  helpers: { en: 'Helpers', zh: '辅助' },
  agents: { en: 'Agents', zh: '智能体' },
  tools: { en: 'Tools', zh: '工具' },
  custom_component: { en: 'Custom', zh: '自定义' },
};

function valueType(types: string[]): ValueType {
  if (types.includes('Message') || types.includes('Text')) return 'string';
  if (types.includes('Data')) return 'object';
  if (types.includes('DataFrame')) return 'list';
  return 'any';
}

export interface Catalog {
  categories: ModuleCategory[];
  modules: ModuleDefinition[];
  nodes: ComponentCatalog;
}

export function catalogFromAllTypes(all: Record<string, Record<string, Rec>>): Catalog {
  const order = Object.keys(CATEGORY_NAMES);
  const keys = Object.keys(all).sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? 999 : ia) - (ib < 0 ? 999 : ib) || a.localeCompare(b);
  });
  const categories: ModuleCategory[] = keys.map((k, i) => {
    const known = CATEGORY_NAMES[k];
    return { id: k, name: known ? { text: known.en, en: known.en } : { text: k.replace(/_/g, ' ') }, order: i };
  });
  const modules: ModuleDefinition[] = [];
  const nodes = new Map<string, Rec>();
  for (const category of keys) {
    for (const [type, node] of Object.entries(all[category] ?? {})) {
      if (nodes.has(type)) continue;
      nodes.set(type, node);
      const ports = portsOfNode(node);
      const outputs: ModuleOutput[] = ports.outputs.map((o) => ({ id: o.id, type: valueType(o.types), label: { text: o.label } }));
      modules.push({
        id: type,
        kind: 'action',
        category,
        name: { text: typeof node.display_name === 'string' ? node.display_name : type },
        description: typeof node.description === 'string' && node.description ? { text: node.description } : undefined,
        icon: typeof node.icon === 'string' ? node.icon : undefined,
        inputSchema: { source: 'langflow-template', template: node.template as Rec },
        outputs,
        extensions: { skillflaw: { node, fieldOrder: Array.isArray(node.field_order) ? node.field_order : [] } },
      });
    }
  }
  return { categories, modules, nodes };
}
