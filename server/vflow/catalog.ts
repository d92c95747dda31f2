/**
 * The test server's module catalog: categories, modules (metadata, blockBehavior, inputs, outputs) and the
 * per-module input-schema, in the shapes of the vFlow API document. Only a subset is executed for real
 * (see executor.ts); the others are simulated.
 */

export interface CatalogCategory {
  id: string;
  name: string;
  nameEn?: string;
  icon: string;
  description: string;
  descriptionEn: string;
  order: number;
}

export interface CatalogInput {
  id: string;
  type: string;
  label: string;
  labelEn: string;
  description: string;
  descriptionEn: string;
  defaultValue: unknown;
  required: boolean;
  uiType: string;
  constraints?: Record<string, unknown>;
}

export interface CatalogOutput {
  id: string;
  type: string;
  label: string;
  labelEn: string;
  description: string;
  descriptionEn: string;
}

export interface BlockBehavior {
  blockType: string;
  canStartWorkflow: boolean;
  endBlockId: string | null;
}

export interface CatalogModule {
  id: string;
  metadata: {
    name: string;
    nameEn: string;
    icon: string;
    category: string;
    description: string;
    descriptionEn: string;
    helpUrl?: string;
  };
  blockBehavior: BlockBehavior;
  inputs: CatalogInput[];
  outputs: CatalogOutput[];
  examples?: Array<{ name: string; description: string; parameters: Record<string, unknown> }>;
  /** The input-schema endpoint's answer (UI schema). */
  inputSchema: Array<Record<string, unknown>>;
}

export const CATEGORIES: CatalogCategory[] = [
  { id: 'trigger', name: '触发器', nameEn: 'Triggers', icon: 'ic_trigger', description: '工作流触发条件', descriptionEn: 'Workflow trigger conditions', order: 0 },
  { id: 'ui_interaction', name: '界面交互', nameEn: 'UI Interaction', icon: 'ic_ui', description: 'UI自动化操作', descriptionEn: 'UI automation operations', order: 1 },
  { id: 'logic', name: '逻辑控制', nameEn: 'Logic Control', icon: 'ic_logic', description: '条件判断与循环', descriptionEn: 'Conditions and loops', order: 2 },
  { id: 'data', name: '数据', nameEn: 'Data', icon: 'ic_data', description: '变量与数据处理', descriptionEn: 'Variables and data processing', order: 3 },
  { id: 'file', name: '文件', nameEn: 'File', icon: 'ic_file', description: '文件操作', descriptionEn: 'File operations', order: 4 },
  { id: 'network', name: '网络', nameEn: 'Network', icon: 'ic_network', description: '网络请求', descriptionEn: 'Network requests', order: 5 },
  { id: 'system', name: '应用与系统', nameEn: 'App & System', icon: 'ic_system', description: '系统控制与应用管理', descriptionEn: 'System control and app management', order: 6 },
  // As in the document: the Shizuku category has no English name.
  { id: 'shizuku', name: 'Shizuku', icon: 'ic_shizuku', description: '高级系统操作', descriptionEn: 'Advanced system operations', order: 7 },
];

const NONE: BlockBehavior = { blockType: 'none', canStartWorkflow: true, endBlockId: null };

function input(
  id: string,
  type: string,
  label: string,
  labelEn: string,
  uiType: string,
  opts: { required?: boolean; defaultValue?: unknown; constraints?: Record<string, unknown>; description?: string; descriptionEn?: string } = {},
): CatalogInput {
  const out: CatalogInput = {
    id,
    type,
    label,
    labelEn,
    description: opts.description ?? label,
    descriptionEn: opts.descriptionEn ?? labelEn,
    defaultValue: opts.defaultValue ?? null,
    required: opts.required ?? false,
    uiType,
  };
  if (opts.constraints) out.constraints = opts.constraints;
  return out;
}

function output(id: string, type: string, label: string, labelEn: string): CatalogOutput {
  return { id, type, label, labelEn, description: label, descriptionEn: labelEn };
}

