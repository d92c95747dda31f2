/**
 * The test server's component catalog: fifteen components in Langflow's frontend-node format (what
 * `GET /api/v1/all` returns, grouped by category), each with a real implementation the executor runs.
 * The model component is deterministic (it echoes its input) and streams its answer word by word as
 * `token` events; the code component runs its Python source with `python3` and a small shim of the
 * Langflow classes it imports.
 */
import { field, frontendNode, output } from './fields';
import { runPython } from './python';
import { dataValue, message, rowsOf, textOf, type FlowValue, type MessageValue } from './values';

export interface StoredMessage {
  id: string;
  flow_id: string;
  session_id: string;
  sender: string;
  sender_name: string;
  text: string;
  timestamp: string;
  files: string[];
  error: boolean;
  edit: boolean;
  properties: Record<string, unknown>;
  category: string;
  content_blocks: unknown[];
}

export interface RunContext {
  vertexId: string;
  displayName: string;
  flowId: string;
  sessionId: string;
  /** Creates a chat message, emits `add_message`, returns it. */
  addMessage(m: { text: string; sender: string; sender_name: string; state?: 'partial' | 'complete'; id?: string }): StoredMessage;
  /** Emits one `token` event for a streamed message. */
  token(messageId: string, chunk: string): Promise<void>;
  history(sessionId: string): StoredMessage[];
  log(outputName: string, text: string): void;
  readFile(path: string): string | undefined;
  signal: AbortSignal;
}

export interface Component {
  type: string;
  category: string;
  node: Record<string, unknown>;
  /** Values of the outputs that fired, by output name; an output left out did not fire (routers). */
  run(inputs: Record<string, unknown>, ctx: RunContext): Promise<Record<string, FlowValue>>;
}

const py = (s: string) => s.trim() + '\n';

const CHAT_INPUT_CODE = py(`
from langflow.base.io.chat import ChatComponent
from langflow.io import DropdownInput, MessageTextInput, MultilineInput, BoolInput, Output
from langflow.schema.message import Message


class ChatInput(ChatComponent):
    display_name = "Chat Input"
    description = "Get chat inputs from the Playground."
    icon = "MessagesSquare"
    name = "ChatInput"

    inputs = [
        MultilineInput(name="input_value", display_name="Text", value="", info="Message to be passed as input."),
        BoolInput(name="should_store_message", display_name="Store Messages", value=True, advanced=True),
        DropdownInput(name="sender", display_name="Sender Type", options=["Machine", "User"], value="User", advanced=True),
        MessageTextInput(name="sender_name", display_name="Sender Name", value="User", advanced=True),
        MessageTextInput(name="session_id", display_name="Session ID", advanced=True),
    ]
    outputs = [Output(display_name="Chat Message", name="message", method="message_response")]

    async def message_response(self) -> Message:
        message = await Message.create(text=self.input_value, sender=self.sender, sender_name=self.sender_name, session_id=self.session_id)
        if self.should_store_message:
            message = await self.send_message(message)
        self.status = message
        return message
`);

const GENERIC_CODE = (cls: string, body: string) =>
  py(`
from langflow.custom import Component
from langflow.io import MessageTextInput, Output
from langflow.schema.message import Message


class ${cls}(Component):
${body}
`);

function variablesOf(template: string): string[] {
  const out: string[] = [];
  // Langflow: {name} is a variable, {{ and }} are literal braces.
  for (const m of template.replace(/\{\{|\}\}/g, '').matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
    if (!out.includes(m[1]!)) out.push(m[1]!);
  }
  return out;
}

export function renderPrompt(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, name: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    return name !== undefined && name in values ? textOf(values[name]) : m;
  });
}

export { variablesOf as promptVariables };

/** The deterministic model's answer: what a test can predict exactly. */
export function modelAnswer(input: string, system: string, modelName: string): string {
  const said = input.trim() === '' ? '(nothing)' : input.trim();
  return `${system.trim() ? `[${system.trim()}] ` : ''}${modelName} heard: ${said}`;
}

