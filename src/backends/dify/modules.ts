/**
 * The module catalog of a Dify connection: Dify's node types (what the observed steps are), and one start
 * module per app whose input schema is that app's `user_input_form` (plus `file_upload`), so the run form and
 * the start step's form go through the forms layer's `dify-user-input-form` converter like any schema.
 */
import type { Flow } from '../../model/flow';
import type { ModuleCategory, ModuleDefinition, LocalizedText } from '../../model/modules';
import { moduleIdOf, startModuleIdOf } from './graph';
import type { DifyParameters } from './schemas';

export const DIFY_CATEGORY: ModuleCategory = { id: 'dify', name: { text: 'Dify 节点', en: 'Dify nodes' }, order: 0 };

const NODE_TYPES: Array<[type: string, zh: string, en: string]> = [
  ['end', '结束', 'End'],
  ['answer', '直接回复', 'Answer'],
  ['llm', 'LLM', 'LLM'],
  ['knowledge-retrieval', '知识检索', 'Knowledge retrieval'],
  ['question-classifier', '问题分类器', 'Question classifier'],
  ['if-else', '条件分支', 'IF/ELSE'],
  ['code', '代码执行', 'Code'],
  ['template-transform', '模板转换', 'Template'],
  ['http-request', 'HTTP 请求', 'HTTP request'],
  ['tool', '工具', 'Tool'],
  ['variable-aggregator', '变量聚合器', 'Variable aggregator'],
  ['variable-assigner', '变量赋值', 'Variable assigner'],
  ['iteration', '迭代', 'Iteration'],
  ['loop', '循环', 'Loop'],
  ['parameter-extractor', '参数提取器', 'Parameter extractor'],
  ['document-extractor', '文档提取器', 'Document extractor'],
  ['list-operator', '列表操作', 'List operator'],
  ['agent', 'Agent', 'Agent'],
];

function nodeModule(type: string, name: LocalizedText): ModuleDefinition {
  return {
    id: moduleIdOf(type),
    kind: 'action',
    category: DIFY_CATEGORY.id,
    name,
    description: { text: '在 Dify 中配置；Flowbench 只显示运行结果。', en: 'Configured in Dify; Flowbench shows what it did in runs.' },
    inputSchema: { source: 'dify-user-input-form', form: [] },
    outputs: [],
    extensions: { dify: { nodeType: type, readOnly: true } },
  };
}

export const DIFY_NODE_MODULES: ModuleDefinition[] = NODE_TYPES.map(([type, zh, en]) => nodeModule(type, { text: zh, en }));

/** A node type seen in a run that this catalog does not list (newer Dify versions add types). */
export function genericModule(type: string): ModuleDefinition {
  return nodeModule(type, { text: type });
}

/** The app's form entries, with `file_upload` as one more entry (the converter reads it there). */
export function formOfParameters(parameters: DifyParameters | undefined): unknown[] {
  if (!parameters) return [];
  return parameters.file_upload ? [...parameters.user_input_form, { file_upload: parameters.file_upload }] : [...parameters.user_input_form];
}

export function startModule(flowId: string, appName: string, parameters: DifyParameters | undefined): ModuleDefinition {
  return {
    id: startModuleIdOf(flowId),
    kind: 'trigger',
    category: DIFY_CATEGORY.id,
    name: { text: `开始（${appName}）`, en: `Start (${appName})` },
    description: { text: '应用的输入表单（GET /parameters）', en: "The app's input form (GET /parameters)" },
    inputSchema: { source: 'dify-user-input-form', form: formOfParameters(parameters) },
    outputs: (parameters?.user_input_form ?? []).flatMap((entry) => {
      const [type] = Object.keys(entry);
      const body = type ? (entry[type] as Record<string, unknown> | undefined) : undefined;
      const variable = typeof body?.variable === 'string' ? body.variable : undefined;
      if (!variable) return [];
      const label = typeof body?.label === 'string' ? body.label : variable;
      const valueType = type === 'number' ? ('number' as const) : type === 'file' || type === 'file-list' ? ('file' as const) : ('string' as const);
      return [{ id: variable, type: valueType, label: { text: label } }];
    }),
    extensions: { dify: { nodeType: 'start', readOnly: true } },
  };
}

/**
 * The app's inputs as the flow's run inputs (the editor's generic run form): text kinds are strings, numbers
 * numbers, file inputs JSON (a Dify file object). The start module's schema carries the full form with
 * upload widgets and limits.
 */
export function inputsOfParameters(parameters: DifyParameters): Flow['inputs'] {
  const out: Flow['inputs'] = [];
  for (const entry of parameters.user_input_form) {
    const [type] = Object.keys(entry);
    const body = type ? (entry[type] as Record<string, unknown> | undefined) : undefined;
    if (!type || !body || typeof body.variable !== 'string') continue;
    const def: Flow['inputs'][number] = {
      id: body.variable,
      label: typeof body.label === 'string' ? body.label : body.variable,
      type: type === 'number' ? 'number' : type === 'file' || type === 'file-list' || type === 'json_object' ? 'json' : type === 'checkbox' ? 'boolean' : 'string',
    };
    if (body.required === true) def.required = true;
    if (body.default !== undefined && body.default !== null && body.default !== '') def.defaultValue = body.default;
    if (type === 'select' && Array.isArray(body.options)) def.description = body.options.join(' / ');
    out.push(def);
  }
  return out;
}