/** Derives an input-schema entry (UI schema) from an input definition, in the document's format. */
function schemaOf(inp: CatalogInput): Record<string, unknown> {
  const base: Record<string, unknown> = { key: inp.id, type: inp.uiType, label: inp.label };
  if (inp.required) base.required = true;
  const c = inp.constraints ?? {};
  switch (inp.uiType) {
    case 'text_field':
      if (typeof c.pattern === 'string') base.validation = { pattern: c.pattern, message: `Invalid ${inp.labelEn}` };
      base.autocomplete = { type: 'variable', allowMagicVariables: true };
      break;
    case 'dropdown':
      base.options = (Array.isArray(c.options) ? c.options : []).map((o) => ({ value: o, label: String(o) }));
      break;
    case 'number_slider':
      Object.assign(base, { min: c.min ?? 0, max: c.max ?? 100, step: c.step ?? 1 });
      if (typeof c.unit === 'string') base.unit = c.unit;
      if (inp.defaultValue !== null) base.defaultValue = inp.defaultValue;
      break;
    case 'key_value_editor':
      Object.assign(base, { keyPlaceholder: 'Key', valuePlaceholder: 'Value', allowVariables: true });
      break;
    case 'code_editor':
      base.language = c.language ?? 'text';
      base.autocomplete = { type: 'variable', allowMagicVariables: true };
      break;
    default:
      break;
  }
  return base;
}

function mod(
  id: string,
  meta: [name: string, nameEn: string, category: string, description: string, descriptionEn: string],
  inputs: CatalogInput[],
  outputs: CatalogOutput[],
  blockBehavior: BlockBehavior = NONE,
  extra: Partial<Pick<CatalogModule, 'examples'>> & { helpUrl?: string; inputSchema?: Array<Record<string, unknown>> } = {},
): CatalogModule {
  const [name, nameEn, category, description, descriptionEn] = meta;
  const m: CatalogModule = {
    id,
    metadata: { name, nameEn, icon: `ic_${id}`, category, description, descriptionEn },
    blockBehavior,
    inputs,
    outputs,
    inputSchema: extra.inputSchema ?? inputs.map(schemaOf),
  };
  if (extra.helpUrl) m.metadata.helpUrl = extra.helpUrl;
  if (extra.examples) m.examples = extra.examples;
  return m;
}