function compare(a: string, b: string, operator: string, caseSensitive: boolean): boolean {
  const x = caseSensitive ? a : a.toLowerCase();
  const y = caseSensitive ? b : b.toLowerCase();
  switch (operator) {
    case 'equals':
      return x === y;
    case 'not equals':
      return x !== y;
    case 'contains':
      return x.includes(y);
    case 'starts with':
      return x.startsWith(y);
    case 'ends with':
      return x.endsWith(y);
    case 'regex':
      return new RegExp(b, caseSensitive ? '' : 'i').test(a);
    default:
      throw new Error(`Unknown operator: ${operator}`);
  }
}

/** `+ - * / % ** ( )` over numbers, nothing else: the calculator never evaluates code. */
export function calculate(expression: string): number {
  const tokens = expression.match(/\d+(?:\.\d+)?|\*\*|[-+*/%()]/g) ?? [];
  if (tokens.join('') !== expression.replace(/\s+/g, '')) throw new Error(`Invalid expression: ${expression}`);
  let i = 0;
  const peek = () => tokens[i];
  const primary = (): number => {
    const t = tokens[i++];
    if (t === '(') {
      const v = sum();
      if (tokens[i++] !== ')') throw new Error('Missing )');
      return v;
    }
    if (t === '-') return -primary();
    if (t === undefined || !/^\d/.test(t)) throw new Error(`Unexpected ${t ?? 'end'} in ${expression}`);
    return Number(t);
  };
  const power = (): number => {
    const b = primary();
    if (peek() === '**') {
      i++;
      return b ** power();
    }
    return b;
  };
  const product = (): number => {
    let v = power();
    while (peek() === '*' || peek() === '/' || peek() === '%') {
      const op = tokens[i++];
      const r = power();
      if ((op === '/' || op === '%') && r === 0) throw new Error('Division by zero');
      v = op === '*' ? v * r : op === '/' ? v / r : v % r;
    }
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (peek() === '+' || peek() === '-') v = tokens[i++] === '+' ? v + product() : v - product();
    return v;
  };
  const v = sum();
  if (i !== tokens.length) throw new Error(`Unexpected ${tokens[i]} in ${expression}`);
  return v;
}

const SENDERS = ['Machine', 'User'];

