/**
 * The default data set: nested folders and workflows covering if/else/endif, nested loops, disabled steps,
 * unknown extra fields on workflows, steps and parameters, tags, favourites, a local HTTP call, a failing
 * workflow and a long-running one. Everything is plain JSON so tests can deep-compare.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface FolderRecord {
  id: string;
  name: string;
  parentId: string | null;
  order: number;
  createdAt: number;
  modifiedAt: number;
}

export interface VflowFixtures {
  folders: FolderRecord[];
  /** Workflow documents exactly as the detail endpoint returns them (unknown fields included). */
  workflows: JsonObject[];
}

const T0 = 1704067200000;

function p(type: string, value: Json): JsonObject {
  return { type, value };
}

function step(id: string, moduleId: string, indentationLevel: number, parameters: JsonObject = {}, extra: JsonObject = {}): JsonObject {
  return { id, moduleId, indentationLevel, parameters, ...extra };
}

export function defaultFixtures(): VflowFixtures {
  const folders: FolderRecord[] = [
    { id: 'folder-001', name: 'My Workflows', parentId: null, order: 0, createdAt: T0, modifiedAt: T0 },
    { id: 'folder-002', name: 'Automation', parentId: 'folder-001', order: 0, createdAt: T0, modifiedAt: T0 },
    { id: 'folder-004', name: 'Nightly', parentId: 'folder-002', order: 0, createdAt: T0 + 1000, modifiedAt: T0 + 1000 },
    { id: 'folder-003', name: 'Experiments', parentId: null, order: 1, createdAt: T0, modifiedAt: T0 },
  ];

  const workflows: JsonObject[] = [
    // The document's own example, verbatim.
    {
      id: '550e8400-e29b-41d4-a716-446655440000',
      name: 'Auto Reply WeChat',
      description: 'Automatically reply to WeChat messages',
      isEnabled: true,
      isFavorite: true,
      folderId: 'folder-001',
      order: 0,
      steps: [
        step('step-001', 'trigger_notification', 0, { packageName: p('string', 'com.tencent.mm'), titleContains: p('string', ''), contentContains: p('string', '') }),
        step('step-002', 'if_condition', 0, { condition: p('string', '{{step-001.content}} contains "hello"') }),
        step('step-003', 'http_request', 1, { url: p('string', 'https://api.example.com/reply'), method: p('string', 'POST'), body: p('string', '{{step-001.content}}') }),
        step('step-004', 'endif', 0, {}),
      ],
      triggerConfig: { type: 'notification_received', packageName: 'com.tencent.mm' },
      modifiedAt: T0,
      version: '1.2.0',
      maxExecutionTime: 60,
      metadata: {
        author: 'vFlow User',
        homepage: 'https://vflow.app/workflows/auto-reply-wechat',
        vFlowLevel: 2,
        tags: ['social', 'automation'],
        description: 'Automatically reply to WeChat messages',
      },
    },
    {
      id: 'wf-002',
      name: 'Greeting Check',
      description: 'Sets a variable and branches on it with if / else / endif',
      isEnabled: true,
      isFavorite: false,
      folderId: 'folder-002',
      order: 0,
      steps: [
        step('step-001', 'trigger_manual', 0),
        step('step-002', 'set_variable', 0, { name: p('string', 'greeting'), value: p('string', 'hello world') }),
        step('step-003', 'if_condition', 0, { condition: p('string', '{{greeting}} contains "hello"') }),
        step('step-004', 'log', 1, { message: p('string', 'Greeting found: {{greeting}}'), level: p('string', 'info') }),
        step('step-005', 'text_case', 1, { text: p('string', '{{greeting}}'), mode: p('string', 'upper') }),
        step('step-006', 'else', 0),
        step('step-007', 'log', 1, { message: p('string', 'No greeting'), level: p('string', 'warning') }),
        step('step-008', 'endif', 0),
        step('step-009', 'text_format', 0, { template: p('string', 'Done: {{step-005.result}}') }),
      ],
      triggerConfig: { type: 'manual' },
      modifiedAt: T0 + 10_000,
      version: '1.0.0',
      maxExecutionTime: 60,
      metadata: { author: 'vFlow User', vFlowLevel: 1, tags: ['demo', 'logic'], description: 'Sets a variable and branches on it with if / else / endif' },
    },
    {
      id: 'wf-003',
      name: 'Nested Loops',
      description: 'Counts with a loop inside a loop and a condition inside',
      isEnabled: true,
      isFavorite: true,
      folderId: 'folder-002',
      order: 1,
      steps: [
        step('step-001', 'trigger_manual', 0),
        step('step-002', 'set_variable', 0, { name: p('string', 'counter'), value: p('number', 0) }),
        step('step-003', 'loop', 0, { count: p('number', 2) }),
        step('step-004', 'loop', 1, { count: p('number', 3) }),
        step('step-005', 'calculate', 2, { operand1: p('string', '{{counter}}'), operator: p('string', '+'), operand2: p('number', 1) }),
        step('step-006', 'set_variable', 2, { name: p('string', 'counter'), value: p('string', '{{step-005.result}}') }),
        step('step-007', 'if_condition', 2, { condition: p('string', '{{step-004.index}} == 2') }),
        step('step-008', 'log', 3, { message: p('string', 'Inner loop done, outer index {{step-003.index}}'), level: p('string', 'info') }),
        step('step-009', 'endif', 2),
        step('step-010', 'endloop', 1),
        step('step-011', 'endloop', 0),
        step('step-012', 'log', 0, { message: p('string', 'Counter is {{counter}}'), level: p('string', 'info') }),
      ],
      triggerConfig: { type: 'manual' },
      modifiedAt: T0 + 20_000,
      version: '2.0.1',
      maxExecutionTime: 120,
      metadata: { author: 'vFlow User', vFlowLevel: 2, tags: ['demo', 'loops'], description: 'Counts with a loop inside a loop and a condition inside' },
    },
    {
      id: 'wf-004',
      name: 'Disabled Steps',
      description: 'Some steps and a whole block are switched off',
      isEnabled: true,
      isFavorite: false,
      folderId: 'folder-004',
      order: 0,
      steps: [
        step('step-001', 'trigger_manual', 0),
        step('step-002', 'log', 0, { message: p('string', 'runs'), level: p('string', 'info') }),
        step('step-003', 'log', 0, { message: p('string', 'skipped'), level: p('string', 'info') }, { isEnabled: false }),
        step('step-004', 'if_condition', 0, { condition: p('string', 'true') }, { isEnabled: false }),
        step('step-005', 'log', 1, { message: p('string', 'inside a disabled block'), level: p('string', 'info') }),
        step('step-006', 'endif', 0),
        step('step-007', 'delay', 0, { duration: p('number', 10) }, { isEnabled: true }),
      ],
      triggerConfig: { type: 'manual' },
      modifiedAt: T0 + 30_000,
      version: '1.0.0',
      maxExecutionTime: 60,
      metadata: { author: 'vFlow User', tags: ['nightly'] },
    },
    // Fields the document does not list, on the workflow, on steps and inside parameters: kept by the adapter.
    {
      id: 'wf-005',
      name: 'Unknown Fields',
      description: 'Carries fields a newer vFlow might add',
      isEnabled: false,
      isFavorite: false,
      folderId: null,
      order: 2,
      steps: [
        step('step-001', 'trigger_manual', 0, {}, { comment: 'entry point', uiState: { collapsed: false, color: '#22aa88' } }),
        step(
          'step-002',
          'http_request',
          0,
          {
            url: { type: 'string', value: 'http://127.0.0.1:{{server_port}}/api/v1/system/health', isMagic: true },
            method: p('string', 'GET'),
            headers: p('dictionary', { Accept: 'application/json' }),
            timeout: p('number', 5),
          },
          { retryPolicy: { maxRetries: 2, backoffMs: 500 }, comment: null },
        ),
        step('step-003', 'shell_command', 0, { command: p('string', 'echo hi') }, { requiresShizuku: true }),
      ],
      triggerConfig: { type: 'manual', extraTriggerOption: 'x' },
      modifiedAt: T0 + 40_000,
      version: '0.9.0-beta',
      maxExecutionTime: 30,
      metadata: { author: 'someone', vFlowLevel: 3, tags: [], homepage: null, license: 'MIT' },
      color: '#ff8800',
      runCount: 12,
      schemaHints: { editorVersion: 7, experimental: ['a', 'b'] },
    },
    {
      id: 'wf-006',
      name: 'Local Health Probe',
      description: 'Calls this server over HTTP and branches on the status code',
      isEnabled: true,
      isFavorite: false,
      folderId: 'folder-004',
      order: 1,
      steps: [
        step('step-001', 'trigger_manual', 0),
        step('step-002', 'http_request', 0, {
          url: p('string', 'http://127.0.0.1:{{server_port}}/api/v1/system/health'),
          method: p('string', 'GET'),
          timeout: p('number', 5),
        }),
        step('step-003', 'if_condition', 0, { condition: p('string', '{{step-002.statusCode}} == 200') }),
        step('step-004', 'log', 1, { message: p('string', 'healthy: {{step-002.body}}'), level: p('string', 'info') }),
        step('step-005', 'else', 0),
        step('step-006', 'log', 1, { message: p('string', 'unhealthy {{step-002.statusCode}}'), level: p('string', 'error') }),
        step('step-007', 'endif', 0),
      ],
      triggerConfig: { type: 'manual' },
      modifiedAt: T0 + 50_000,
      version: '1.0.0',
      maxExecutionTime: 60,
      metadata: { author: 'vFlow User', vFlowLevel: 1, tags: ['network', 'nightly'], description: 'Calls this server over HTTP and branches on the status code' },
    },
    {
      id: 'wf-007',
      name: 'Always Fails',
      description: 'Throws an error after a short delay',
      isEnabled: true,
      isFavorite: false,
      folderId: 'folder-003',
      order: 0,
      steps: [
        step('step-001', 'trigger_manual', 0),
        step('step-002', 'delay', 0, { duration: p('number', 20) }),
        step('step-003', 'throw_error', 0, { message: p('string', 'Something went wrong') }),
        step('step-004', 'log', 0, { message: p('string', 'never reached'), level: p('string', 'info') }),
      ],
      triggerConfig: { type: 'manual' },
      modifiedAt: T0 + 60_000,
      version: '1.0.0',
      maxExecutionTime: 60,
      metadata: { author: 'vFlow User', tags: ['test'] },
    },
    {
      id: 'wf-008',
      name: 'Long Runner',
      description: 'Loops for a long time; used to test stop and timeouts',
      isEnabled: true,
      isFavorite: false,
      folderId: 'folder-003',
      order: 1,
      steps: [
        step('step-001', 'trigger_manual', 0),
        step('step-002', 'loop', 0, { count: p('number', 1000) }),
        step('step-003', 'delay', 1, { duration: p('number', 100) }),
        step('step-004', 'endloop', 0),
      ],
      triggerConfig: { type: 'manual' },
      modifiedAt: T0 + 70_000,
      version: '1.0.0',
      maxExecutionTime: 600,
      metadata: { author: 'vFlow User', tags: ['test'] },
    },
  ];
  return { folders, workflows };
}
