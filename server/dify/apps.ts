/**
 * The test server's Dify apps: one API key each, as in Dify (a key belongs to one app). Each app is a small
 * program over nodes, so runs really take the path their inputs choose (the if/else app runs one branch),
 * stream LLM text in chunks, iterate, fail at a node, or run slowly enough to be stopped.
 *
 * Node ids are Dify-like opaque strings, except the start node, which Dify itself calls `start` in variable
 * selectors of newer versions; the adapter must not rely on either.
 */

export type JsonRecord = Record<string, unknown>;

/** What a node does when it runs: its outputs, streamed text, the next node, or a failure. */
export interface NodeResult {
  outputs: JsonRecord;
  /** Streamed as `text_chunk` events (`from_variable_selector: [node_id, 'text']`) while the node runs. */
  chunks?: string[];
  /** Streamed as `message` events (the chunk format the seed's framing example shows). */
  messageChunks?: string[];
  /** The node id that runs next; `undefined` ends the workflow. */
  next?: string;
  /** The node fails with this error (the workflow fails too). */
  error?: string;
  processData?: JsonRecord;
  tokens?: number;
  price?: number;
}

export interface RunContext {
  inputs: JsonRecord;
  /** Outputs of the nodes run so far, by node id. */
  outputs: Record<string, JsonRecord>;
  user: string;
  files: unknown[];
}

export interface AppNode {
  id: string;
  type: string;
  title: string;
  /** The node's `inputs` in its events: the variables it reads. */
  reads?: (ctx: RunContext) => JsonRecord;
  run: (ctx: RunContext) => NodeResult;
  /** Iteration nodes: the items, and the node run once per item (its outputs collected in `output`). */
  iterate?: { items: (ctx: RunContext) => unknown[]; body: AppNode };
  /** Milliseconds per chunk (default: the server's `chunkMs`). */
  chunkMs?: number;
}

export interface DifyApp {
  key: string;
  /** Short id used by admin endpoints and the fixtures list (`linear`, `branch`, ...). */
  slug: string;
  name: string;
  description: string;
  tags: string[];
  workflowId: string;
  version: string;
  /** The `GET /parameters` answer, exactly. */
  parameters: { user_input_form: JsonRecord[]; file_upload: JsonRecord; system_parameters: JsonRecord };
  startNode: string;
  nodes: Record<string, AppNode>;
  /** Send `tts_message` / `tts_message_end` after `workflow_finished`, as the seed's example stream does. */
  tts?: boolean;
}

const imageOff = { image: { enabled: false, number_limits: 3, detail: 'high', transfer_methods: ['remote_url', 'local_file'] } };
const systemParameters = { image_file_size_limit: '10' };

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
}

/** Splits text into word-sized chunks, like an LLM's token stream. */
export function wordsOf(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [text];
}

function start(next: string): AppNode {
  return {
    id: 'start',
    type: 'start',
    title: 'Start',
    reads: (ctx) => ({ ...ctx.inputs, 'sys.user_id': ctx.user, 'sys.files': ctx.files }),
    run: (ctx) => ({ outputs: { ...ctx.inputs, 'sys.user_id': ctx.user, 'sys.files': ctx.files }, next }),
  };
}

function end(id: string, from: (ctx: RunContext) => JsonRecord): AppNode {
  return { id, type: 'end', title: 'End', reads: from, run: (ctx) => ({ outputs: from(ctx) }) };
}

function llm(id: string, title: string, answer: (ctx: RunContext) => string, next: string, opts: { messages?: boolean; chunkMs?: number } = {}): AppNode {
  return {
    id,
    type: 'llm',
    title,
    chunkMs: opts.chunkMs,
    reads: (ctx) => ({ query: str(ctx.inputs.query ?? ctx.inputs.topic) }),
    run: (ctx) => {
      const text = answer(ctx);
      const chunks = wordsOf(text);
      return {
        outputs: { text },
        ...(opts.messages ? { messageChunks: chunks } : { chunks }),
        processData: { model_mode: 'chat', prompts: [{ role: 'user', text: str(ctx.inputs.query ?? ctx.inputs.topic) }] },
        tokens: 12 + chunks.length,
        price: 0.000_01 * (12 + chunks.length),
        next,
      };
    },
  };
}