export const COMPONENTS: Component[] = [
  {
    type: 'ChatInput',
    category: 'inputs',
    node: frontendNode({
      display_name: 'Chat Input',
      description: 'Get chat inputs from the Playground.',
      icon: 'MessagesSquare',
      base_classes: ['Message'],
      field_order: ['input_value', 'should_store_message', 'sender', 'sender_name', 'session_id'],
      template: {
        code: field.code(CHAT_INPUT_CODE),
        input_value: field.multiline('input_value', { display_name: 'Text', info: 'Message to be passed as input.', input_types: [] }),
        sender: field.dropdown('sender', SENDERS, { display_name: 'Sender Type', value: 'User', advanced: true }),
        sender_name: field.messageText('sender_name', { display_name: 'Sender Name', value: 'User', advanced: true }),
        session_id: field.messageText('session_id', { display_name: 'Session ID', advanced: true, info: 'The session ID of the chat. If empty, the current session ID parameter will be used.' }),
        should_store_message: field.bool('should_store_message', { display_name: 'Store Messages', value: true, advanced: true }),
      },
      outputs: [output({ name: 'message', display_name: 'Chat Message', method: 'message_response', types: ['Message'] })],
    }),
    async run(inputs, ctx) {
      const text = textOf(inputs.input_value);
      const session = textOf(inputs.session_id) || ctx.sessionId;
      const sender = textOf(inputs.sender) || 'User';
      const senderName = textOf(inputs.sender_name) || 'User';
      if (inputs.should_store_message !== false) {
        const m = ctx.addMessage({ text, sender, sender_name: senderName });
        return { message: message(text, { sender, sender_name: senderName, session_id: session, id: m.id }) };
      }
      return { message: message(text, { sender, sender_name: senderName, session_id: session }) };
    },
  },
  {
    type: 'TextInput',
    category: 'inputs',
    node: frontendNode({
      display_name: 'Text Input',
      description: 'Get text inputs from the Playground.',
      icon: 'type',
      base_classes: ['Message'],
      field_order: ['input_value'],
      template: {
        code: field.code(GENERIC_CODE('TextInputComponent', '    display_name = "Text Input"\n    outputs = [Output(display_name="Output Text", name="text", method="text_response")]\n\n    def text_response(self) -> Message:\n        return Message(text=self.input_value)')),
        input_value: field.multiline('input_value', { display_name: 'Text', info: 'Text to be passed as input.' }),
      },
      outputs: [output({ name: 'text', display_name: 'Output Text', method: 'text_response', types: ['Message'] })],
    }),
    async run(inputs) {
      return { text: message(textOf(inputs.input_value)) };
    },
  },
  {
    type: 'ChatOutput',
    category: 'outputs',
    node: frontendNode({
      display_name: 'Chat Output',
      description: 'Display a chat message in the Playground.',
      icon: 'MessagesSquare',
      base_classes: ['Message'],
      field_order: ['input_value', 'should_store_message', 'sender', 'sender_name', 'session_id', 'data_template'],
      template: {
        code: field.code(GENERIC_CODE('ChatOutput', '    display_name = "Chat Output"\n    outputs = [Output(display_name="Output Message", name="message", method="message_response")]\n\n    async def message_response(self) -> Message:\n        message = Message(text=self.convert_to_string())\n        return await self.send_message(message)')),
        data_template: field.messageText('data_template', { display_name: 'Data Template', value: '{text}', advanced: true, info: "Template to convert Data to Text. If left empty, it will be dynamically set to the Data's text key." }),
        input_value: field.handle('input_value', ['Data', 'DataFrame', 'Message'], { display_name: 'Inputs', required: true, info: 'Message to be passed as output.' }),
        sender: field.dropdown('sender', SENDERS, { display_name: 'Sender Type', value: 'Machine', advanced: true }),
        sender_name: field.messageText('sender_name', { display_name: 'Sender Name', value: 'AI', advanced: true }),
        session_id: field.messageText('session_id', { display_name: 'Session ID', advanced: true }),
        should_store_message: field.bool('should_store_message', { display_name: 'Store Messages', value: true, advanced: true }),
      },
      outputs: [output({ name: 'message', display_name: 'Output Message', method: 'message_response', types: ['Message'] })],
    }),
    async run(inputs, ctx) {
      if (inputs.input_value === undefined || inputs.input_value === '') throw new Error('Chat Output needs an input: connect something to Inputs.');
      const text = textOf(inputs.input_value);
      const sender = textOf(inputs.sender) || 'Machine';
      const senderName = textOf(inputs.sender_name) || 'AI';
      const m = ctx.addMessage({ text, sender, sender_name: senderName });
      return { message: message(text, { sender, sender_name: senderName, session_id: ctx.sessionId, id: m.id }) };
    },
  },
  {
    type: 'TextOutput',
    category: 'outputs',
    node: frontendNode({
      display_name: 'Text Output',
      description: 'Display a text output in the Playground.',
      icon: 'type',
      base_classes: ['Message'],
      field_order: ['input_value'],
      template: {
        code: field.code(GENERIC_CODE('TextOutputComponent', '    display_name = "Text Output"\n    outputs = [Output(display_name="Output Text", name="text", method="text_response")]\n\n    def text_response(self) -> Message:\n        return Message(text=self.input_value)')),
        input_value: field.messageText('input_value', { display_name: 'Inputs', info: 'Text to be passed as output.' }),
      },
      outputs: [output({ name: 'text', display_name: 'Output Text', method: 'text_response', types: ['Message'] })],
    }),
    async run(inputs) {
      return { text: message(textOf(inputs.input_value)) };
    },
  },
  {
    type: 'Prompt',
    category: 'prompts',
    node: frontendNode({
      display_name: 'Prompt',
      description: 'Create a prompt template with dynamic variables.',
      icon: 'prompts',
      base_classes: ['Message'],
      field_order: ['template', 'tool_placeholder'],
      custom_fields: { template: [] },
      template: {
        code: field.code(GENERIC_CODE('PromptComponent', '    display_name = "Prompt"\n    outputs = [Output(display_name="Prompt", name="prompt", method="build_prompt")]\n\n    async def build_prompt(self) -> Message:\n        return Message.from_template(**self._attributes)')),
        template: field.prompt('template', { display_name: 'Template' }),
        tool_placeholder: field.messageText('tool_placeholder', { display_name: 'Tool Placeholder', advanced: true, info: 'A placeholder input for tool mode.' }),
      },
      outputs: [output({ name: 'prompt', display_name: 'Prompt', method: 'build_prompt', types: ['Message'] })],
    }),
    async run(inputs) {
      const template = textOf(inputs.template);
      const missing = variablesOf(template).filter((v) => !(v in inputs));
      if (missing.length > 0) throw new Error(`Prompt variables without a field: ${missing.join(', ')}`);
      return { prompt: message(renderPrompt(template, inputs)) };
    },
  },
  {
    type: 'DeterministicModel',
    category: 'models',
    node: frontendNode({
      display_name: 'Deterministic Model',
      description: 'A test model: answers "<model> heard: <input>" and streams it word by word.',
      icon: 'BrainCircuit',
      base_classes: ['LanguageModel', 'Message'],
      field_order: ['input_value', 'system_message', 'stream', 'model_name', 'api_key', 'temperature', 'max_tokens'],
      template: {
        api_key: field.secret('api_key', { display_name: 'API Key', info: 'Not used by the test model, masked like a real one.', advanced: true }),
        code: field.code(GENERIC_CODE('DeterministicModel', '    display_name = "Deterministic Model"\n    outputs = [\n        Output(display_name="Model Response", name="text_output", method="text_response"),\n        Output(display_name="Language Model", name="model_output", method="build_model"),\n    ]\n\n    def text_response(self) -> Message:\n        return Message(text=f"{self.model_name} heard: {self.input_value}")')),
        input_value: field.messageText('input_value', { display_name: 'Input' }),
        max_tokens: field.int('max_tokens', { display_name: 'Max Tokens', advanced: true, range_spec: { min: 0, max: 128000, step: 1, step_type: 'int' }, info: 'The maximum number of tokens to generate. Set to 0 for unlimited tokens.' }),
        model_name: field.dropdown('model_name', ['echo-small', 'echo-large'], { display_name: 'Model Name', real_time_refresh: true }),
        stream: field.bool('stream', { display_name: 'Stream', value: true, info: 'Stream the response from the model.' }),
        system_message: field.multiline('system_message', { display_name: 'System Message', info: 'System message to pass to the model.' }),
        temperature: field.slider('temperature', { display_name: 'Temperature', value: 0.1, advanced: true }),
      },
      outputs: [
        output({ name: 'text_output', display_name: 'Model Response', method: 'text_response', types: ['Message'] }),
        output({ name: 'model_output', display_name: 'Language Model', method: 'build_model', types: ['LanguageModel'] }),
      ],
    }),
    async run(inputs, ctx) {
      const modelName = textOf(inputs.model_name) || 'echo-small';
      let answer = modelAnswer(textOf(inputs.input_value), textOf(inputs.system_message), modelName);
      const max = typeof inputs.max_tokens === 'number' ? inputs.max_tokens : 0;
      const words = answer.split(/(?<= )/);
      if (max > 0 && words.length > max) answer = words.slice(0, max).join('');
      if (inputs.stream !== false) {
        const m = ctx.addMessage({ text: '', sender: 'Machine', sender_name: 'AI', state: 'partial' });
        for (const w of max > 0 ? words.slice(0, max) : words) await ctx.token(m.id, w);
      }
      ctx.log('text_output', `${answer.split(' ').length} tokens`);
      return {
        text_output: message(answer, { sender: 'Machine', sender_name: 'AI' }),
        model_output: { __type: 'LanguageModel', model_name: modelName, temperature: Number(inputs.temperature ?? 0.1) },
      };
    },
  },
  {
    type: 'PythonFunction',
    category: 'custom_component',
    node: frontendNode({
      display_name: 'Custom Component',
      description: 'Use as a template to create your own component.',
      icon: 'code',
      base_classes: ['Data'],
      field_order: ['input_value'],
      template: {
        code: field.code(
          GENERIC_CODE(
            'CustomComponent',
            '    display_name = "Custom Component"\n    description = "Use as a template to create your own component."\n    icon = "code"\n    name = "CustomComponent"\n\n    inputs = [\n        MessageTextInput(name="input_value", display_name="Input Value", value="Hello, World!"),\n    ]\n\n    outputs = [\n        Output(display_name="Output", name="output", method="build_output"),\n    ]\n\n    def build_output(self) -> Data:\n        data = Data(value=self.input_value)\n        self.status = data\n        return data',
          ).replace('from langflow.schema.message import Message', 'from langflow.schema import Data'),
        ),
        input_value: field.messageText('input_value', { display_name: 'Input Value', value: 'Hello, World!' }),
      },
      outputs: [output({ name: 'output', display_name: 'Output', method: 'build_output', types: ['Data'] })],
    }),
    async run(inputs, ctx) {
      const result = await runPython(textOf(inputs.code), inputs, ctx.signal);
      for (const line of result.logs) ctx.log('output', line);
      return result.outputs;
    },
  },
  {
    type: 'ConditionalRouter',
    category: 'logic',
    node: frontendNode({
      display_name: 'If-Else',
      description: 'Routes an input message to a corresponding output based on text comparison.',
      icon: 'split',
      base_classes: ['Message'],
      field_order: ['input_text', 'operator', 'match_text', 'case_sensitive', 'message'],
      template: {
        case_sensitive: field.bool('case_sensitive', { display_name: 'Case Sensitive', advanced: true }),
        code: field.code(GENERIC_CODE('ConditionalRouterComponent', '    display_name = "If-Else"\n    outputs = [\n        Output(display_name="True", name="true_result", method="true_response", group_outputs=True),\n        Output(display_name="False", name="false_result", method="false_response", group_outputs=True),\n    ]')),
        input_text: field.messageText('input_text', { display_name: 'Text Input', required: true, info: 'The primary text input for the operation.' }),
        match_text: field.messageText('match_text', { display_name: 'Match Text', required: true, info: 'The text input to compare against.' }),
        message: field.messageText('message', { display_name: 'Message', advanced: true, info: 'The message to pass through either route; the input text when empty.' }),
        operator: field.dropdown('operator', ['equals', 'not equals', 'contains', 'starts with', 'ends with', 'regex'], { display_name: 'Operator', real_time_refresh: true }),
      },
      outputs: [
        output({ name: 'true_result', display_name: 'True', method: 'true_response', types: ['Message'] }),
        output({ name: 'false_result', display_name: 'False', method: 'false_response', types: ['Message'] }),
      ],
    }),
    async run(inputs) {
      const text = textOf(inputs.input_text);
      const ok = compare(text, textOf(inputs.match_text), textOf(inputs.operator) || 'equals', inputs.case_sensitive === true);
      const passed = inputs.message !== undefined && inputs.message !== '' ? inputs.message : message(text);
      const out: Record<string, FlowValue> = {};
      out[ok ? 'true_result' : 'false_result'] = passed as FlowValue;
      return out;
    },
  },
  {
    type: 'CombineText',
    category: 'processing',
    node: frontendNode({
      display_name: 'Combine Text',
      description: 'Concatenate two text sources into a single text chunk using a specified delimiter.',
      icon: 'merge',
      base_classes: ['Message'],
      field_order: ['text1', 'text2', 'delimiter'],
      template: {
        code: field.code(GENERIC_CODE('CombineTextComponent', '    display_name = "Combine Text"\n    outputs = [Output(display_name="Combined Text", name="combined_text", method="combine_texts")]\n\n    def combine_texts(self) -> Message:\n        return Message(text=self.delimiter.join([self.text1, self.text2]))')),
        delimiter: field.messageText('delimiter', { display_name: 'Delimiter', value: ' ', info: 'A string used to separate the two text inputs.' }),
        text1: field.messageText('text1', { display_name: 'First Text' }),
        text2: field.messageText('text2', { display_name: 'Second Text' }),
      },
      outputs: [output({ name: 'combined_text', display_name: 'Combined Text', method: 'combine_texts', types: ['Message'] })],
    }),
    async run(inputs) {
      const delimiter = inputs.delimiter === undefined ? ' ' : textOf(inputs.delimiter);
      return { combined_text: message([textOf(inputs.text1), textOf(inputs.text2)].join(delimiter)) };
    },
  },
  {
    type: 'ParserComponent',
    category: 'processing',
    node: frontendNode({
      display_name: 'Parser',
      description: 'Format a DataFrame or Data object into text using a template.',
      icon: 'braces',
      base_classes: ['Message'],
      field_order: ['input_data', 'pattern', 'sep'],
      template: {
        code: field.code(GENERIC_CODE('ParserComponent', '    display_name = "Parser"\n    outputs = [Output(display_name="Parsed Text", name="parsed_text", method="parse_combined_text")]')),
        input_data: field.handle('input_data', ['DataFrame', 'Data'], { display_name: 'Data or DataFrame', required: true }),
        pattern: field.multiline('pattern', { display_name: 'Template', value: 'Text: {text}', required: true, info: 'Use variables within curly brackets to extract column values.' }),
        sep: field.str('sep', { display_name: 'Separator', value: '\n', advanced: true }),
      },
      outputs: [output({ name: 'parsed_text', display_name: 'Parsed Text', method: 'parse_combined_text', types: ['Message'] })],
    }),
    async run(inputs) {
      const rows = rowsOf(inputs.input_data);
      const pattern = textOf(inputs.pattern) || 'Text: {text}';
      const sep = inputs.sep === undefined ? '\n' : textOf(inputs.sep);
      return { parsed_text: message(rows.map((r) => renderPrompt(pattern, r)).join(sep)) };
    },
  },
  {
    type: 'SplitText',
    category: 'processing',
    node: frontendNode({
      display_name: 'Split Text',
      description: 'Split text into chunks based on specified criteria.',
      icon: 'scissors-line-dashed',
      base_classes: ['Data'],
      field_order: ['data_inputs', 'chunk_overlap', 'chunk_size', 'separator'],
      template: {
        chunk_overlap: field.int('chunk_overlap', { display_name: 'Chunk Overlap', value: 200 }),
        chunk_size: field.int('chunk_size', { display_name: 'Chunk Size', value: 1000 }),
        code: field.code(GENERIC_CODE('SplitTextComponent', '    display_name = "Split Text"\n    outputs = [Output(display_name="Chunks", name="chunks", method="split_text")]')),
        data_inputs: field.handle('data_inputs', ['Data', 'DataFrame', 'Message'], { display_name: 'Input Documents', required: true }),
        separator: field.messageText('separator', { display_name: 'Separator', value: '\n' }),
      },
      outputs: [output({ name: 'chunks', display_name: 'Chunks', method: 'split_text', types: ['Data'] })],
    }),
    async run(inputs) {
      const text = textOf(inputs.data_inputs);
      const size = Math.max(1, Number(inputs.chunk_size ?? 1000));
      const overlap = Math.max(0, Math.min(size - 1, Number(inputs.chunk_overlap ?? 0)));
      const sep = inputs.separator === undefined ? '\n' : textOf(inputs.separator);
      const pieces = sep ? text.split(sep) : [text];
      const chunks: string[] = [];
      let current = '';
      for (const p of pieces) {
        const next = current ? current + sep + p : p;
        if (next.length > size && current) {
          chunks.push(current);
          current = current.slice(Math.max(0, current.length - overlap)) + (overlap > 0 ? sep : '') + p;
        } else current = next;
      }
      if (current) chunks.push(current);
      return { chunks: chunks.map((c) => dataValue({ text: c })) };
    },
  },
  {
    type: 'File',
    category: 'data',
    node: frontendNode({
      display_name: 'File',
      description: 'Loads content from a file uploaded to the server.',
      icon: 'file-text',
      base_classes: ['Data'],
      field_order: ['path', 'silent_errors'],
      template: {
        code: field.code(GENERIC_CODE('FileComponent', '    display_name = "File"\n    outputs = [Output(display_name="Data", name="data", method="load_files")]')),
        path: field.file('path', ['txt', 'md', 'csv', 'json'], { display_name: 'Path', required: true, info: 'Supported file types: txt, md, csv, json' }),
        silent_errors: field.bool('silent_errors', { display_name: 'Silent Errors', advanced: true, info: 'If true, errors will not raise an exception.' }),
      },
      outputs: [output({ name: 'data', display_name: 'Data', method: 'load_files', types: ['Data'] })],
    }),
    async run(inputs, ctx) {
      const path = textOf(inputs.path);
      const content = ctx.readFile(path);
      if (content === undefined) {
        if (inputs.silent_errors === true) return { data: dataValue({ text: '', file_path: path }) };
        throw new Error(`File not found: ${path || '(no path)'}`);
      }
      return { data: dataValue({ text: content, file_path: path }) };
    },
  },
  {
    type: 'APIRequest',
    category: 'data',
    node: frontendNode({
      display_name: 'API Request',
      description: 'Make HTTP requests using URLs.',
      icon: 'Globe',
      base_classes: ['Data'],
      field_order: ['url', 'method', 'headers', 'body', 'timeout'],
      template: {
        body: field.dict('body', { display_name: 'Body', advanced: true, info: 'The body to send with the request as a dictionary (for POST, PATCH, PUT).' }),
        code: field.code(GENERIC_CODE('APIRequestComponent', '    display_name = "API Request"\n    outputs = [Output(display_name="Data", name="data", method="make_requests")]')),
        headers: field.dict('headers', { display_name: 'Headers', advanced: true, info: 'The headers to send with the request as a dictionary.' }),
        method: field.dropdown('method', ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'], { display_name: 'Method', value: 'GET', real_time_refresh: true }),
        timeout: field.int('timeout', { display_name: 'Timeout', value: 5, advanced: true, info: 'The timeout to use for the request, in seconds.' }),
        url: field.messageText('url', { display_name: 'URL', required: true, info: 'Enter the URL to request.' }),
      },
      outputs: [output({ name: 'data', display_name: 'Data', method: 'make_requests', types: ['Data'] })],
    }),
    async run(inputs, ctx) {
      const url = textOf(inputs.url);
      if (!/^https?:\/\//.test(url)) throw new Error(`Invalid URL provided: ${url || '(empty)'}`);
      const method = textOf(inputs.method) || 'GET';
      const headers = (typeof inputs.headers === 'object' && inputs.headers !== null ? inputs.headers : {}) as Record<string, string>;
      const timeout = AbortSignal.timeout(Math.max(1, Number(inputs.timeout ?? 5)) * 1000);
      const body = method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify(inputs.body ?? {});
      const res = await fetch(url, { method, headers: body ? { 'content-type': 'application/json', ...headers } : headers, body, signal: AbortSignal.any([ctx.signal, timeout]) });
      const text = await res.text();
      let result: unknown = text;
      try {
        result = JSON.parse(text);
      } catch {
        // plain text answer: kept as text
      }
      return { data: dataValue({ source: url, status_code: res.status, result, text: typeof result === 'string' ? result : JSON.stringify(result) }) };
    },
  },
  {
    type: 'Memory',
    category: 'helpers',
    node: frontendNode({
      display_name: 'Message History',
      description: 'Retrieves stored chat messages from the SkillFlaw tables.',
      icon: 'message-square-more',
      base_classes: ['Message'],
      field_order: ['n_messages', 'sender', 'sender_name', 'session_id', 'order', 'template'],
      template: {
        code: field.code(GENERIC_CODE('MemoryComponent', '    display_name = "Message History"\n    outputs = [Output(display_name="Message", name="messages_text", method="retrieve_messages_as_text")]')),
        n_messages: field.int('n_messages', { display_name: 'Number of Messages', value: 100, advanced: true }),
        order: field.dropdown('order', ['Ascending', 'Descending'], { display_name: 'Order', value: 'Ascending', advanced: true }),
        sender: field.dropdown('sender', ['Machine', 'User', 'Machine and User'], { display_name: 'Sender Type', value: 'Machine and User', advanced: true }),
        sender_name: field.messageText('sender_name', { display_name: 'Sender Name', advanced: true }),
        session_id: field.messageText('session_id', { display_name: 'Session ID', advanced: true }),
        template: field.multiline('template', { display_name: 'Template', value: '{sender_name}: {text}', advanced: true }),
      },
      outputs: [output({ name: 'messages_text', display_name: 'Message', method: 'retrieve_messages_as_text', types: ['Message'] })],
    }),
    async run(inputs, ctx) {
      const session = textOf(inputs.session_id) || ctx.sessionId;
      const sender = textOf(inputs.sender) || 'Machine and User';
      let rows = ctx.history(session).filter((m) => sender === 'Machine and User' || m.sender === sender);
      const name = textOf(inputs.sender_name);
      if (name) rows = rows.filter((m) => m.sender_name === name);
      const n = Number(inputs.n_messages ?? 100);
      rows = rows.slice(-Math.max(0, n));
      if (textOf(inputs.order) === 'Descending') rows = rows.reverse();
      const template = textOf(inputs.template) || '{sender_name}: {text}';
      return { messages_text: message(rows.map((m) => renderPrompt(template, m as unknown as Record<string, unknown>)).join('\n')) };
    },
  },
  {
    type: 'CalculatorComponent',
    category: 'helpers',
    node: frontendNode({
      display_name: 'Calculator',
      description: 'Perform basic arithmetic operations on a given expression.',
      icon: 'calculator',
      base_classes: ['Data'],
      field_order: ['expression'],
      template: {
        code: field.code(GENERIC_CODE('CalculatorComponent', '    display_name = "Calculator"\n    outputs = [Output(display_name="Data", name="result", method="evaluate_expression")]')),
        expression: field.messageText('expression', { display_name: 'Expression', info: "The arithmetic expression to evaluate (e.g., '4*4*(33/22)+12-20')." }),
      },
      outputs: [output({ name: 'result', display_name: 'Data', method: 'evaluate_expression', types: ['Data'] })],
    }),
    async run(inputs) {
      const expression = textOf(inputs.expression);
      const v = calculate(expression);
      return { result: dataValue({ result: String(v), text: String(v), expression }) };
    },
  },
];

export const COMPONENTS_BY_TYPE = new Map(COMPONENTS.map((c) => [c.type, c]));

/** `GET /api/v1/all`: `{category: {ComponentType: frontendNode}}`. */
export function allTypes(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const c of COMPONENTS) (out[c.category] ??= {})[c.type] = c.node;
  return out;
}

export type { MessageValue };
