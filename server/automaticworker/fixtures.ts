/**
 * Seed data of the test server. Flow 1 is the document's own example ("数据处理流程", 处理CSV数据并发送邮件,
 * `node1` ... with `type: "default"` edges and the document's timestamps), filled in where the document
 * writes `{...}`; its email node fails because the server has no SMTP (the misconfigured node). Flow 2 runs
 * to completion through a condition's false port.
 */

export interface StoredFlow {
  id: number;
  name: string;
  description: string;
  nodes: Array<Record<string, unknown>>;
  edges: Array<Record<string, unknown>>;
  created_at: string;
  updated_at: string;
  [field: string]: unknown;
}

export interface AmwFixtures {
  flows: StoredFlow[];
  users: Array<{ username: string; password: string }>;
}

/** The document's example flow as the server stores it (and as `GET /api/flows/1` answers it). */
export function exampleFlow(): StoredFlow {
  return {
    id: 1,
    name: '数据处理流程',
    description: '处理CSV数据并发送邮件',
    nodes: [
      { id: 'node1', type: 'start', position: { x: 100, y: 100 }, data: { label: '开始', fields: [{ name: 'csv', type: 'string' }] } },
      {
        id: 'node2',
        type: 'csv_parse',
        position: { x: 100, y: 220 },
        data: { label: '解析 CSV', csv: '{{input.csv}}', delimiter: ',', has_header: true },
      },
      {
        id: 'node3',
        type: 'condition',
        position: { x: 100, y: 340 },
        data: { label: '有数据吗', left: '{{node2.count}}', operator: '>', right: 0 },
      },
      {
        id: 'node4',
        type: 'text_template',
        position: { x: -60, y: 460 },
        data: { label: '邮件正文', template: '共处理 {{node2.count}} 行数据' },
        style: { background: '#fff7e6' },
      },
      {
        id: 'node5',
        type: 'send_email',
        position: { x: -60, y: 580 },
        data: { label: '发送邮件', to: 'team@example.com', subject: 'CSV 处理结果', body: '{{node4.text}}' },
      },
      { id: 'node6', type: 'log', position: { x: 260, y: 460 }, data: { label: '无数据', message: 'CSV 为空，未发送邮件', level: 'warning' } },
      { id: 'node7', type: 'end', position: { x: 100, y: 700 }, data: { label: '结束', output: { rows: '{{node2.count}}' } } },
    ],
    edges: [
      { id: 'edge1', source: 'node1', target: 'node2', type: 'default' },
      { id: 'edge2', source: 'node2', target: 'node3', type: 'default' },
      { id: 'edge3', source: 'node3', target: 'node4', type: 'default', sourceHandle: 'true' },
      { id: 'edge4', source: 'node3', target: 'node6', type: 'default', sourceHandle: 'false' },
      { id: 'edge5', source: 'node4', target: 'node5', type: 'default' },
      { id: 'edge6', source: 'node5', target: 'node7', type: 'default' },
      { id: 'edge7', source: 'node6', target: 'node7', type: 'default', animated: true },
    ],
    created_at: '2023-05-15T10:30:00Z',
    updated_at: '2023-05-16T08:45:12Z',
  };
}

function calculatorFlow(): StoredFlow {
  return {
    id: 2,
    name: '订单金额计算',
    description: '计算含税金额，超过阈值时记录提醒',
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: { label: '开始', fields: [{ name: 'amount', type: 'number' }] } },
      { id: 'tax', type: 'math', position: { x: 0, y: 120 }, data: { label: '含税', operation: 'multiply', a: '{{input.amount}}', b: 1.13 } },
      { id: 'big', type: 'condition', position: { x: 0, y: 240 }, data: { label: '超过 1000?', left: '{{tax.result}}', operator: '>', right: 1000 } },
      { id: 'warn', type: 'log', position: { x: -160, y: 360 }, data: { label: '提醒', message: '大额订单 {{tax.result}}', level: 'warning' } },
      { id: 'note', type: 'text_template', position: { x: 160, y: 360 }, data: { label: '摘要', template: '订单含税 {{tax.result}}' } },
      { id: 'end', type: 'end', position: { x: 0, y: 480 }, data: { label: '结束', output: { total: '{{tax.result}}' } } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'tax', type: 'default' },
      { id: 'e2', source: 'tax', target: 'big', type: 'default' },
      { id: 'e3', source: 'big', target: 'warn', type: 'default', sourceHandle: 'true' },
      { id: 'e4', source: 'big', target: 'note', type: 'default', sourceHandle: 'false' },
      { id: 'e5', source: 'warn', target: 'end', type: 'default' },
      { id: 'e6', source: 'note', target: 'end', type: 'default' },
    ],
    created_at: '2023-05-20T09:00:00Z',
    updated_at: '2023-05-20T09:00:00Z',
  };
}

export const DEFAULT_USERS = [{ username: 'admin', password: 'admin123' }];

export function defaultFixtures(): AmwFixtures {
  return { flows: [exampleFlow(), calculatorFlow()], users: DEFAULT_USERS.map((u) => ({ ...u })) };
}
