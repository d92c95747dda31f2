/**
 * The test server's node types (`GET /api/node-types`), each with a JSON Schema `input_schema` and
 * `output_schema` in the shape of the document's `http_request` example (which is copied verbatim). The
 * executor (`executor.ts`) implements every one of them for real.
 */

export interface NodeType {
  id: string;
  name: string;
  category: string;
  description: string;
  input_schema: Record<string, unknown>;
  output_schema: Record<string, unknown>;
  example_usage?: { input: Record<string, unknown>; output: Record<string, unknown> };
}

const obj = (properties: Record<string, unknown>, required: string[] = []): Record<string, unknown> =>
  required.length > 0 ? { type: 'object', properties, required } : { type: 'object', properties };

export const NODE_TYPES: NodeType[] = [
  {
    id: 'start',
    name: '开始',
    category: '基础',
    description: '流程的入口；输出执行时提交的 input_data',
    input_schema: obj({
      fields: {
        type: 'array',
        description: '期望的输入参数',
        items: obj({ name: { type: 'string' }, type: { type: 'string', enum: ['string', 'number', 'boolean', 'object'], default: 'string' } }, ['name']),
      },
    }),
    output_schema: { type: 'object', additionalProperties: true, description: '执行时提交的 input_data' },
  },
  {
    id: 'end',
    name: '结束',
    category: '基础',
    description: '流程的出口；output 成为执行结果的 output',
    input_schema: obj({ output: { description: '流程输出，可引用 {{节点ID.字段}}' } }),
    output_schema: obj({ output: {} }),
  },
  {
    id: 'http_request',
    name: 'HTTP 请求',
    category: '网络',
    description: '发送 HTTP 请求并获取响应',
    input_schema: {
      type: 'object',
      properties: {
        url: { type: 'string', format: 'uri', description: '请求URL' },
        method: { type: 'string', enum: ['GET', 'POST', 'PUT', 'DELETE'], default: 'GET' },
        headers: { type: 'object' },
        body: { type: 'object' },
      },
      required: ['url'],
    },
    output_schema: {
      type: 'object',
      properties: { status_code: { type: 'integer' }, headers: { type: 'object' }, body: { type: 'object' } },
    },
    example_usage: {
      input: { url: 'https://api.example.com/data', method: 'GET', headers: { Authorization: 'Bearer token123' } },
      output: { status_code: 200, headers: { 'Content-Type': 'application/json' }, body: { data: [1, 2, 3] } },
    },
  },
  {
    id: 'condition',
    name: '条件判断',
    category: '逻辑',
    description: '比较两个值；结果为真走 true 出口，否则走 false 出口',
    input_schema: obj(
      {
        left: { description: '左值，可引用 {{节点ID.字段}}' },
        operator: { type: 'string', enum: ['==', '!=', '>', '>=', '<', '<=', 'contains', 'is_empty'], default: '==' },
        right: { description: '右值' },
      },
      ['left', 'operator'],
    ),
    output_schema: obj({ result: { type: 'boolean' } }),
  },
  {
    id: 'csv_parse',
    name: 'CSV 解析',
    category: '数据',
    description: '把 CSV 文本解析为行数组',
    input_schema: obj(
      {
        csv: { type: 'string', description: 'CSV 文本' },
        delimiter: { type: 'string', default: ',', maxLength: 1 },
        has_header: { type: 'boolean', default: true },
      },
      ['csv'],
    ),
    output_schema: obj({ rows: { type: 'array', items: { type: 'object' } }, count: { type: 'integer' } }),
  },
  {
    id: 'transform',
    name: '数据转换',
    category: '数据',
    description: '按映射生成新对象，值可引用 {{节点ID.字段}}',
    input_schema: obj({ mapping: { type: 'object', additionalProperties: true, description: '输出字段 -> 值' } }, ['mapping']),
    output_schema: obj({ result: { type: 'object' } }),
  },
  {
    id: 'math',
    name: '数学计算',
    category: '数据',
    description: '对两个数字做四则运算',
    input_schema: obj(
      {
        operation: { type: 'string', enum: ['add', 'subtract', 'multiply', 'divide'], default: 'add' },
        a: { type: 'number' },
        b: { type: 'number' },
      },
      ['operation', 'a', 'b'],
    ),
    output_schema: obj({ result: { type: 'number' } }),
  },
  {
    id: 'text_template',
    name: '文本模板',
    category: '数据',
    description: '用 {{节点ID.字段}} 与 {{input.参数}} 渲染文本',
    input_schema: obj({ template: { type: 'string', description: '模板文本' } }, ['template']),
    output_schema: obj({ text: { type: 'string' } }),
  },
  {
    id: 'delay',
    name: '延时',
    category: '控制',
    description: '等待指定秒数',
    input_schema: obj({ seconds: { type: 'number', minimum: 0, maximum: 60, default: 1 } }, ['seconds']),
    output_schema: obj({ waited: { type: 'number' } }),
  },
  {
    id: 'log',
    name: '日志',
    category: '控制',
    description: '写一条执行日志',
    input_schema: obj({ message: { type: 'string' }, level: { type: 'string', enum: ['info', 'warning', 'error'], default: 'info' } }, ['message']),
    output_schema: obj({ message: { type: 'string' } }),
  },
  {
    id: 'function',
    name: 'JavaScript 函数',
    category: '数据',
    description: '运行一段 JavaScript 函数体：inputs 为执行的 input_data，steps 为前面节点的输出（按节点 ID）；return 的值成为 result',
    input_schema: obj({ code: { type: 'string', contentMediaType: 'text/javascript', description: '函数体，不解析 {{引用}}', default: 'return null;' } }, ['code']),
    output_schema: obj({ result: { description: '函数的返回值' } }),
  },
  {
    id: 'send_email',
    name: '发送邮件',
    category: '通知',
    description: '通过服务器配置的 SMTP 发送邮件（本服务器未配置 SMTP：该节点总是失败）',
    input_schema: obj(
      {
        to: { type: 'string', format: 'email' },
        subject: { type: 'string' },
        body: { type: 'string' },
        attachments: { type: 'array', items: { type: 'string' } },
      },
      ['to', 'subject'],
    ),
    output_schema: obj({ message_id: { type: 'string' } }),
  },
];

export function nodeTypeById(id: string): NodeType | undefined {
  return NODE_TYPES.find((t) => t.id === id);
}