export function builtInApps(): DifyApp[] {
  const linear: DifyApp = {
    key: 'app-linear-7f3k2m9q',
    slug: 'linear',
    name: 'Summariser',
    description: 'Start → LLM → End: summarises a query, streaming its answer.',
    tags: ['demo'],
    workflowId: 'wf-linear-3b8e',
    version: '2024-08-01 12:17:09.771832',
    parameters: {
      user_input_form: [{ paragraph: { label: 'Query', variable: 'query', required: true, default: '' } }],
      file_upload: imageOff,
      system_parameters: systemParameters,
    },
    startNode: 'start',
    tts: true,
    nodes: {
      start: start('1711527768326'),
      '1711527768326': llm('1711527768326', 'Summarise', (ctx) => `Summary of "${str(ctx.inputs.query)}": it is short and clear.`, '1711527790021'),
      '1711527790021': end('1711527790021', (ctx) => ({ text: ctx.outputs['1711527768326']?.text ?? '' })),
    },
  };

  const branch: DifyApp = {
    key: 'app-branch-q8w2n5xz',
    slug: 'branch',
    name: 'Tone router',
    description: 'If/else on the tone: only one branch runs.',
    tags: ['demo', 'branch'],
    workflowId: 'wf-branch-91ac',
    version: '2024-08-02 09:00:00.000000',
    parameters: {
      user_input_form: [
        { 'text-input': { label: 'Message', variable: 'message', required: true, default: '', max_length: 48 } },
        { select: { label: 'Tone', variable: 'tone', required: true, default: 'formal', options: ['formal', 'casual'] } },
      ],
      file_upload: imageOff,
      system_parameters: systemParameters,
    },
    startNode: 'start',
    nodes: {
      start: start('if-tone'),
      'if-tone': {
        id: 'if-tone',
        type: 'if-else',
        title: 'Formal?',
        reads: (ctx) => ({ tone: ctx.inputs.tone }),
        run: (ctx) => {
          const formal = ctx.inputs.tone === 'formal';
          return { outputs: { result: formal, selected_case_id: formal ? 'true' : 'false' }, next: formal ? 'llm-formal' : 'tpl-casual' };
        },
      },
      'llm-formal': llm('llm-formal', 'Formal reply', (ctx) => `Dear reader, regarding "${str(ctx.inputs.message)}": noted.`, 'end-branch'),
      'tpl-casual': {
        id: 'tpl-casual',
        type: 'template-transform',
        title: 'Casual reply',
        reads: (ctx) => ({ message: ctx.inputs.message }),
        run: (ctx) => ({ outputs: { output: `hey! ${str(ctx.inputs.message)} :)` }, next: 'end-branch' }),
      },
      'end-branch': end('end-branch', (ctx) => ({ reply: ctx.outputs['llm-formal']?.text ?? ctx.outputs['tpl-casual']?.output ?? '' })),
    },
  };

  const iterationBody: AppNode = {
    id: 'iter-upper',
    type: 'template-transform',
    title: 'Shout item',
    reads: (ctx) => ({ item: ctx.inputs['#item'] }),
    run: (ctx) => ({ outputs: { output: str(ctx.inputs['#item']).toUpperCase() } }),
  };
  const iteration: DifyApp = {
    key: 'app-iterate-h4j6k8lp',
    slug: 'iteration',
    name: 'List shouter',
    description: 'Splits a comma-separated list and iterates over it.',
    tags: ['demo', 'iteration'],
    workflowId: 'wf-iter-55d0',
    version: '2024-08-03 10:00:00.000000',
    parameters: {
      user_input_form: [{ 'text-input': { label: 'Items (comma separated)', variable: 'items', required: true, default: 'a,b,c' } }],
      file_upload: imageOff,
      system_parameters: systemParameters,
    },
    startNode: 'start',
    nodes: {
      start: start('code-split'),
      'code-split': {
        id: 'code-split',
        type: 'code',
        title: 'Split',
        reads: (ctx) => ({ items: ctx.inputs.items }),
        run: (ctx) => ({
          outputs: { result: str(ctx.inputs.items).split(',').map((s) => s.trim()).filter(Boolean) },
          next: 'iter-each',
        }),
      },
      'iter-each': {
        id: 'iter-each',
        type: 'iteration',
        title: 'For each item',
        reads: (ctx) => ({ iterator_selector: ctx.outputs['code-split']?.result }),
        iterate: { items: (ctx) => (ctx.outputs['code-split']?.result as unknown[]) ?? [], body: iterationBody },
        run: () => ({ outputs: {}, next: 'end-iter' }),
      },
      'end-iter': end('end-iter', (ctx) => ({ output: ctx.outputs['iter-each']?.output ?? [] })),
    },
  };

  const failing: DifyApp = {
    key: 'app-failing-z1x2c3v4',
    slug: 'failing',
    name: 'Weather lookup (fails)',
    description: 'Its HTTP request node fails: the run fails at that node.',
    tags: ['demo', 'error'],
    workflowId: 'wf-fail-0e1f',
    version: '2024-08-04 11:00:00.000000',
    parameters: {
      user_input_form: [{ 'text-input': { label: 'City', variable: 'city', required: false, default: 'Berlin' } }],
      file_upload: imageOff,
      system_parameters: systemParameters,
    },
    startNode: 'start',
    nodes: {
      start: start('http-weather'),
      'http-weather': {
        id: 'http-weather',
        type: 'http-request',
        title: 'Fetch weather',
        reads: (ctx) => ({ city: ctx.inputs.city ?? 'Berlin' }),
        run: () => ({ outputs: {}, error: 'Reached maximum retries (3) for URL http://weather.invalid/v1/now', next: 'end-fail' }),
      },
      'end-fail': end('end-fail', () => ({})),
    },
  };

  const slow: DifyApp = {
    key: 'app-slow-m5n6b7v8',
    slug: 'slow',
    name: 'Slow storyteller',
    description: 'A long streamed answer (one chunk every few hundred ms): stop it.',
    tags: ['demo', 'slow'],
    workflowId: 'wf-slow-7a7a',
    version: '2024-08-05 12:00:00.000000',
    parameters: {
      user_input_form: [{ 'text-input': { label: 'Topic', variable: 'topic', required: false, default: 'a lighthouse' } }],
      file_upload: imageOff,
      system_parameters: systemParameters,
    },
    startNode: 'start',
    nodes: {
      start: start('llm-story'),
      'llm-story': llm(
        'llm-story',
        'Tell a story',
        (ctx) => `Once upon a time there was ${str(ctx.inputs.topic || 'a lighthouse')}. ${'It waited, and the sea kept talking. '.repeat(12)}The end.`,
        'end-slow',
        { messages: true, chunkMs: 250 },
      ),
      'end-slow': end('end-slow', (ctx) => ({ story: ctx.outputs['llm-story']?.text ?? '' })),
    },
  };

  const everyInput: DifyApp = {
    key: 'app-inputs-r9t8y7u6',
    slug: 'every-input',
    name: 'Every input type',
    description: 'Text, paragraph, select, number, a file, a file list and image upload: echoes what it got.',
    tags: ['demo', 'forms'],
    workflowId: 'wf-inputs-c0de',
    version: '2024-08-06 13:00:00.000000',
    parameters: {
      user_input_form: [
        { 'text-input': { label: 'Name', variable: 'name', required: true, default: '', max_length: 32 } },
        { paragraph: { label: 'Notes', variable: 'notes', required: false, default: '' } },
        { select: { label: 'Size', variable: 'size', required: true, default: 'M', options: ['S', 'M', 'L'] } },
        { number: { label: 'Count', variable: 'count', required: false, default: '' } },
        {
          file: {
            label: 'Document',
            variable: 'doc',
            required: false,
            allowed_file_types: ['document', 'image'],
            allowed_file_extensions: ['.txt', '.pdf', '.png'],
            allowed_file_upload_methods: ['local_file', 'remote_url'],
          },
        },
        {
          'file-list': {
            label: 'Attachments',
            variable: 'attachments',
            required: false,
            max_length: 2,
            allowed_file_types: ['image', 'document'],
            allowed_file_upload_methods: ['local_file', 'remote_url'],
          },
        },
      ],
      file_upload: { image: { enabled: true, number_limits: 2, detail: 'high', transfer_methods: ['remote_url', 'local_file'] } },
      system_parameters: { image_file_size_limit: '1' },
    },
    startNode: 'start',
    nodes: {
      start: start('code-echo'),
      'code-echo': {
        id: 'code-echo',
        type: 'code',
        title: 'Echo',
        reads: (ctx) => ({ ...ctx.inputs }),
        run: (ctx) => ({ outputs: { echo: { ...ctx.inputs }, files: ctx.files }, next: 'end-echo' }),
      },
      'end-echo': end('end-echo', (ctx) => ({ echo: ctx.outputs['code-echo']?.echo ?? {} })),
    },
  };

  return [linear, branch, iteration, failing, slow, everyInput];
}