export const MODULES: CatalogModule[] = [
  mod('trigger_manual', ['手动触发', 'Manual Trigger', 'trigger', '手动运行工作流', 'Run the workflow manually'], [], [output('data', 'dictionary', '输入数据', 'Input data')], {
    blockType: 'none',
    canStartWorkflow: true,
    endBlockId: null,
  }),
  mod(
    'trigger_notification',
    ['通知触发', 'Notification Trigger', 'trigger', '收到通知时触发', 'Triggered when a notification arrives'],
    [
      input('packageName', 'string', '应用包名', 'Package name', 'text_field', { required: true }),
      input('titleContains', 'string', '标题包含', 'Title contains', 'text_field'),
      input('contentContains', 'string', '内容包含', 'Content contains', 'text_field'),
    ],
    [output('packageName', 'string', '应用包名', 'Package name'), output('title', 'string', '标题', 'Title'), output('content', 'string', '内容', 'Content')],
  ),
  mod('delay', ['延迟', 'Delay', 'system', '延迟指定时间', 'Delay for specified time'], [input('duration', 'number', '时长(毫秒)', 'Duration (ms)', 'number_slider', { required: true, defaultValue: 1000, constraints: { min: 0, max: 60000, step: 100, unit: 'ms' } })], [output('actualDuration', 'number', '实际延迟', 'Actual delay')]),
  mod(
    'log',
    ['写日志', 'Write Log', 'system', '向执行日志写入一条消息', 'Write a message to the execution log'],
    [
      input('message', 'string', '消息', 'Message', 'text_field', { required: true }),
      input('level', 'string', '级别', 'Level', 'dropdown', { defaultValue: 'info', constraints: { options: ['info', 'warning', 'error'] } }),
    ],
    [output('message', 'string', '消息', 'Message')],
  ),
  mod('show_toast', ['显示提示', 'Show Toast', 'ui_interaction', '在屏幕上显示提示消息', 'Show a toast message'], [input('message', 'string', '消息', 'Message', 'text_field', { required: true })], [output('shown', 'boolean', '已显示', 'Shown')]),
  mod('click_element', ['点击元素', 'Click Element', 'ui_interaction', '点击界面上的元素', 'Click a UI element'], [input('selector', 'string', '选择器', 'Selector', 'text_field', { required: true })], [output('success', 'boolean', '成功', 'Success')]),
  mod(
    'if_condition',
    ['If条件', 'If Condition', 'logic', '条件判断', 'Conditional statement'],
    [input('condition', 'string', '条件', 'Condition', 'text_field', { required: true })],
    [output('result', 'boolean', '结果', 'Result')],
    { blockType: 'if', canStartWorkflow: false, endBlockId: 'endif' },
  ),
  mod('else', ['否则', 'Else', 'logic', '条件不满足时执行', 'Runs when the condition is false'], [], [], { blockType: 'else', canStartWorkflow: false, endBlockId: 'endif' }),
  mod('endif', ['结束条件', 'End If', 'logic', '条件块结束', 'End of the condition block'], [], [], { blockType: 'end', canStartWorkflow: false, endBlockId: null }),
  mod(
    'loop',
    ['循环', 'Loop', 'logic', '重复执行指定次数', 'Repeat a number of times'],
    [input('count', 'number', '次数', 'Count', 'number_slider', { required: true, defaultValue: 3, constraints: { min: 0, max: 1000, step: 1 } })],
    [output('index', 'number', '当前序号', 'Current index'), output('count', 'number', '总次数', 'Count')],
    { blockType: 'loop', canStartWorkflow: false, endBlockId: 'endloop' },
  ),
  mod('endloop', ['结束循环', 'End Loop', 'logic', '循环块结束', 'End of the loop block'], [], [], { blockType: 'end', canStartWorkflow: false, endBlockId: null }),
  mod(
    'set_variable',
    ['设置变量', 'Set Variable', 'data', '设置命名变量的值', 'Set a named variable'],
    [input('name', 'string', '变量名', 'Name', 'text_field', { required: true }), input('value', 'any', '值', 'Value', 'text_field')],
    [output('value', 'any', '值', 'Value')],
  ),
  mod(
    'calculate',
    ['计算', 'Calculate', 'data', '数学运算', 'Arithmetic'],
    [
      input('operand1', 'number', '操作数1', 'Operand 1', 'text_field', { required: true }),
      input('operator', 'string', '运算符', 'Operator', 'dropdown', { required: true, defaultValue: '+', constraints: { options: ['+', '-', '*', '/', '%'] } }),
      input('operand2', 'number', '操作数2', 'Operand 2', 'text_field', { required: true }),
    ],
    [output('result', 'number', '结果', 'Result')],
  ),
  mod('text_format', ['文本格式化', 'Format Text', 'data', '用变量填充文本模板', 'Fill a text template with variables'], [input('template', 'string', '模板', 'Template', 'code_editor', { required: true, constraints: { language: 'text' } })], [output('result', 'string', '结果', 'Result'), output('length', 'number', '长度', 'Length')]),
  mod(
    'text_case',
    ['大小写转换', 'Change Case', 'data', '转换文本大小写', 'Convert text case'],
    [input('text', 'string', '文本', 'Text', 'text_field', { required: true }), input('mode', 'string', '模式', 'Mode', 'dropdown', { defaultValue: 'upper', constraints: { options: ['upper', 'lower'] } })],
    [output('result', 'string', '结果', 'Result')],
  ),
  mod('throw_error', ['抛出错误', 'Throw Error', 'logic', '以错误结束工作流', 'Stop the workflow with an error'], [input('message', 'string', '错误信息', 'Message', 'text_field', { required: true })], []),
  mod('read_file', ['读取文件', 'Read File', 'file', '读取文本文件', 'Read a text file'], [input('path', 'string', '路径', 'Path', 'text_field', { required: true })], [output('content', 'string', '内容', 'Content')]),
  mod(
    'http_request',
    ['HTTP请求', 'HTTP Request', 'network', '发送HTTP/HTTPS请求', 'Send HTTP/HTTPS request'],
    [
      input('url', 'string', 'URL', 'URL', 'text_field', { required: true, description: '请求地址', descriptionEn: 'Request URL', constraints: { pattern: '^https?://.*', minLength: 1, maxLength: 2000 } }),
      input('method', 'string', '请求方法', 'Method', 'dropdown', { required: true, defaultValue: 'GET', description: 'HTTP请求方法', descriptionEn: 'HTTP request method', constraints: { options: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] } }),
      input('headers', 'dictionary', '请求头', 'Headers', 'key_value_editor', { description: '自定义HTTP请求头', descriptionEn: 'Custom HTTP headers' }),
      input('body', 'string', '请求体', 'Body', 'code_editor', { description: 'POST请求体', descriptionEn: 'POST request body', constraints: { language: 'json' } }),
      input('timeout', 'number', '超时时间', 'Timeout', 'number_slider', { defaultValue: 30, description: '请求超时时间(秒)', descriptionEn: 'Request timeout (seconds)', constraints: { min: 1, max: 300, step: 1 } }),
    ],
    [output('statusCode', 'number', '状态码', 'Status Code'), output('body', 'string', '响应体', 'Response Body'), output('headers', 'dictionary', '响应头', 'Response Headers')],
    NONE,
    {
      helpUrl: 'https://docs.vflow.app/modules/http-request',
      examples: [{ name: 'GET Example', description: 'Simple GET request', parameters: { url: 'https://api.example.com/users', method: 'GET' } }],
      // The document's input-schema for http_request (it leaves out `body`).
      inputSchema: [
        {
          key: 'url',
          type: 'text_field',
          label: 'URL',
          placeholder: 'https://api.example.com',
          required: true,
          validation: { pattern: '^https?://.*', message: 'Invalid URL format' },
          autocomplete: { type: 'variable', allowMagicVariables: true },
        },
        {
          key: 'method',
          type: 'dropdown',
          label: '请求方法',
          required: true,
          options: ['GET', 'POST', 'PUT', 'DELETE'].map((v) => ({ value: v, label: v })),
        },
        { key: 'timeout', type: 'number_slider', label: '超时时间', min: 1, max: 300, step: 1, unit: '秒', defaultValue: 30 },
        { key: 'headers', type: 'key_value_editor', label: '请求头', keyPlaceholder: 'Header name', valuePlaceholder: 'Header value', allowVariables: true },
      ],
    },
  ),
  mod('launch_app', ['启动应用', 'Launch App', 'system', '启动指定应用', 'Launch an app'], [input('packageName', 'string', '应用包名', 'Package name', 'text_field', { required: true })], [output('success', 'boolean', '成功', 'Success')]),
  mod('shell_command', ['Shell命令', 'Shell Command', 'shizuku', '通过Shizuku执行Shell命令', 'Run a shell command through Shizuku'], [input('command', 'string', '命令', 'Command', 'code_editor', { required: true, constraints: { language: 'shell' } })], [output('stdout', 'string', '标准输出', 'Stdout'), output('exitCode', 'number', '退出码', 'Exit code')]),
];

export const MODULES_BY_ID: ReadonlyMap<string, CatalogModule> = new Map(MODULES.map((m) => [m.id, m]));

/** The list endpoint's light entry. */
export function moduleListEntry(m: CatalogModule): Record<string, unknown> {
  const { description, descriptionEn, name, nameEn, icon, category } = m.metadata;
  return { id: m.id, metadata: { name, nameEn, icon, category, description, descriptionEn }, blockBehavior: m.blockBehavior };
}

/** The detail endpoint's entry. */
export function moduleDetail(m: CatalogModule): Record<string, unknown> {
  const out: Record<string, unknown> = { id: m.id, metadata: m.metadata, blockBehavior: m.blockBehavior, inputs: m.inputs, outputs: m.outputs };
  if (m.examples) out.examples = m.examples;
  return out;
}
